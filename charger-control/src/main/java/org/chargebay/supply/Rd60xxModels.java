package org.chargebay.supply;

import java.time.Duration;
import java.util.List;

/**
 * The Riden RD60xx family as data. One register map for all models; the scaling differs per model
 * (register table and per-model scales: Baldanos/rd6006 registers.md, ShayBox/Riden register.py,
 * morgendagen/riden-dongle riden_modbus_registers.h, sigrok rdtech-dps; summarised in
 * fixtures/supplies/REGISTERS.md A1).
 *
 * <p>Poll block: registers 4-20 (17 registers; stock firmware fails silently above 20 per read):
 * temperature sign/value 4-5, V_SET 8, I_SET 9, V_OUT 10, I_OUT 11, P_OUT 12-13 (u32, high word
 * first, Baldanos "Fix register 12 display"), V_IN 14 (x100 on all models), protection 16, CV/CC
 * 17, output 18, and on the RD6012P the current range 20. The model id (register 0) is checked when
 * the driver connects. OVP/OCP live in the M0 preset at 82/83 (OVP V-scale, OCP I-scale) and are
 * written by the app before every session, because a recalled preset is not reflected in M0
 * (riden-dongle README "Limitations").
 *
 * <p>Bus: stock firmware needs a response timeout of at least 0.5 s (ShayBox/Riden issue #9) and
 * handles fewer than 10 requests/s (riden-dongle README): 100 ms gap, one read retry.
 */
public final class Rd60xxModels {
  private Rd60xxModels() {}

  static final BusTiming TIMING =
      new BusTiming(Duration.ofMillis(100), Duration.ofMillis(500), 20, 1);
  static final List<String> PROTECTION = List.of("none", "OVP", "OCP", "OTP");

  /** RD6006: V x100, I x1000, P x100. Ids 60060-60064. 60 V / 6 A. */
  public static final RegisterMap RD6006 =
      map("RD6006", 60060, 60064, -2, -3, -2, 60_000, 6_000, null);

  /** RD6006P: V x1000, I x10000, P x1000. Id 60065. 60 V / 6 A. */
  public static final RegisterMap RD6006P =
      map("RD6006P", 60065, 60065, -3, -4, -3, 60_000, 6_000, null);

  /** RD6012: V x100, I x100, P x100. Ids 60120-60124. 60 V / 12 A. */
  public static final RegisterMap RD6012 =
      map("RD6012", 60120, 60124, -2, -2, -2, 60_000, 12_000, null);

  /**
   * RD6012P: V x1000, P x1000; I x10000 in the 6 A range (register 20 = 0) and x1000 in the 12 A
   * range (register 20 = 1) (ShayBox/Riden PR #8, sigrok comment, riden-dongle PR #73). Ids
   * 60125-60129.
   */
  public static final RegisterMap RD6012P =
      map(
          "RD6012P",
          60125,
          60129,
          -3,
          -3,
          -3,
          60_000,
          12_000,
          new RegisterMap.CurrentRange(
              Register.u16("i_range", 20, 0), List.of(-4, -3), List.of(6_000, 12_000)));

  /** RD6018: V x100, I x100, P x100. Ids 60180-60189 (60181 seen). 60 V / 18 A. */
  public static final RegisterMap RD6018 =
      map("RD6018", 60180, 60189, -2, -2, -2, 60_000, 18_000, null);

  /**
   * RD6024: V x100, I x100, P x100 (Baldanos "Fix support for RD6024"). Ids 60241-60249. 60 V / 24
   * A.
   */
  public static final RegisterMap RD6024 =
      map("RD6024", 60241, 60249, -2, -2, -2, 60_000, 24_000, null);

  /** RD6030: V x100, I x100, P x100. Id 60301 (60300-60309 accepted). 60 V / 30 A. */
  public static final RegisterMap RD6030 =
      map("RD6030", 60300, 60309, -2, -2, -2, 60_000, 30_000, null);

  public static final List<RegisterMap> ALL =
      List.of(RD6006, RD6006P, RD6012, RD6012P, RD6018, RD6024, RD6030);

  /** The model whose id range holds this register-0 value. */
  public static java.util.Optional<RegisterMap> byModelId(int id) {
    return ALL.stream().filter(m -> m.matches(id)).findFirst();
  }

  /** The model by name, case-insensitive (e.g. {@code rd6018}). */
  public static java.util.Optional<RegisterMap> byName(String name) {
    return ALL.stream().filter(m -> m.model().equalsIgnoreCase(name)).findFirst();
  }

  private static RegisterMap map(
      String model,
      int idLow,
      int idHigh,
      int vPow,
      int iPow,
      int pPow,
      int maxMv,
      int maxMa,
      RegisterMap.CurrentRange range) {
    return new RegisterMap(
        model,
        "RD60xx",
        Register.u16("model_id", 0, 0),
        idLow,
        idHigh,
        true,
        Register.u16("v_set", 8, vPow),
        Register.u16("i_set", 9, iPow),
        Register.u16("v_out", 10, vPow),
        Register.u16("i_out", 11, iPow),
        Register.u32("p_out", 12, pPow),
        Register.u16("v_in", 14, -2),
        Register.u16("protection", 16, 0),
        Register.u16("cv_cc", 17, 0),
        Register.u16("output", 18, 0),
        Register.u16("ovp", 82, vPow),
        Register.u16("ocp", 83, iPow),
        Register.signMagnitude("temp_c", 4, 0),
        range,
        4,
        17,
        PROTECTION,
        RegisterMap.WriteFunction.FC06_SINGLE,
        TIMING,
        new SupplyCapabilities(
            model,
            maxMv,
            maxMa,
            (int) Register.u16("v", 0, vPow).stepMilli(),
            (int) Register.u16("i", 0, iPow).stepMilli(),
            true));
  }
}
