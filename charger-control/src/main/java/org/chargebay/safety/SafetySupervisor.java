package org.chargebay.safety;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.chargebay.safety.SafetyVerdict.CutOff;
import org.chargebay.safety.SafetyVerdict.Reason;
import org.jspecify.annotations.Nullable;

/**
 * The safety supervisor: a pure function from what the bay sees to ok or cut-off. It is independent
 * of the charge decider (it imports nothing from it), so that a regulation bug cannot also disable
 * the check that catches it.
 *
 * <p>It is an ordered list of small pure checks, each answering a cut-off or null. Whether an
 * output commanded off is really off is checked always; the rest only while charging: staleness
 * first (no judgement on old data), then sensing plausibility, then over-voltage, over-current, a
 * supply that ignores its setpoint, the supply's own protection, the BMS's charge MOSFET and the
 * temperature. It fails closed: missing data while charging is a cut-off.
 *
 * <p>With {@link SafetyLimits#rules()} set, the rules that need history ({@link SafetyHistory}) or
 * a second device run too: a BMS read that failed (beyond the ones ridden through) or a BMS that
 * restarted, the BMS's own alarm bits for cell or pack over-voltage, charge over-temperature and
 * charge over-current, the supply's setpoint read back against the command, the supply against the
 * BMS (voltage within the wiring drop, current), a frozen BMS, flapping alarms, no taper at the
 * ceiling, the charge budget and the charge time.
 *
 * <p>A bay without a BMS ({@link SafetyLimits#noBms()}) has no cells to judge and no BMS to be
 * stale: its checks are the supply's side instead ({@link #SUPPLY_ONLY}).
 */
public final class SafetySupervisor {
  private SafetySupervisor() {}

  /** One check: a cut-off with the numbers that caused it, or null. */
  @FunctionalInterface
  interface Check {
    @Nullable CutOff apply(SafetyInputs in, SafetyLimits limits);
  }

  /** Checks that run while charging, in order; each may assume the ones before it passed. */
  private static List<Check> whileCharging(CellLimit cellLimit) {
    return List.of(
        SafetySupervisor::bmsDropout,
        SafetySupervisor::bmsFresh,
        SafetySupervisor::supplyFresh,
        SafetySupervisor::bmsRebooted,
        SafetySupervisor::cellCount,
        SafetySupervisor::cellsPlausible,
        SafetySupervisor::packSum,
        (in, limits) -> cellOverVoltage(in, limits, cellLimit),
        SafetySupervisor::bmsAlarms,
        SafetySupervisor::overCurrent,
        SafetySupervisor::supplyOverSetpoint,
        SafetySupervisor::setpointReadBack,
        SafetySupervisor::supplyAgainstBms,
        SafetySupervisor::supplyProtection,
        SafetySupervisor::chargeFet,
        SafetySupervisor::overTemperature,
        SafetySupervisor::bmsFrozen,
        SafetySupervisor::alarmsFlapping,
        SafetySupervisor::noTaper,
        SafetySupervisor::chargeBudget,
        SafetySupervisor::chargeTime);
  }

  /**
   * The checks that need nothing but a fresh BMS reading, for a loop that runs them as soon as the
   * BMS has answered, before it reads the supply: a cell over its ceiling is then cut without
   * waiting for the supply's read and the request gap its bus mandates after it.
   */
  private static List<Check> cells(CellLimit cellLimit) {
    return List.of(
        SafetySupervisor::cellCount,
        SafetySupervisor::cellsPlausible,
        SafetySupervisor::packSum,
        (in, limits) -> cellOverVoltage(in, limits, cellLimit));
  }

  /**
   * Checks that run while charging a bay without a BMS, in order: the supply's reading is all there
   * is, so its freshness, the pack voltage it measures against the pack ceiling, its current, its
   * setpoint and its own protection are judged, and the session's maximum charge time.
   */
  private static final List<Check> SUPPLY_ONLY =
      List.of(
          SafetySupervisor::supplyFresh,
          SafetySupervisor::packOverVoltage,
          SafetySupervisor::supplyOverCurrent,
          SafetySupervisor::supplyOverSetpoint,
          SafetySupervisor::supplyProtection,
          SafetySupervisor::noBmsChargeTime);

  private static final Map<CellLimit, List<Check>> WHILE_CHARGING = new EnumMap<>(CellLimit.class);
  private static final Map<CellLimit, List<Check>> CELLS = new EnumMap<>(CellLimit.class);

