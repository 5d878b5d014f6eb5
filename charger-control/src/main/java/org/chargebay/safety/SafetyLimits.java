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
 * @param rules the thresholds of the rules that watch a charge over time and across devices (no
 *     taper, charge budget and time, setpoint read-back, supply against BMS, frozen, rebooted and
 *     dropped-out BMS, BMS alarms and flapping alarms); null: those rules are off (settings
 *     recorded before they existed carry none, and replay as they ran)
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
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Rules rules,
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

  /** Limits of a bay with a BMS, with these {@link Rules} (null: those rules off). */
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
      @Nullable Integer maxChargeDeciCelsius,
      @Nullable Rules rules) {
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
        rules,
        null);
  }

  /** Limits without the {@link Rules} (those rules off). */
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
        (Rules) null);
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
        null,
        Rules.defaults(packCeiling, chargeCurrentMilliamps));
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
        rules,
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
        rules,
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
        rules,
        noBms);
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
        rules,
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
        rules,
        n);
  }

  /** The same limits with these {@link Rules} (null: those rules off). */
  public SafetyLimits withRules(@Nullable Rules r) {
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
        r,
        noBms);
  }

  /** An inclusive range a threshold must stay in (its safe bounds). */
  public record Range(long min, long max) {
    public boolean contains(long value) {
      return value >= min && value <= max;
    }
  }

  /**
   * The thresholds of the rules that need history or a second device. Integer units; fractions in
   * per mille. Each lies within its safe bounds (the {@code *_RANGE} constants), checked here.
   *
   * @param noTaperPermille in CV with the highest cell at the ceiling, the current must have fallen
   *     below this fraction of the current it had when the cell reached the ceiling ...
   * @param noTaperWindowMillis ... within this long after it did
   * @param ceilingBandMillivolts the highest cell within this of the ceiling counts as at it
   * @param chargeBudgetPermille charge above capacity times this in one session is a cut-off
   * @param capacityMilliampHours the pack's capacity; null: the BMS's design capacity (no budget
   *     when the BMS reports none)
   * @param maxChargeMillis the longest a session may charge; null: 2 h plus twice the budget at the
   *     charge current (24 h when the capacity is unknown)
   * @param setpointToleranceMillivolts the supply's read-back voltage setpoint may differ from the
   *     commanded one by this much (the model's resolution)
   * @param setpointToleranceMilliamps the same for the current setpoint
   * @param supplyBmsToleranceMillivolts the supply's output voltage may differ from the BMS's pack
   *     voltage by this much (the drop over the leads, the fuse and the BMS's MOSFETs)
   * @param supplyBmsToleranceMilliamps the supply's output current may differ from the BMS's by
   *     this much (resolutions, the BMS's own consumption)
   * @param frozenSamples this many consecutive BMS readings with the same cells and current while
   *     current flows is a frozen BMS (real BMSs jitter)
   * @param bmsDropoutReads failed BMS reads in a row ridden through while charging (0: none)
   * @param flapToggles this many alarm toggles ...
   * @param flapWindowMillis ... within this long latch as flapping alarms
   */
  public record Rules(
      int noTaperPermille,
      long noTaperWindowMillis,
      int ceilingBandMillivolts,
      int chargeBudgetPermille,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer capacityMilliampHours,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Long maxChargeMillis,
      int setpointToleranceMillivolts,
      int setpointToleranceMilliamps,
      int supplyBmsToleranceMillivolts,
      int supplyBmsToleranceMilliamps,
      int frozenSamples,
      int bmsDropoutReads,
      int flapToggles,
      long flapWindowMillis) {

    public static final Range NO_TAPER_PERMILLE_RANGE = new Range(100, 900);
    public static final Range NO_TAPER_WINDOW_MILLIS_RANGE = new Range(60_000, 7_200_000);
    public static final Range CEILING_BAND_MILLIVOLTS_RANGE = new Range(5, 50);
    public static final Range CHARGE_BUDGET_PERMILLE_RANGE = new Range(1000, 1500);
    public static final Range CAPACITY_MILLIAMP_HOURS_RANGE = new Range(100, 2_000_000);
    public static final Range MAX_CHARGE_MILLIS_RANGE = new Range(600_000, 172_800_000);
    public static final Range SETPOINT_TOLERANCE_MILLIVOLTS_RANGE = new Range(10, 5_000);
    public static final Range SETPOINT_TOLERANCE_MILLIAMPS_RANGE = new Range(10, 5_000);
    public static final Range SUPPLY_BMS_TOLERANCE_MILLIVOLTS_RANGE = new Range(100, 10_000);
    public static final Range SUPPLY_BMS_TOLERANCE_MILLIAMPS_RANGE = new Range(50, 10_000);
    public static final Range FROZEN_SAMPLES_RANGE = new Range(3, 600);
    public static final Range BMS_DROPOUT_READS_RANGE = new Range(0, 3);
    public static final Range FLAP_TOGGLES_RANGE = new Range(2, 20);
    public static final Range FLAP_WINDOW_MILLIS_RANGE = new Range(5_000, 600_000);

    public Rules {
      bounded("noTaperPermille", noTaperPermille, NO_TAPER_PERMILLE_RANGE);
      bounded("noTaperWindowMillis", noTaperWindowMillis, NO_TAPER_WINDOW_MILLIS_RANGE);
      bounded("ceilingBandMillivolts", ceilingBandMillivolts, CEILING_BAND_MILLIVOLTS_RANGE);
      bounded("chargeBudgetPermille", chargeBudgetPermille, CHARGE_BUDGET_PERMILLE_RANGE);
      if (capacityMilliampHours != null) {
        bounded("capacityMilliampHours", capacityMilliampHours, CAPACITY_MILLIAMP_HOURS_RANGE);
      }
      if (maxChargeMillis != null) {
        bounded("maxChargeMillis", maxChargeMillis, MAX_CHARGE_MILLIS_RANGE);
      }
      bounded(
          "setpointToleranceMillivolts",
          setpointToleranceMillivolts,
          SETPOINT_TOLERANCE_MILLIVOLTS_RANGE);
      bounded(
          "setpointToleranceMilliamps",
          setpointToleranceMilliamps,
          SETPOINT_TOLERANCE_MILLIAMPS_RANGE);
      bounded(
          "supplyBmsToleranceMillivolts",
          supplyBmsToleranceMillivolts,
          SUPPLY_BMS_TOLERANCE_MILLIVOLTS_RANGE);
      bounded(
          "supplyBmsToleranceMilliamps",
          supplyBmsToleranceMilliamps,
          SUPPLY_BMS_TOLERANCE_MILLIAMPS_RANGE);
      bounded("frozenSamples", frozenSamples, FROZEN_SAMPLES_RANGE);
      bounded("bmsDropoutReads", bmsDropoutReads, BMS_DROPOUT_READS_RANGE);
      bounded("flapToggles", flapToggles, FLAP_TOGGLES_RANGE);
      bounded("flapWindowMillis", flapWindowMillis, FLAP_WINDOW_MILLIS_RANGE);
    }

    private static void bounded(String name, long value, Range range) {
      if (!range.contains(value)) {
        throw new IllegalArgumentException(
            name + " must be " + range.min() + ".." + range.max() + ", was " + value);
      }
    }

    /**
     * Defaults for a pack ceiling and charge current: no taper below 50 % within 30 min at the
     * ceiling (20 mV band), budget capacity x 1.1, charge time automatic, setpoint read-back within
     * 0.5 % of the pack ceiling (at least 100 mV) and 5 % of the current (at least 100 mA), supply
     * against BMS within 2.5 % of the pack ceiling (at least 1.5 V) and 10 % of the current (at
     * least 500 mA), frozen after {@link #DEFAULT_FROZEN_SAMPLES} readings, no dropout ridden
     * through, flapping at 4 toggles within 60 s.
     */
    public static Rules defaults(int packCeilingMillivolts, int chargeCurrentMilliamps) {
      return new Rules(
          500,
          1_800_000,
          20,
          1100,
          null,
          null,
          clamp(Math.max(100, packCeilingMillivolts / 200), SETPOINT_TOLERANCE_MILLIVOLTS_RANGE),
          clamp(Math.max(100, chargeCurrentMilliamps / 20), SETPOINT_TOLERANCE_MILLIAMPS_RANGE),
          clamp(Math.max(1500, packCeilingMillivolts / 40), SUPPLY_BMS_TOLERANCE_MILLIVOLTS_RANGE),
          clamp(Math.max(500, chargeCurrentMilliamps / 10), SUPPLY_BMS_TOLERANCE_MILLIAMPS_RANGE),
          DEFAULT_FROZEN_SAMPLES,
          0,
          4,
          60_000);
    }

    /**
     * Frozen-BMS readings by default: 300 (60 s at the default 200 ms poll). A real BMS's current
     * jitters by a count or more from one reading to the next; the simulated one does not, and its
     * healthy charges were measured with up to 129 identical readings in a row (a small LFP pack at
     * C/5 on its plateau), so the default leaves more than twice that. A frozen board repeats
     * itself for ever.
     *
     * <p>Why not fewer (e.g. 50, 10 s): at the end of a taper nothing but the board's own noise
     * moves the readings. In CV the supply holds the pack voltage, so each cell's terminal voltage
     * (its rising OCV plus its falling I x R) stays nearly constant, and the cells are reported in
     * whole millivolts; the current falls from C/10 to C/20 over tens of minutes and is reported in
     * 10 mA (JBD) or 100 mA (Daly) counts, so at C/20 of a small pack (100 mA for 2 Ah) a Daly
     * reads one count for minutes. A board that averages its ADC (or refreshes its values only once
     * a second, 5 polls at 200 ms) can then repeat a healthy vector for well over 10 s, and a
     * 50-reading rule would cut a healthy pack at the end of its charge. A frozen board's danger is
     * bounded meanwhile by the supply's CV setpoint and the supply-against-BMS rule, which keep
     * watching the pack voltage.
     */
    public static final int DEFAULT_FROZEN_SAMPLES = 300;

    private static int clamp(int value, Range range) {
      return (int) Math.max(range.min(), Math.min(range.max(), value));
    }

    /** The capacity the budget and the automatic charge time use, 0 if unknown. */
    public int capacityMilliampHours(int bmsNominalMilliampHours) {
      Integer c = capacityMilliampHours;
      return c != null ? c : Math.max(0, bmsNominalMilliampHours);
    }

    /** The charge time limit, for a capacity (0: unknown) and the charge current. */
    public long maxChargeMillis(int capacityMilliampHours, int chargeCurrentMilliamps) {
      Long fixed = maxChargeMillis;
      if (fixed != null) {
        return fixed;
      }
      if (capacityMilliampHours <= 0 || chargeCurrentMilliamps <= 0) {
        return 24 * 3_600_000L;
      }
      long budgetMah = (long) capacityMilliampHours * chargeBudgetPermille / 1000;
      return 2 * 3_600_000L + 2 * budgetMah * 3_600_000L / chargeCurrentMilliamps;
    }

    public Rules withNoTaper(int permille, long windowMillis) {
      return new Rules(
          permille,
          windowMillis,
          ceilingBandMillivolts,
          chargeBudgetPermille,
          capacityMilliampHours,
          maxChargeMillis,
          setpointToleranceMillivolts,
          setpointToleranceMilliamps,
          supplyBmsToleranceMillivolts,
          supplyBmsToleranceMilliamps,
          frozenSamples,
          bmsDropoutReads,
          flapToggles,
          flapWindowMillis);
    }

    public Rules withBudget(int permille, @Nullable Integer capacity, @Nullable Long maxMillis) {
      return new Rules(
          noTaperPermille,
          noTaperWindowMillis,
          ceilingBandMillivolts,
          permille,
          capacity,
          maxMillis,
          setpointToleranceMillivolts,
          setpointToleranceMilliamps,
          supplyBmsToleranceMillivolts,
          supplyBmsToleranceMilliamps,
          frozenSamples,
          bmsDropoutReads,
          flapToggles,
          flapWindowMillis);
    }

    public Rules withTolerances(int setpointMv, int setpointMa, int supplyBmsMv, int supplyBmsMa) {
      return new Rules(
          noTaperPermille,
          noTaperWindowMillis,
          ceilingBandMillivolts,
          chargeBudgetPermille,
          capacityMilliampHours,
          maxChargeMillis,
          setpointMv,
          setpointMa,
          supplyBmsMv,
          supplyBmsMa,
          frozenSamples,
          bmsDropoutReads,
          flapToggles,
          flapWindowMillis);
    }

    public Rules withBmsWatch(int frozen, int dropoutReads, int toggles, long windowMillis) {
      return new Rules(
          noTaperPermille,
          noTaperWindowMillis,
          ceilingBandMillivolts,
          chargeBudgetPermille,
          capacityMilliampHours,
          maxChargeMillis,
          setpointToleranceMillivolts,
          setpointToleranceMilliamps,
          supplyBmsToleranceMillivolts,
          supplyBmsToleranceMilliamps,
          frozen,
          dropoutReads,
          toggles,
          windowMillis);
    }
  }
}
