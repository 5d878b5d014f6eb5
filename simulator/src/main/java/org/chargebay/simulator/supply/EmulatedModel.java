package org.chargebay.simulator.supply;

/**
 * The supply models the emulators can be, with each model's identity and scaling as the vendor
 * documentation states it. This table is the emulator's own (it is deliberately not shared with
 * chargebay's driver tables, so that a scaling bug in one is not mirrored by the other).
 *
 * <p>Sources. Riden: Baldanos/rd6006 registers.md, ShayBox/Riden register.py, riden-dongle
 * riden_modbus_registers.h and PR #73 (RD6012P range). RuiDeng: "DPS5005 CNC Communication Protocol
 * V1.2" and its DPS5015/5020/8005 variants; DPH5005 reports 5205. XY: XY6020L Modbus interface PDF
 * (tinkering4fun), csvke/XY-SK120-Modbus-RTU-TTL.
 *
 * @param volts raw counts per volt on the voltage registers
 * @param amps raw counts per amp on the current registers (RD6012P: the 12 A range)
 * @param watts raw counts per watt on the power register(s)
 */
public enum EmulatedModel {
  RD6006(Family.RIDEN, 60062, 100, 1000, 100, 60, 6),
  RD6006P(Family.RIDEN, 60065, 1000, 10000, 1000, 60, 6),
  RD6012(Family.RIDEN, 60121, 100, 100, 100, 60, 12),
  /** Current counts per amp: 10000 in the 6 A range (register 20 = 0), 1000 in the 12 A range. */
  RD6012P(Family.RIDEN, 60125, 1000, 1000, 1000, 60, 12),
  RD6018(Family.RIDEN, 60181, 100, 100, 100, 60, 18),
  RD6024(Family.RIDEN, 60241, 100, 100, 100, 60, 24),
  RD6030(Family.RIDEN, 60301, 100, 100, 100, 60, 30),
  DPS3005(Family.RUIDENG, 3005, 100, 1000, 100, 30, 5),
  DPS5005(Family.RUIDENG, 5005, 100, 1000, 100, 50, 5),
  DPS5015(Family.RUIDENG, 5015, 100, 100, 100, 50, 15),
  DPS5020(Family.RUIDENG, 5020, 100, 100, 100, 50, 20),
  DPS8005(Family.RUIDENG, 8005, 100, 1000, 100, 80, 5),
  DPH5005(Family.RUIDENG, 5205, 100, 1000, 100, 50, 5),
  XY6020L(Family.XY, 0x6100, 100, 100, 10, 60, 20),
  XY_SK120(Family.XY, 0x7120, 100, 1000, 10, 30, 6);

  /** Register-map families: each has its own layout. */
  public enum Family {
    RIDEN,
    RUIDENG,
    XY
  }

  private final Family family;
  private final int modelId;
  private final int volts;
  private final int amps;
  private final int watts;
  private final double maxVolts;
  private final double maxAmps;

  EmulatedModel(
      Family family, int modelId, int volts, int amps, int watts, double maxVolts, double maxAmps) {
    this.family = family;
    this.modelId = modelId;
    this.volts = volts;
    this.amps = amps;
    this.watts = watts;
    this.maxVolts = maxVolts;
    this.maxAmps = maxAmps;
  }

  public Family family() {
    return family;
  }

  /** The value of the model id register. The XY-SK120's is made up: no public value is known. */
  public int modelId() {
    return modelId;
  }

  public int countsPerVolt() {
    return volts;
  }

  public int countsPerAmp() {
    return amps;
  }

  public int countsPerWatt() {
    return watts;
  }

  public double maxVolts() {
    return maxVolts;
  }

  public double maxAmps() {
    return maxAmps;
  }

  /** The name as printed on the unit, e.g. {@code XY-SK120}. */
  public String displayName() {
    return name().replace('_', '-');
  }
}
