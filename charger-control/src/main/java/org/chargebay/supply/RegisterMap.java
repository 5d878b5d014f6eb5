package org.chargebay.supply;

/**
 * A supply model as data: the registers the generic driver needs and the model's limits.
 * Addresses and scales cite the vendor documentation in the model's constant.
 *
 * @param modelIdLow inclusive lower bound of the model-id register values for this model
 * @param modelIdHigh inclusive upper bound
 * @param readBlockStart first register of the one block read per poll
 * @param readBlockLength registers in that block (stock Riden firmware: at most 20 per read)
 */
public record RegisterMap(
    String model,
    int modelIdLow,
    int modelIdHigh,
    Register modelId,
    Register setVoltage,
    Register setCurrent,
    Register outVoltage,
    Register outCurrent,
    Register outPower,
    Register inputVoltage,
    Register protection,
    Register constantCurrent,
    Register output,
    Register ovp,
    Register ocp,
    int readBlockStart,
    int readBlockLength,
    SupplyCapabilities capabilities) {

  public RegisterMap {
    for (Register r :
        new Register[] {
          modelId, setVoltage, setCurrent, outVoltage, outCurrent, outPower, inputVoltage,
          protection, constantCurrent, output
        }) {
      if (r.address() < readBlockStart
          || r.address() + r.width() > readBlockStart + readBlockLength) {
        throw new IllegalArgumentException(
            model + ": register " + r.name() + " lies outside the poll block");
      }
    }
  }

  public boolean matches(int id) {
    return id >= modelIdLow && id <= modelIdHigh;
  }
}
