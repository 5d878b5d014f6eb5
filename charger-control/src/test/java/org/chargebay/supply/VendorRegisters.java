package org.chargebay.supply;

import java.util.List;

/**
 * Where each model keeps its id, set values and output switch, and how it scales them, as the
 * register documentation states it (fixtures REGISTERS.md A1-A3). The interop tests check raw
 * registers through a third-party Modbus stack against this table, which is written apart from the
 * driver's ({@link Rd60xxModels}, {@link DpsModels}, {@link XyModels}) and the emulators' ({@code
 * EmulatedModel}), so that a scale copied wrongly into one of those is caught.
 *
 * @param spec the model name, with {@code @6A} or {@code @12A} for the RD6012P's current range
 * @param baud the unit's default serial speed
 * @param idLow lowest documented model id (inclusive)
 * @param idHigh highest documented model id (inclusive)
 * @param rangeRegister the current-range register (RD6012P: 20), or -1
 * @param rangeValue the value selecting this spec's range
 * @param maxRead registers one read may ask for (Riden stock firmware: 20)
 */
record VendorRegisters(
    String spec,
    String family,
    int baud,
    int idRegister,
    int idLow,
    int idHigh,
    int vSet,
    int iSet,
    int output,
    int rangeRegister,
    int rangeValue,
    int countsPerVolt,
    int countsPerAmp,
    int maxRead) {

  static final String RIDEN = "riden";
  static final String RUIDENG = "ruideng";
  static final String XY = "xy";

  /** Every register-map model, the RD6012P once per current range. */
  static final List<VendorRegisters> ALL =
      List.of(
          riden("RD6006", 60060, 60064, 100, 1000, -1),
          riden("RD6006P", 60065, 60065, 1000, 10000, -1),
          riden("RD6012", 60120, 60124, 100, 100, -1),
          riden("RD6012P@6A", 60125, 60129, 1000, 10000, 0),
          riden("RD6012P@12A", 60125, 60129, 1000, 1000, 1),
          riden("RD6018", 60180, 60189, 100, 100, -1),
          riden("RD6024", 60241, 60249, 100, 100, -1),
          riden("RD6030", 60301, 60301, 100, 100, -1),
          ruideng("DPS3005", 3005, 1000),
          ruideng("DPS5005", 5005, 1000),
          ruideng("DPS5015", 5015, 100),
          ruideng("DPS5020", 5020, 100),
          ruideng("DPS8005", 8005, 1000),
          ruideng("DPH5005", 5205, 1000),
          xy("XY6020L", 0x6100, 0x6100, 100),
          xy("XY-SK120", 0, 0xFFFF, 1000)); // no XY-SK120 id is public

  static VendorRegisters of(String spec) {
    return ALL.stream()
        .filter(r -> r.spec.equals(spec))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no register table for " + spec));
  }

  /** The model name without the range suffix, as the driver reports it. */
  String model() {
    int at = spec.indexOf('@');
    return at < 0 ? spec : spec.substring(0, at);
  }

  /** Raw counts of {@code volts} on the voltage registers. */
  int volts(double volts) {
    return (int) Math.round(volts * countsPerVolt);
  }

  /** Raw counts of {@code amps} on the current registers. */
  int amps(double amps) {
    return (int) Math.round(amps * countsPerAmp);
  }

  /** Registers from 0 up to the id, set values and output switch, within one read. */
  int blockLength() {
    return Math.max(idRegister, Math.max(iSet, output)) + 1;
  }

  /**
   * RD60xx: id 0, V_SET 8, I_SET 9, output 18, V_IN always x100, 115200 baud, at most 20 registers
   * per read.
   */
  private static VendorRegisters riden(
      String spec, int idLow, int idHigh, int volts, int amps, int range) {
    return new VendorRegisters(
        spec,
        RIDEN,
        115_200,
        0,
        idLow,
        idHigh,
        8,
        9,
        18,
        range < 0 ? -1 : 20,
        range,
        volts,
        amps,
        20);
  }

  /** DPS/DPH: MODEL 0x0B, U-SET 0x00, I-SET 0x01, ONOFF 0x09, U x100, 9600 baud, 32 per read. */
  private static VendorRegisters ruideng(String spec, int id, int amps) {
    return new VendorRegisters(spec, RUIDENG, 9600, 0x0B, id, id, 0, 1, 9, -1, -1, 100, amps, 32);
  }

  /** XY: MODEL 0x16, V-SET 0x00, I-SET 0x01, ONOFF 0x12, V x100, 115200 baud. */
  private static VendorRegisters xy(String spec, int idLow, int idHigh, int amps) {
    return new VendorRegisters(
        spec, XY, 115_200, 0x16, idLow, idHigh, 0, 1, 0x12, -1, -1, 100, amps, 32);
  }
}
