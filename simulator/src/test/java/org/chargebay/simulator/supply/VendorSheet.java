package org.chargebay.simulator.supply;

/**
 * What the vendor documentation says about one model, typed in again here from {@code
 * fixtures/supplies/REGISTERS.md} (A1 Riden, A2 RuiDeng DPS/DPH, A3 XY) and deliberately not taken
 * from {@link EmulatedModel} or from chargebay's driver tables: the emulator tests compare the
 * emulator against this sheet, so a scale typed wrongly in the emulator cannot be mirrored by the
 * test.
 *
 * <p>Addresses are 0-based holding registers (FC03 read, FC06/FC16 write). Scales are raw counts
 * per engineering unit (raw = value x scale).
 *
 * @param idMin lowest documented value of the model id register
 * @param idMax highest documented value of the model id register (idMin..idMax)
 * @param powerWords 2 = a u32 over two registers, high word first (Riden); 1 = a u16
 * @param maxRead the most registers one FC03 may ask for, as documented
 */
record VendorSheet(
    String family,
    int idRegister,
    int idMin,
    int idMax,
    int vSet,
    int iSet,
    int vOut,
    int iOut,
    int power,
    int powerWords,
    int vIn,
    int protect,
    int cvCc,
    int onOff,
    int ovp,
    int ocp,
    int voltsScale,
    int ampsScale,
    int wattsScale,
    int maxRead) {

  /**
   * Riden RD60xx (REGISTERS.md A1): V_SET 8 ... output 18, M0 OVP/OCP 82/83; reads of at most 20.
   */
  private static VendorSheet riden(int idMin, int idMax, int v, int a, int w) {
    return new VendorSheet(
        "RIDEN", 0, idMin, idMax, 8, 9, 10, 11, 12, 2, 14, 16, 17, 18, 82, 83, v, a, w, 20);
  }

  /**
   * RuiDeng DPS/DPH (REGISTERS.md A2): U-SET 0x00 ... ONOFF 0x09, MODEL 0x0B, S-OVP/S-OCP
   * 0x52/0x53.
   */
  private static VendorSheet ruideng(int id, int a) {
    return new VendorSheet(
        "RUIDENG", 0x0B, id, id, 0x00, 0x01, 0x02, 0x03, 0x04, 1, 0x05, 0x07, 0x08, 0x09, 0x52,
        0x53, 100, a, 100, 32);
  }

  /**
   * XY (REGISTERS.md A3): V-SET 0x00 ... PROTECT 0x10, CV/CC 0x11, ONOFF 0x12, MODEL 0x16,
   * S-OVP/S-OCP 0x53/0x54.
   */
  private static VendorSheet xy(int idMin, int idMax, int a) {
    // POWER x10 per the XY6020L PDF (libraries disagree); no documented per-request limit
    return new VendorSheet(
        "XY",
        0x16,
        idMin,
        idMax,
        0x00,
        0x01,
        0x02,
        0x03,
        0x04,
        1,
        0x05,
        0x10,
        0x11,
        0x12,
        0x53,
        0x54,
        100,
        a,
        10,
        Integer.MAX_VALUE);
  }

  static VendorSheet of(EmulatedModel m) {
    return switch (m) {
      case RD6006 -> riden(60060, 60064, 100, 1000, 100);
      case RD6006P -> riden(60065, 60065, 1000, 10000, 1000);
      case RD6012 -> riden(60120, 60124, 100, 100, 100);
      // 12 A range (register 20 = 1) here; the 6 A range is x10000, tested separately
      case RD6012P -> riden(60125, 60129, 1000, 1000, 1000);
      case RD6018 -> riden(60180, 60189, 100, 100, 100);
      case RD6024 -> riden(60241, 60249, 100, 100, 100);
      case RD6030 -> riden(60301, 60301, 100, 100, 100);
      case DPS3005 -> ruideng(3005, 1000);
      case DPS5005 -> ruideng(5005, 1000);
      case DPS5015 -> ruideng(5015, 100);
      case DPS5020 -> ruideng(5020, 100);
      case DPS8005 -> ruideng(8005, 1000);
      case DPH5005 -> ruideng(5205, 1000);
      case XY6020L -> xy(0x6100, 0x6100, 100);
      // no public model id for the XY-SK120: any value but the XY6020L's
      case XY_SK120 -> xy(0, 0xFFFF, 1000);
    };
  }

  /** The model number printed on the unit, from its name (RD6018 -> 6018); 0 if none. */
  static int modelNumber(EmulatedModel m) {
    String digits = m.name().replaceAll("\\D", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