  static {
    for (CellLimit c : CellLimit.values()) {
      WHILE_CHARGING.put(c, whileCharging(c));
      CELLS.put(c, cells(c));
    }
  }

  /**
   * How a cell reading is judged against ceiling + margin. A BMS reports cells in whole millivolts,
   * so a reading equal to the limit may stand for a cell already above it.
   */
  public enum CellLimit {
    /** A cell reading at or above ceiling + margin is cut: the rule of this build. */
    REACHED,
    /**
     * Only a reading strictly above ceiling + margin is cut: how cycles recorded before revision 3
     * judged, kept so that they replay as they ran.
     */
    ABOVE
  }

  /**
   * {@link #CELLS} on the BMS reading alone. Ok when not charging or when the BMS reading is
   * missing or stale: {@link #evaluate} judges those once the supply has been read.
   */
  public static SafetyVerdict evaluateCells(SafetyInputs in, SafetyLimits limits) {
    return evaluateCells(in, limits, CellLimit.REACHED);
  }

  /** {@link #evaluateCells(SafetyInputs, SafetyLimits)} with the cell limit judged as given. */
  public static SafetyVerdict evaluateCells(
      SafetyInputs in, SafetyLimits limits, CellLimit cellLimit) {
    if (!in.charging() || limits.noBms() != null || bmsFresh(in, limits) != null) {
      return SafetyVerdict.ok();
    }
    for (Check check : CELLS.get(cellLimit)) {
      CutOff cut = check.apply(in, limits);
      if (cut != null) {
        return cut;
      }
    }
    return SafetyVerdict.ok();
  }

  public static SafetyVerdict evaluate(SafetyInputs in, SafetyLimits limits) {
    return evaluate(in, limits, CellLimit.REACHED);
  }

  /** {@link #evaluate(SafetyInputs, SafetyLimits)} with the cell limit judged as given. */
  public static SafetyVerdict evaluate(SafetyInputs in, SafetyLimits limits, CellLimit cellLimit) {
    CutOff off = outputNotOff(in, limits);
    if (off != null) {
      return off;
    }
    if (!in.charging()) {
      return SafetyVerdict.ok();
    }
    for (Check check : limits.noBms() != null ? SUPPLY_ONLY : WHILE_CHARGING.get(cellLimit)) {
      CutOff cut = check.apply(in, limits);
      if (cut != null) {
        return cut;
      }
    }
    return SafetyVerdict.ok();
  }

  private static @Nullable CutOff outputNotOff(SafetyInputs in, SafetyLimits limits) {
    SafetyInputs.Supply supply = in.supply();
    if (!in.commanded().outputOn()
        && supply != null
        && (supply.outputOn() || supply.outMilliamps() > limits.outputOffCurrentMilliamps())) {
      return new CutOff(
          Reason.OUTPUT_NOT_OFF,
          "supply output reports "
              + (supply.outputOn() ? "on" : "off")
              + " with "
              + supply.outMilliamps()
              + " mA while commanded off");
    }
    return null;
  }

  private static @Nullable CutOff bmsFresh(SafetyInputs in, SafetyLimits limits) {
    SafetyInputs.Bms bms = in.bms();
    if (bms == null) {
      return new CutOff(Reason.BMS_STALE, "no BMS reading at all while charging");
    }
    long bmsAge = in.nowMillis() - bms.atMillis();
    if (bmsAge > limits.bmsStaleAfterMillis()) {
      return new CutOff(
          Reason.BMS_STALE,
          "last BMS reading is "
              + bmsAge
              + " ms old (limit "
              + limits.bmsStaleAfterMillis()
              + " ms)");
    }
    return null;
  }

  private static @Nullable CutOff supplyFresh(SafetyInputs in, SafetyLimits limits) {
    SafetyInputs.Supply supply = in.supply();
    if (supply == null) {
      return new CutOff(Reason.SUPPLY_STALE, "no supply reading at all while charging");
    }
    long supplyAge = in.nowMillis() - supply.atMillis();
    if (supplyAge > limits.supplyStaleAfterMillis()) {
      return new CutOff(
          Reason.SUPPLY_STALE,
          "last supply reading is "
              + supplyAge
              + " ms old (limit "
              + limits.supplyStaleAfterMillis()
              + " ms)");
    }
    return null;
  }

