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
 * <p>Checks run in a fixed order, staleness first (no judgement on old data), then sensing
 * plausibility, then over-voltage, over-current and a supply that ignores its setpoint, and always
 * whether an output commanded off is really off. It fails closed: missing data while charging is a
 * cut-off.
 */
public final class SafetySupervisor {
  private SafetySupervisor() {}

  public static SafetyVerdict evaluate(SafetyInputs in, SafetyLimits limits) {
    SafetyInputs.Supply supply = in.supply();
    if (!in.commanded().outputOn() && supply != null) {
      if (supply.outputOn() || supply.outMilliamps() > limits.outputOffCurrentMilliamps()) {
        return new CutOff(
            Reason.OUTPUT_NOT_OFF,
            "supply output reports "
                + (supply.outputOn() ? "on" : "off")
                + " with "
                + supply.outMilliamps()
                + " mA while commanded off");
      }
    }
    if (!in.charging()) {
      return SafetyVerdict.ok();
    }

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

    CutOff cellFault = checkCells(bms, limits);
    if (cellFault != null) {
      return cellFault;
    }
    int currentLimit = in.commanded().milliamps() + limits.overCurrentMarginMilliamps();
    int current = Math.max(bms.currentMilliamps(), supply.outMilliamps());
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
    if (supply.protection() != 0) {
      return new CutOff(
          Reason.SUPPLY_PROTECTION_TRIPPED,
          "the supply's own protection tripped (code " + supply.protection() + ") while charging");
    }
    if (!bms.chargeFet()) {
      return new CutOff(
          Reason.CHARGE_FET_OPENED,
          "the BMS opened its charge MOSFET while charging (its own protection word decides why)");
    }
    return SafetyVerdict.ok();
  }

  /**
   * The checks that need nothing but a fresh BMS reading (cell count, plausibility, pack sum,
   * over-voltage), for a loop that runs them as soon as the BMS has answered, before it reads the
   * supply: a cell over its ceiling is then cut without waiting for the supply's read and the
   * request gap its bus mandates after it. Ok when not charging or when the BMS reading is missing
   * or stale: {@link #evaluate} judges those once the supply has been read.
   */
  public static SafetyVerdict evaluateCells(SafetyInputs in, SafetyLimits limits) {
    SafetyInputs.Bms bms = in.bms();
    if (!in.charging()
        || bms == null
        || in.nowMillis() - bms.atMillis() > limits.bmsStaleAfterMillis()) {
      return SafetyVerdict.ok();
    }
    CutOff cellFault = checkCells(bms, limits);
    return cellFault == null ? SafetyVerdict.ok() : cellFault;
  }

  private static @Nullable CutOff checkCells(SafetyInputs.Bms bms, SafetyLimits limits) {
    List<Integer> cells = bms.cellMillivolts();
    if (cells.size() != limits.cellCount()) {
      return new CutOff(
          Reason.CELL_COUNT_MISMATCH,
          "BMS reports " + cells.size() + " cells, profile expects " + limits.cellCount());
    }
    int max = Integer.MIN_VALUE;
    int maxIndex = -1;
    int sum = 0;
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
      if (mv > max) {
        max = mv;
        maxIndex = i;
      }
      sum += mv;
    }
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
}
