package org.chargebay.supply;

import java.util.List;
import java.util.Optional;

/**
 * The Riden RD60xx family as data. One register map for all models; the scaling differs per
 * model (register table and per-model scales: Baldanos/rd6006 registers.md, ShayBox/Riden
 * register.py, morgendagen/riden-dongle riden_modbus_registers.h, sigrok rdtech-dps).
 *
 * <p>Poll block: registers 0-18 (19 registers; stock firmware fails silently above 20 per read).
 * OVP/OCP live in the M0 preset at 82/83 and are written by the app before every session,
 * because a recalled preset is not reflected in M0.
 *
 * <p>RD6012P is not listed: its current scale depends on register 20 (range switch) and needs
 * the range read before every conversion.
 */
public final class Rd60xxModels {
  private Rd60xxModels() {}

  /** RD6006: V x100, I x1000, P x100. Ids 60060-60064. 60 V / 6 A. */
  public static final RegisterMap RD6006 = map("RD6006", 60060, 60064, -2, -3, -2, 60_000, 6_000);

  /** RD6012: V x100, I x100, P x100. Ids 60120-60124. 60 V / 12 A. */
  public static final RegisterMap RD6012 = map("RD6012", 60120, 60124, -2, -2, -2, 60_000, 12_000);

  /** RD6018: V x100, I x100, P x100. Ids 60180-60189 (60181 seen). 60 V / 18 A. */
  public static final RegisterMap RD6018 = map("RD6018", 60180, 60189, -2, -2, -2, 60_000, 18_000);

  /** RD6024: V x100, I x100, P x100. Ids 60241-60249. 60 V / 24 A. */
  public static final RegisterMap RD6024 = map("RD6024", 60241, 60249, -2, -2, -2, 60_000, 24_000);

  /** RD6030: V x100, I x100, P x100. Id 60301 (60300-60309 accepted). 60 V / 30 A. */
  public static final RegisterMap RD6030 = map("RD6030", 60300, 60309, -2, -2, -2, 60_000, 30_000);

  public static final List<RegisterMap> ALL = List.of(RD6006, RD6012, RD6018, RD6024, RD6030);

  /** The model whose id range holds this register-0 value. */
  public static Optional<RegisterMap> byModelId(int id) {
    return ALL.stream().filter(m -> m.matches(id)).findFirst();
  }

  /** The model by name, case-insensitive (e.g. {@code rd6018}). */
  public static Optional<RegisterMap> byName(String name) {
    return ALL.stream().filter(m -> m.model().equalsIgnoreCase(name)).findFirst();
  }

  private static RegisterMap map(
      String model, int idLow, int idHigh, int vPow, int iPow, int pPow, int maxMv, int maxMa) {
    return new RegisterMap(
        model,
        idLow,
        idHigh,
        Register.u16("model_id", 0, 0),
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
        0,
        19,
        new SupplyCapabilities(
            model,
            maxMv,
            maxMa,
            (int) Math.pow(10, vPow + 3),
            (int) Math.pow(10, iPow + 3),
            true));
  }
}