  private static SafetyInputs.Bms bms(SafetyInputs in) {
    SafetyInputs.Bms bms = in.bms();
    if (bms == null) {
      throw new IllegalStateException("checked by bmsFresh");
    }
    return bms;
  }

  private static SafetyInputs.Supply supply(SafetyInputs in) {
    SafetyInputs.Supply supply = in.supply();
    if (supply == null) {
      throw new IllegalStateException("checked by supplyFresh");
    }
    return supply;
  }

  private static @Nullable CutOff cellCount(SafetyInputs in, SafetyLimits limits) {
    List<Integer> cells = bms(in).cellMillivolts();
    if (cells.size() != limits.cellCount()) {
      return new CutOff(
          Reason.CELL_COUNT_MISMATCH,
          "BMS reports " + cells.size() + " cells, profile expects " + limits.cellCount());
    }
    return null;
  }

  private static @Nullable CutOff cellsPlausible(SafetyInputs in, SafetyLimits limits) {
    List<Integer> cells = bms(in).cellMillivolts();
    for (int i = 0; i < cells.size(); i++) {
      int mv = cells.get(i);
      if (mv < limits.minPlausibleCellMillivolts() || mv > limits.maxPlausibleCellMillivolts()) {
        return new CutOff(
            Reason.CELL_IMPLAUSIBLE,
            "cell "
                + (i + 1)
                + " reads "
                + mv
                + " mV, outside the plausible "
                + limits.minPlausibleCellMillivolts()
                + ".."
                + limits.maxPlausibleCellMillivolts()
                + " mV (sense lead?)");
      }
    }
    return null;
  }

  private static @Nullable CutOff packSum(SafetyInputs in, SafetyLimits limits) {
    SafetyInputs.Bms bms = bms(in);
    int sum = bms.cellMillivolts().stream().mapToInt(Integer::intValue).sum();
    if (Math.abs(sum - bms.packMillivolts()) > limits.packSumToleranceMillivolts()) {
      return new CutOff(
          Reason.PACK_SUM_IMPLAUSIBLE,
          "sum of cells "
              + sum
              + " mV differs from pack "
              + bms.packMillivolts()
              + " mV by more than "
              + limits.packSumToleranceMillivolts()
              + " mV");
    }
    return null;
  }

