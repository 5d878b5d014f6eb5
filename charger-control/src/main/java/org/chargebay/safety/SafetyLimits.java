package org.chargebay.safety;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The limits the supervisor enforces, as data. Integer milli-units and milliseconds. Configuration
 * may only tighten the defaults derived from the profile, never loosen the absolute maxima below.
 *
 * @param cellCount series count the BMS must report
 * @param cellCeilingMillivolts the regulation ceiling per cell
 * @param cellMarginMillivolts a cell above ceiling + margin is cut off
 * @param chargeCurrentMilliamps the commanded current limit
 * @param overCurrentMarginMilliamps current above limit + margin is cut off
 * @param supplyOverSetpointMillivolts supply output above its voltage setpoint by more than this
 *     means it ignores its setpoint (a CC-only converter past full)
 * @param bmsStaleAfterMillis BMS data older than this while charging is a cut-off
 * @param supplyStaleAfterMillis supply data older than this while charging is a cut-off
 * @param minPlausibleCellMillivolts a cell below this is a sensing fault (cold joint, wrong board),
 *     not a cell
 * @param maxPlausibleCellMillivolts a cell above this is a sensing fault
 * @param packSumToleranceMillivolts |sum of cells - pack voltage| above this is implausible
 * @param outputOffCurrentMilliamps current above this while the output is commanded off means the
 *     output did not turn off
 * @param maxChargeDeciCelsius a BMS temperature above this while charging is a cut-off (the
 *     chemistry's charge maximum); null: no temperature check (settings recorded before the
 *     chemistries were data carry none, and replay as they ran)
 * @param noBms the bay has no BMS (its configuration says so): the supply-side limits that replace
 *     the cell checks; null for a bay with a BMS (and in recordings made before bays without one)
 */
