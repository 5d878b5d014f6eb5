package org.chargebay.supply;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A supply model as data: the registers the generic {@link ModbusSupplyDriver} needs, how to talk
 * to the unit, and the model's limits. Addresses and scales cite the vendor documentation in the
 * model's constant ({@link Rd60xxModels}, {@link DpsModels}, {@link XyModels}).
 *
 * @param family "RD60xx", "DPS" or "XY": the id register and detection rules are per family
 * @param modelId the register that identifies the model
 * @param modelIdLow inclusive lower bound of the model-id values for this model
 * @param modelIdHigh inclusive upper bound
 * @param autodetect false where the id alone does not pin down the scaling (XY series): the model
 *     must then be configured explicitly
 * @param inputVoltage null where the unit does not report it
 * @param ovp the supply's own over-voltage threshold (null: the model has none)
 * @param ocp the supply's own over-current threshold (null: the model has none)
 * @param temperature internal temperature, in °C x 10^scale (null: not reported)
 * @param currentRange a register that switches the current scale (RD6012P), or null
 * @param readBlockStart first register of the one block read per poll
 * @param readBlockLength registers in that block (at most {@link BusTiming#maxReadRegisters()})
 * @param protectionCodes names of the protection register's values, index = code ("none" at 0)
 * @param writeFunction FC06 for single registers, or FC16 for everything (DPS, after esphome-dps
 *     and sigrok)
 */
public record RegisterMap(
    String model,
    String family,
    Register modelId,
    int modelIdLow,
    int modelIdHigh,
    boolean autodetect,
    Register setVoltage,
    Register setCurrent,
    Register outVoltage,
    Register outCurrent,
    Register outPower,
    @Nullable Register inputVoltage,
    Register protection,
    Register constantCurrent,
    Register output,
    @Nullable Register ovp,
    @Nullable Register ocp,
    @Nullable Register temperature,
    @Nullable CurrentRange currentRange,
    int readBlockStart,
    int readBlockLength,
    List<String> protectionCodes,
    WriteFunction writeFunction,
    BusTiming timing,
    SupplyCapabilities capabilities) {

  /** How single registers are written. */
  public enum WriteFunction {
    FC06_SINGLE,
    FC16_ALWAYS
  }

  /**
   * A register whose value selects the current scale (RD6012P register 20: 0 = 6 A range with I
   * x10000, 1 = 12 A range with I x1000; ShayBox/Riden PR #8, riden-dongle PR #73).
   *
   * @param scalePow10ByValue the current registers' scale for selector value = index
   * @param maxMilliampsByValue the current limit in that range
   */
  public record CurrentRange(
      Register selector, List<Integer> scalePow10ByValue, List<Integer> maxMilliampsByValue) {
    public CurrentRange {
      scalePow10ByValue = List.copyOf(scalePow10ByValue);
      maxMilliampsByValue = List.copyOf(maxMilliampsByValue);
      if (scalePow10ByValue.size() != maxMilliampsByValue.size()) {
        throw new IllegalArgumentException("one scale and one limit per range value");
      }
    }

    public boolean knows(int value) {
      return value >= 0 && value < scalePow10ByValue.size();
    }
  }

  public RegisterMap {
    protectionCodes = List.copyOf(protectionCodes);
    if (readBlockLength > timing.maxReadRegisters()) {
      throw new IllegalArgumentException(
          model
              + ": poll block of "
              + readBlockLength
              + " registers exceeds the model's "
              + timing.maxReadRegisters()
              + " per read");
    }
    for (Register r :
        new Register[] {
          setVoltage,
          setCurrent,
          outVoltage,
          outCurrent,
          outPower,
          inputVoltage,
          protection,
          constantCurrent,
          output,
          temperature,
          currentRange == null ? null : currentRange.selector()
        }) {
      if (r != null
          && (r.address() < readBlockStart
              || r.address() + r.width() > readBlockStart + readBlockLength)) {
        throw new IllegalArgumentException(
            model + ": register " + r.name() + " lies outside the poll block");
      }
    }
    if ((ovp == null) != (ocp == null)) {
      throw new IllegalArgumentException(model + ": OVP and OCP come as a pair");
    }
    if ((ovp != null) != capabilities.hasHardwareProtection()) {
      throw new IllegalArgumentException(
          model + ": capabilities must say whether OVP/OCP registers exist");
    }
  }

  /** True if {@code id} (the value of {@link #modelId()}) belongs to this model. */
  public boolean matches(int id) {
    return id >= modelIdLow && id <= modelIdHigh;
  }

  /** True if the model id register lies in the poll block (then every poll re-checks it). */
  public boolean modelIdInBlock() {
    return modelId.address() >= readBlockStart
        && modelId.address() < readBlockStart + readBlockLength;
  }

  /** The name of a protection code, e.g. "OVP"; "code N" if unknown. */
  public String protectionName(int code) {
    return code >= 0 && code < protectionCodes.size() ? protectionCodes.get(code) : "code " + code;
  }
}
