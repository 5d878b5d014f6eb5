package org.chargebay.supply;

import java.time.Duration;
import java.util.List;

/**
 * RuiDeng DPS/DPH as data, from the vendor's "DPS5005 CNC Communication Protocol V1.2" (and the
 * DPS5015/5020/8005 variants, reproduced in syssi/esphome-dps docs), cross-checked against
 * syssi/esphome-dps dps.cpp and sigrok rdtech-dps (fixtures/supplies/REGISTERS.md A2).
 *
 * <p>Poll block 0x00-0x0C (13 registers): U-SET 0x00 (x100), I-SET 0x01, UOUT 0x02 (x100), IOUT
 * 0x03, POWER 0x04 (x100), UIN 0x05 (x100), PROTECT 0x07 (1 OVP, 2 OCP, 3 OPP), CV/CC 0x08, ONOFF
 * 0x09, MODEL 0x0B, VERSION 0x0C. The current scale is x1000 except on the DPS5015 and DPS5020
 * (x100). The DPH5005 reports model 5205. OVP/OCP: M0's S-OVP 0x52 (x100) and S-OCP 0x53 (I-scale).
 * No temperature.
 *
 * <p>Bus: 9600 baud by default; writes use FC16 even for one register (esphome-dps, sigrok); 0.5 s
 * timeout (DPS5005_pyGUI), 32 registers per request, three read attempts (sigrok).
 */
public final class DpsModels {
  private DpsModels() {}

  static final BusTiming TIMING =
      new BusTiming(Duration.ofMillis(50), Duration.ofMillis(500), 32, 2);

  public static final RegisterMap DPS3005 = map("DPS3005", 3005, -3, 30_000, 5_000);
  public static final RegisterMap DPS5005 = map("DPS5005", 5005, -3, 50_000, 5_000);

  /** I x100, not x1000: a tenfold error here is a tenfold charge current. */
  public static final RegisterMap DPS5015 = map("DPS5015", 5015, -2, 50_000, 15_000);

  /** I x100, not x1000. */
  public static final RegisterMap DPS5020 = map("DPS5020", 5020, -2, 50_000, 20_000);

  public static final RegisterMap DPS8005 = map("DPS8005", 8005, -3, 80_000, 5_000);

  /** The DPH5005 buck-boost reports model 5205. */
  public static final RegisterMap DPH5005 = map("DPH5005", 5205, -3, 50_000, 5_000);

  public static final List<RegisterMap> ALL =
      List.of(DPS3005, DPS5005, DPS5015, DPS5020, DPS8005, DPH5005);

  private static RegisterMap map(String model, int id, int iPow, int maxMv, int maxMa) {
    return new RegisterMap(
        model,
        "DPS",
        Register.u16("model", 0x0B, 0),
        id,
        id,
        true,
        Register.u16("u_set", 0x00, -2),
        Register.u16("i_set", 0x01, iPow),
        Register.u16("u_out", 0x02, -2),
        Register.u16("i_out", 0x03, iPow),
        Register.u16("power", 0x04, -2),
        Register.u16("u_in", 0x05, -2),
        Register.u16("protect", 0x07, 0),
        Register.u16("cv_cc", 0x08, 0),
        Register.u16("onoff", 0x09, 0),
        Register.u16("s_ovp", 0x52, -2),
        Register.u16("s_ocp", 0x53, iPow),
        null,
        null,
        0x00,
        0x0D,
        List.of("none", "OVP", "OCP", "OPP"),
        RegisterMap.WriteFunction.FC16_ALWAYS,
        TIMING,
        new SupplyCapabilities(model, maxMv, maxMa, 10, iPow == -3 ? 1 : 10, true));
  }
}