public record SafetyLimits(
    int cellCount,
    int cellCeilingMillivolts,
    int cellMarginMillivolts,
    int chargeCurrentMilliamps,
    int overCurrentMarginMilliamps,
    int supplyOverSetpointMillivolts,
    long bmsStaleAfterMillis,
    long supplyStaleAfterMillis,
    int minPlausibleCellMillivolts,
    int maxPlausibleCellMillivolts,
    int packSumToleranceMillivolts,
    int outputOffCurrentMilliamps,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer maxChargeDeciCelsius,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable NoBms noBms) {

  /**
   * The limits of a bay without a smart BMS: nothing sees the cells, so the supply's side is judged
   * instead (pack voltage, current, setpoint, freshness and charge time).
   *
   * @param packCeilingMillivolts the pack ceiling the supply is held at (series count x (cell
   *     ceiling - the headroom per cell))
   * @param packMarginMillivolts the supply's output above pack ceiling + this is cut off
   * @param chargeUntilMillis a session still charging after this (controller clock) is cut off;
   *     {@link Long#MAX_VALUE} outside a session
   */
  public record NoBms(int packCeilingMillivolts, int packMarginMillivolts, long chargeUntilMillis) {
    public NoBms {
      if (packCeilingMillivolts <= 0 || packMarginMillivolts < 0) {
        throw new IllegalArgumentException(
            "pack ceiling must be positive and its margin not negative, were "
                + packCeilingMillivolts
                + " mV and "
                + packMarginMillivolts
                + " mV");
      }
    }
  }

  /** Limits of a bay with a BMS. */
  public SafetyLimits(
      int cellCount,
      int cellCeilingMillivolts,
      int cellMarginMillivolts,
      int chargeCurrentMilliamps,
      int overCurrentMarginMilliamps,
      int supplyOverSetpointMillivolts,
      long bmsStaleAfterMillis,
      long supplyStaleAfterMillis,
      int minPlausibleCellMillivolts,
      int maxPlausibleCellMillivolts,
      int packSumToleranceMillivolts,
      int outputOffCurrentMilliamps,
      @Nullable Integer maxChargeDeciCelsius) {
    this(
        cellCount,
        cellCeilingMillivolts,
        cellMarginMillivolts,
        chargeCurrentMilliamps,
        overCurrentMarginMilliamps,
        supplyOverSetpointMillivolts,
        bmsStaleAfterMillis,
        supplyStaleAfterMillis,
        minPlausibleCellMillivolts,
        maxPlausibleCellMillivolts,
        packSumToleranceMillivolts,
        outputOffCurrentMilliamps,
        maxChargeDeciCelsius,
        null);
  }

  /** Absolute per-cell maximum for Li-ion NMC/NCA; no configuration may go above it. */
  public static final int ABSOLUTE_MAX_CELL_MILLIVOLTS = 4250;

  public SafetyLimits {
    if (cellCeilingMillivolts + cellMarginMillivolts > ABSOLUTE_MAX_CELL_MILLIVOLTS) {
      throw new IllegalArgumentException(
          "ceiling "
              + cellCeilingMillivolts
              + " mV + margin "
              + cellMarginMillivolts
              + " mV exceeds the absolute cell maximum "
              + ABSOLUTE_MAX_CELL_MILLIVOLTS
              + " mV");
    }
    if (cellMarginMillivolts < 0
        || overCurrentMarginMilliamps < 0
        || bmsStaleAfterMillis <= 0
        || supplyStaleAfterMillis <= 0) {
      throw new IllegalArgumentException("margins and stale limits must be positive");
    }
  }

  /**
   * Defaults for a profile: margin 20 mV/cell, over-current margin 10 % (at least 200 mA), supply
   * over-setpoint 1 % of the pack ceiling (at least 300 mV), stale after 800 ms (so that with a 200
   * ms poll a silent device is cut within 1 s).
   */
  public static SafetyLimits defaults(
      int cellCount, int cellCeilingMillivolts, int chargeCurrentMilliamps) {
    int packCeiling = cellCount * cellCeilingMillivolts;
    return new SafetyLimits(
        cellCount,
        cellCeilingMillivolts,
        20,
        chargeCurrentMilliamps,
        Math.max(200, chargeCurrentMilliamps / 10),
        Math.max(300, packCeiling / 100),
        800,
        800,
        1500,
        4500,
        Math.max(500, packCeiling / 50),
        150,
        null);
  }

  public SafetyLimits withCellMargin(int millivolts) {
    return new SafetyLimits(
        cellCount,
        cellCeilingMillivolts,
        millivolts,
        chargeCurrentMilliamps,
        overCurrentMarginMilliamps,
        supplyOverSetpointMillivolts,
        bmsStaleAfterMillis,
        supplyStaleAfterMillis,
        minPlausibleCellMillivolts,
        maxPlausibleCellMillivolts,
        packSumToleranceMillivolts,
        outputOffCurrentMilliamps,
        maxChargeDeciCelsius,
        noBms);
  }

  public SafetyLimits withStaleAfter(long millis) {
    return new SafetyLimits(
        cellCount,
        cellCeilingMillivolts,
        cellMarginMillivolts,
        chargeCurrentMilliamps,
        overCurrentMarginMilliamps,
        supplyOverSetpointMillivolts,
        millis,
        millis,
        minPlausibleCellMillivolts,
        maxPlausibleCellMillivolts,
        packSumToleranceMillivolts,
        outputOffCurrentMilliamps,
        maxChargeDeciCelsius,
        noBms);
  }

  /**
   * The same limits for a session whose ceiling is {@code millivolts} (adjusted live): the cell
   * over-voltage check follows the session, not the configured profile.
   */
  public SafetyLimits withCellCeiling(int millivolts) {
    if (millivolts == cellCeilingMillivolts) {
      return this;
    }
    return new SafetyLimits(
        cellCount,
        millivolts,
        cellMarginMillivolts,
        chargeCurrentMilliamps,
        overCurrentMarginMilliamps,
        supplyOverSetpointMillivolts,
        bmsStaleAfterMillis,
        supplyStaleAfterMillis,
        minPlausibleCellMillivolts,
        maxPlausibleCellMillivolts,
        packSumToleranceMillivolts,
        outputOffCurrentMilliamps,
        maxChargeDeciCelsius,
        noBms);
  }

  /** The same limits for a bay without a BMS (null: with one). */
  public SafetyLimits withNoBms(@Nullable NoBms n) {
    return new SafetyLimits(
        cellCount,
        cellCeilingMillivolts,
        cellMarginMillivolts,
        chargeCurrentMilliamps,
        overCurrentMarginMilliamps,
        supplyOverSetpointMillivolts,
        bmsStaleAfterMillis,
        supplyStaleAfterMillis,
        minPlausibleCellMillivolts,
        maxPlausibleCellMillivolts,
        packSumToleranceMillivolts,
        outputOffCurrentMilliamps,
        maxChargeDeciCelsius,
        n);
  }

  /** The same limits with a chemistry's cell plausibility range and charge temperature maximum. */
  public SafetyLimits withChemistry(
      int minPlausibleCellMillivolts, int maxPlausibleCellMillivolts, int maxChargeDeciCelsius) {
    return new SafetyLimits(
        cellCount,
        cellCeilingMillivolts,
        cellMarginMillivolts,
        chargeCurrentMilliamps,
        overCurrentMarginMilliamps,
        supplyOverSetpointMillivolts,
        bmsStaleAfterMillis,
        supplyStaleAfterMillis,
        minPlausibleCellMillivolts,
        maxPlausibleCellMillivolts,
        packSumToleranceMillivolts,
        outputOffCurrentMilliamps,
        maxChargeDeciCelsius,
        noBms);
  }
}
