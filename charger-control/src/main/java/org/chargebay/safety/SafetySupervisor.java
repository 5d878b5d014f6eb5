package org.chargebay.safety;

import java.util.List;
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
  private static final List<Check> WHILE_CHARGING =
      List.of(
          SafetySupervisor::bmsFresh,
          SafetySupervisor::supplyFresh,
          SafetySupervisor::cellCount,
          SafetySupervisor::cellsPlausible,
          SafetySupervisor::packSum,
          SafetySupervisor::cellOverVoltage,
          SafetySupervisor::overCurrent,
          SafetySupervisor::supplyOverSetpoint,
          SafetySupervisor::supplyProtection,
          SafetySupervisor::chargeFet,
          SafetySupervisor::overTemperature);

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
          SafetySupervisor::chargeTime);

  /**
   * The checks that need nothing but a fresh BMS reading, for a loop that runs them as soon as the
   * BMS has answered, before it reads the supply: a cell over its ceiling is then cut without
   * waiting for the supply's read and the request gap its bus mandates after it.
   */
  private static final List<Check> CELLS =
      List.of(
          SafetySupervisor::cellCount,
          SafetySupervisor::cellsPlausible,
          SafetySupervisor::packSum,
          SafetySupervisor::cellOverVoltage);

  /**
   * {@link #CELLS} on the BMS reading alone. Ok when not charging or when the BMS reading is
   * missing or stale: {@link #evaluate} judges those once the supply has been read.
   */
  public static SafetyVerdict evaluateCells(SafetyInputs in, SafetyLimits limits) {
    if (!in.charging() || limits.noBms() != null || bmsFresh(in, limits) != null) {
      return SafetyVerdict.ok();
    }
    for (Check check : CELLS) {
      CutOff cut = check.apply(in, limits);
      if (cut != null) {
        return cut;
      }
    }
    return SafetyVerdict.ok();
  }

  public static SafetyVerdict evaluate(SafetyInputs in, SafetyLimits limits) {
    CutOff off = outputNotOff(in, limits);
    if (off != null) {
      return off;
    }
    if (!in.charging()) {
      return SafetyVerdict.ok();
    }
    for (Check check : limits.noBms() != null ? SUPPLY_ONLY : WHILE_CHARGING) {
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

  private static @Nullable CutOff cellOverVoltage(SafetyInputs in, SafetyLimits limits) {
    List<Integer> cells = bms(in).cellMillivolts();
    int max = Integer.MIN_VALUE;
    int maxIndex = -1;
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i) > max) {
        max = cells.get(i);
        maxIndex = i;
      }
    }
    int cellLimit = limits.cellCeilingMillivolts() + limits.cellMarginMillivolts();
    if (max > cellLimit) {
      return new CutOff(
          Reason.CELL_OVER_VOLTAGE,
          "cell "
              + (maxIndex + 1)
              + " at "
              + max
              + " mV is above ceiling "
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

  private static @Nullable CutOff chargeTime(SafetyInputs in, SafetyLimits limits) {
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