  private static @Nullable CutOff cellOverVoltage(
      SafetyInputs in, SafetyLimits limits, CellLimit cellLimit) {
    List<Integer> cells = bms(in).cellMillivolts();
    int max = Integer.MIN_VALUE;
    int maxIndex = -1;
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i) > max) {
        max = cells.get(i);
        maxIndex = i;
      }
    }
    int limit = limits.cellCeilingMillivolts() + limits.cellMarginMillivolts();
    if (max > limit || (cellLimit == CellLimit.REACHED && max == limit)) {
      return new CutOff(
          Reason.CELL_OVER_VOLTAGE,
          "cell "
              + (maxIndex + 1)
              + " at "
              + max
              + (max > limit ? " mV is above ceiling " : " mV reaches ceiling ")
              + limits.cellCeilingMillivolts()
              + " mV + margin "
              + limits.cellMarginMillivolts()
              + " mV");
    }
    return null;
  }

  private static @Nullable CutOff overCurrent(SafetyInputs in, SafetyLimits limits) {
    int currentLimit = in.commanded().milliamps() + limits.overCurrentMarginMilliamps();
    int current = Math.max(bms(in).currentMilliamps(), supply(in).outMilliamps());
    if (current > currentLimit) {
      return new CutOff(
          Reason.OVER_CURRENT,
          "current "
              + current
              + " mA is above the commanded "
              + in.commanded().milliamps()
              + " mA + margin "
              + limits.overCurrentMarginMilliamps()
              + " mA");
    }
    return null;
  }

  private static @Nullable CutOff supplyOverSetpoint(SafetyInputs in, SafetyLimits limits) {
    SafetyInputs.Supply supply = supply(in);
    int voltageLimit = in.commanded().millivolts() + limits.supplyOverSetpointMillivolts();
    if (supply.outputOn() && supply.outMillivolts() > voltageLimit) {
      return new CutOff(
          Reason.SUPPLY_OVER_SETPOINT,
          "supply output "
              + supply.outMillivolts()
              + " mV is above its setpoint "
              + in.commanded().millivolts()
              + " mV + "
              + limits.supplyOverSetpointMillivolts()
              + " mV: it ignores its setpoint");
    }
    return null;
  }

  private static @Nullable CutOff supplyProtection(SafetyInputs in, SafetyLimits limits) {
    int protection = supply(in).protection();
    if (protection != 0) {
      return new CutOff(
          Reason.SUPPLY_PROTECTION_TRIPPED,
          "the supply's own protection tripped (code " + protection + ") while charging");
    }
    return null;
  }

  private static @Nullable CutOff chargeFet(SafetyInputs in, SafetyLimits limits) {
    if (!bms(in).chargeFet()) {
      return new CutOff(
          Reason.CHARGE_FET_OPENED,
          "the BMS opened its charge MOSFET while charging (its own protection word decides why)");
    }
    return null;
  }

  private static @Nullable CutOff overTemperature(SafetyInputs in, SafetyLimits limits) {
    Integer max = limits.maxChargeDeciCelsius();
    if (max == null) {
      return null;
    }
    List<Integer> temps = bms(in).tempDeciCelsius();
    for (int i = 0; i < temps.size(); i++) {
      if (temps.get(i) > max) {
        return new CutOff(
            Reason.OVER_TEMPERATURE,
            "temperature sensor "
                + (i + 1)
                + " at "
                + (temps.get(i) / 10.0)
                + " degC is above the chemistry's charge maximum "
                + (max / 10.0)
                + " degC");
      }
    }
    return null;
  }

  // ---- rules with history or a second device (only with SafetyLimits.rules) ------------------

  /**
   * The BMS alarm bits that cut at once while charging. Families map their own words to these
   * names: JBD (0x03 protection word: all five), JK (cell and pack over-voltage, battery
   * over-temperature, charge over-current), Daly (cell and pack over-voltage, charge
   * over-temperature, charge over-current), ANT (from the charge MOSFET status: pack over-voltage,
   * battery over-temperature, charge over-current).
   */
  static final List<String> CUT_ALARMS =
      List.of(
          "CELL_OVERVOLTAGE",
          "PACK_OVERVOLTAGE",
          "CHARGE_OVERTEMPERATURE",
          "BATTERY_OVERTEMPERATURE",
          "CHARGE_OVERCURRENT");

  private static @Nullable CutOff bmsDropout(SafetyInputs in, SafetyLimits limits) {
    SafetyLimits.Rules r = limits.rules();
    int failed = in.history().failedReads();
    if (r != null && failed > r.bmsDropoutReads()) {
      return new CutOff(
          Reason.BMS_DROPOUT,
          failed
              + " BMS read"
              + (failed == 1 ? "" : "s")
              + " in a row failed while charging ("
              + r.bmsDropoutReads()
              + " ridden through)");
    }
    return null;
  }

  private static @Nullable CutOff bmsRebooted(SafetyInputs in, SafetyLimits limits) {
    String reboot = in.history().reboot();
    if (limits.rules() != null && reboot != null) {
      return new CutOff(Reason.BMS_REBOOTED, reboot + " while charging");
    }
    return null;
  }

  private static @Nullable CutOff bmsAlarms(SafetyInputs in, SafetyLimits limits) {
    if (limits.rules() == null) {
      return null;
    }
    java.util.Set<String> alarms = bms(in).alarms();
    List<String> raised = CUT_ALARMS.stream().filter(alarms::contains).toList();
    if (!raised.isEmpty()) {
      return new CutOff(
          Reason.BMS_ALARM, "the BMS reports " + String.join(", ", raised) + " while charging");
    }
    return null;
  }

  private static @Nullable CutOff setpointReadBack(SafetyInputs in, SafetyLimits limits) {
    SafetyLimits.Rules r = limits.rules();
    if (r == null) {
      return null;
    }
    SafetyInputs.Supply supply = supply(in);
    int dv = Math.abs(supply.setMillivolts() - in.commanded().millivolts());
    if (dv > r.setpointToleranceMillivolts()) {
      return new CutOff(
          Reason.SETPOINT_MISMATCH,
          "the supply reads back a voltage setpoint of "
              + supply.setMillivolts()
              + " mV, commanded "
              + in.commanded().millivolts()
              + " mV (tolerance "
              + r.setpointToleranceMillivolts()
              + " mV)");
    }
    if (supply.setMilliamps() >= 0) {
      int da = Math.abs(supply.setMilliamps() - in.commanded().milliamps());
      if (da > r.setpointToleranceMilliamps()) {
        return new CutOff(
            Reason.SETPOINT_MISMATCH,
            "the supply reads back a current setpoint of "
                + supply.setMilliamps()
                + " mA, commanded "
                + in.commanded().milliamps()
                + " mA (tolerance "
                + r.setpointToleranceMilliamps()
                + " mA)");
      }
    }
    return null;
  }

  /**
   * How the supply and the BMS disagree now, or null: the supply's output voltage against the pack
   * voltage (within the wiring drop), and its output current against the BMS's. A supply that does
   * not measure its output (a relay-switched charger reports 0 V) is not compared.
   */
  static @Nullable String supplyBmsDisagreement(SafetyInputs in, SafetyLimits.Rules r) {
    SafetyInputs.Bms bms = in.bms();
    SafetyInputs.Supply supply = in.supply();
    if (bms == null
        || supply == null
        || bms.atMillis() != in.nowMillis()
        || supply.atMillis() != in.nowMillis()
        || !supply.outputOn()
        || supply.outMillivolts() <= 0) {
      return null;
    }
    int dv = supply.outMillivolts() - bms.packMillivolts();
    if (Math.abs(dv) > r.supplyBmsToleranceMillivolts()) {
      return "supply output "
          + supply.outMillivolts()
          + " mV, BMS pack "
          + bms.packMillivolts()
          + " mV: "
          + Math.abs(dv)
          + " mV apart (wiring-drop tolerance "
          + r.supplyBmsToleranceMillivolts()
          + " mV)";
    }
    int da = supply.outMilliamps() - bms.currentMilliamps();
    if (Math.abs(da) > r.supplyBmsToleranceMilliamps()) {
      return "supply output "
          + supply.outMilliamps()
          + " mA, BMS "
          + bms.currentMilliamps()
          + " mA: "
          + Math.abs(da)
          + " mA apart (tolerance "
          + r.supplyBmsToleranceMilliamps()
          + " mA)";
    }
    return null;
  }

  private static @Nullable CutOff supplyAgainstBms(SafetyInputs in, SafetyLimits limits) {
    SafetyLimits.Rules r = limits.rules();
    if (r == null || in.history().supplyBmsDisagreements() < SafetyHistory.SUPPLY_BMS_POLLS) {
      return null;
    }
    String now = supplyBmsDisagreement(in, r);
    if (now == null) {
      return null;
    }
    return new CutOff(
        Reason.SUPPLY_BMS_MISMATCH,
        now + ", for " + in.history().supplyBmsDisagreements() + " polls in a row");
  }

  private static @Nullable CutOff bmsFrozen(SafetyInputs in, SafetyLimits limits) {
    SafetyLimits.Rules r = limits.rules();
    int same = in.history().sameReadings();
    if (r != null && same >= r.frozenSamples()) {
      SafetyInputs.Bms bms = bms(in);
      return new CutOff(
          Reason.BMS_FROZEN,
          same
              + " BMS readings in a row with the same cells (highest "
              + bms.cellMaxMillivolts()
              + " mV) and the same current "
              + bms.currentMilliamps()
              + " mA while charging (limit "
              + r.frozenSamples()
              + "): the BMS has stopped measuring");
    }
    return null;
  }

  private static @Nullable CutOff alarmsFlapping(SafetyInputs in, SafetyLimits limits) {
    SafetyLimits.Rules r = limits.rules();
    int toggles = in.history().alarmToggleMillis().size();
    if (r != null && toggles >= r.flapToggles()) {
      return new CutOff(
          Reason.ALARMS_FLAPPING,
          "BMS alarm bits toggled "
              + toggles
              + " times within "
              + r.flapWindowMillis() / 1000
              + " s (limit "
              + r.flapToggles()
              + "; now "
              + new java.util.TreeSet<>(bms(in).alarms())
              + "): a sense lead or the board is failing");
    }
    return null;
  }

  private static @Nullable CutOff noTaper(SafetyInputs in, SafetyLimits limits) {
    SafetyLimits.Rules r = limits.rules();
    long since = in.history().ceilingSinceMillis();
    if (r == null || since < 0 || in.nowMillis() - since < r.noTaperWindowMillis()) {
      return null;
    }
    int from = in.history().ceilingMilliamps();
    long below = (long) from * r.noTaperPermille() / 1000;
    int current = bms(in).currentMilliamps();
    if (current >= below) {
      return new CutOff(
          Reason.NO_TAPER,
          "current "
              + current
              + " mA has not fallen below "
              + below
              + " mA ("
              + r.noTaperPermille() / 10.0
              + " % of the "
              + from
              + " mA when the highest cell reached the ceiling "
              + limits.cellCeilingMillivolts()
              + " mV) within "
              + (in.nowMillis() - since) / 1000
              + " s (window "
              + r.noTaperWindowMillis() / 1000
              + " s)");
    }
    return null;
  }

  private static @Nullable CutOff chargeBudget(SafetyInputs in, SafetyLimits limits) {
    SafetyLimits.Rules r = limits.rules();
    if (r == null) {
      return null;
    }
    int capacity = r.capacityMilliampHours(bms(in).nominalMilliampHours());
    if (capacity <= 0) {
      return null;
    }
    long budget = (long) capacity * r.chargeBudgetPermille() / 1000;
    if (in.chargedMilliampHours() > budget) {
      return new CutOff(
          Reason.CHARGE_BUDGET_EXCEEDED,
          "charged "
              + in.chargedMilliampHours()
              + " mAh in this session, above the budget "
              + budget
              + " mAh (capacity "
              + capacity
              + " mAh x "
              + r.chargeBudgetPermille() / 1000.0
              + ")");
    }
    return null;
  }

  private static @Nullable CutOff chargeTime(SafetyInputs in, SafetyLimits limits) {
    SafetyLimits.Rules r = limits.rules();
    long since = in.history().chargingSinceMillis();
    if (r == null || since < 0) {
      return null;
    }
    long max =
        r.maxChargeMillis(
            r.capacityMilliampHours(bms(in).nominalMilliampHours()),
            limits.chargeCurrentMilliamps());
    long charging = in.history().chargeMillisAt(in.nowMillis());
    if (charging > max) {
      long wall = in.nowMillis() - since;
      return new CutOff(
          Reason.CHARGE_TIME_EXCEEDED,
          "charging for "
              + charging / 1000
              + " s, above the limit of "
              + max / 1000
              + " s"
              + (wall > charging
                  ? " (" + wall / 1000 + " s since the start, held below its current by the site)"
                  : ""));
    }
    return null;
  }

  private static SafetyLimits.NoBms noBms(SafetyLimits limits) {
    SafetyLimits.NoBms n = limits.noBms();
    if (n == null) {
      throw new IllegalStateException("only in SUPPLY_ONLY");
    }
    return n;
  }

  private static @Nullable CutOff packOverVoltage(SafetyInputs in, SafetyLimits limits) {
    SafetyInputs.Supply supply = supply(in);
    SafetyLimits.NoBms n = noBms(limits);
    int limit = n.packCeilingMillivolts() + n.packMarginMillivolts();
    if (supply.outputOn() && supply.outMillivolts() > limit) {
      return new CutOff(
          Reason.PACK_OVER_VOLTAGE,
          "pack at "
              + supply.outMillivolts()
              + " mV (the supply's output; no BMS) is above the pack ceiling "
              + n.packCeilingMillivolts()
              + " mV + margin "
              + n.packMarginMillivolts()
              + " mV");
    }
    return null;
  }

  private static @Nullable CutOff supplyOverCurrent(SafetyInputs in, SafetyLimits limits) {
    int currentLimit = in.commanded().milliamps() + limits.overCurrentMarginMilliamps();
    int current = supply(in).outMilliamps();
    if (current > currentLimit) {
      return new CutOff(
          Reason.OVER_CURRENT,
          "supply current "
              + current
              + " mA (no BMS) is above the commanded "
              + in.commanded().milliamps()
              + " mA + margin "
              + limits.overCurrentMarginMilliamps()
              + " mA");
    }
    return null;
  }

  private static @Nullable CutOff noBmsChargeTime(SafetyInputs in, SafetyLimits limits) {
    long until = noBms(limits).chargeUntilMillis();
    if (in.nowMillis() > until) {
      return new CutOff(
          Reason.CHARGE_TIME_EXCEEDED,
          "still charging "
              + (in.nowMillis() - until)
              + " ms after the session's maximum charge time (no BMS: the charge must end on"
              + " time)");
    }
    return null;
  }
}
