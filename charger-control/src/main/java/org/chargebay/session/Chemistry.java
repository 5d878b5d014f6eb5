package org.chargebay.session;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a cell chemistry allows, as data: the ceilings, the plausible and chargeable cell range, the
 * resting voltage curve and the charge temperature window. Integer milli-units and deci-degrees
 * Celsius. The values are typical datasheet figures (see {@link Chemistries}); every ceiling a bay
 * uses, from its configuration, the API or a simulation, is checked against {@link #ceilings()}.
 *
 * @param name the stable name used in profiles and events, e.g. {@code NMC}
 * @param ceilings the per-cell ceilings
 * @param cells the per-cell voltage ranges
 * @param ocv resting open-circuit voltage against state of charge
 * @param temperature the charge temperature window and its derating
 */
public record Chemistry(
    String name, Ceilings ceilings, CellRange cells, OcvTable ocv, TemperatureWindow temperature) {

  /**
   * @param maxMillivolts no ceiling may be above this (NMC/NCA 4200, LFP 3650, LTO 2800)
   * @param defaultMillivolts the ceiling chosen when none is configured (a longevity ceiling)
   */
  public record Ceilings(int maxMillivolts, int defaultMillivolts) {
    public Ceilings {
      if (defaultMillivolts > maxMillivolts) {
        throw new IllegalArgumentException("default ceiling above the maximum");
      }
    }
  }

  /**
   * @param minPlausibleMillivolts a reading below this is a sensing fault, not a cell
   * @param maxPlausibleMillivolts a reading above this is a sensing fault, not a cell
   * @param preChargeBelowMillivolts below this (lowest cell) the pack is charged at C/10 only
   * @param refuseBelowMillivolts below this (lowest cell) a start is refused: the cell may be
   *     damaged
   */
  public record CellRange(
      int minPlausibleMillivolts,
      int maxPlausibleMillivolts,
      int preChargeBelowMillivolts,
      int refuseBelowMillivolts) {
    public CellRange {
      if (!(minPlausibleMillivolts <= refuseBelowMillivolts
          && refuseBelowMillivolts <= preChargeBelowMillivolts
          && preChargeBelowMillivolts < maxPlausibleMillivolts)) {
        throw new IllegalArgumentException("cell range out of order");
      }
    }
  }

  /**
   * Resting cell voltage at 0, 10, ..., 100 % state of charge (11 points, ascending), linearly
   * interpolated. Used for the controller's own state-of-charge estimate, never the BMS's.
   */
  public record OcvTable(List<Integer> millivoltsPerTenPercent) {
    public OcvTable {
      millivoltsPerTenPercent = List.copyOf(millivoltsPerTenPercent);
      if (millivoltsPerTenPercent.size() != 11) {
        throw new IllegalArgumentException("an OCV table has 11 points (0..100 %)");
      }
      for (int i = 1; i < 11; i++) {
        if (millivoltsPerTenPercent.get(i) <= millivoltsPerTenPercent.get(i - 1)) {
          throw new IllegalArgumentException("OCV points must ascend, at " + (i * 10) + " %");
        }
      }
    }

    /** The resting voltage at a state of charge, per mille (0..1000), interpolated. */
    public int millivoltsAt(int socPermille) {
      int p = Math.max(0, Math.min(1000, socPermille));
      int i = Math.min(9, p / 100);
      int lo = millivoltsPerTenPercent.get(i);
      int hi = millivoltsPerTenPercent.get(i + 1);
      return lo + (hi - lo) * (p - i * 100) / 100;
    }

    /** The state of charge (per mille, 0..1000) at which a cell rests at this voltage. */
    public int socPermilleAt(int millivolts) {
      List<Integer> v = millivoltsPerTenPercent;
      if (millivolts <= v.get(0)) {
        return 0;
      }
      if (millivolts >= v.get(10)) {
        return 1000;
      }
      int i = 0;
      while (millivolts > v.get(i + 1)) {
        i++;
      }
      return i * 100 + 100 * (millivolts - v.get(i)) / (v.get(i + 1) - v.get(i));
    }
  }

  /**
   * Where charging is allowed, deci-degrees Celsius, and where the current is derated: full current
   * between {@code derateBelow} and {@code derateAbove}, falling linearly to {@code
   * deratedPermilleOfC} x C at the window's edges.
   *
   * @param minDeciCelsius a start below this is refused (LFP: never below 0 degC)
   * @param maxDeciCelsius a start above this is refused; above it while charging is a cut-off
   */
  public record TemperatureWindow(
      int minDeciCelsius,
      int maxDeciCelsius,
      int derateBelowDeciCelsius,
      int derateAboveDeciCelsius,
      int deratedPermilleOfC) {
    public TemperatureWindow {
      if (!(minDeciCelsius <= derateBelowDeciCelsius
          && derateBelowDeciCelsius <= derateAboveDeciCelsius
          && derateAboveDeciCelsius <= maxDeciCelsius)) {
        throw new IllegalArgumentException("temperature window out of order");
      }
    }
  }

  /**
   * Why this ceiling is not allowed for this chemistry, naming the limit, or empty.
   *
   * @param cellCeilingMillivolts the per-cell ceiling asked for
   */
  public Optional<String> ceilingProblem(int cellCeilingMillivolts) {
    if (cellCeilingMillivolts > ceilings.maxMillivolts()) {
      return Optional.of(
          "cell ceiling "
              + cellCeilingMillivolts
              + " mV is above the "
              + name
              + " maximum of "
              + ceilings.maxMillivolts()
              + " mV per cell");
    }
    if (cellCeilingMillivolts <= cells.preChargeBelowMillivolts()) {
      return Optional.of(
          "cell ceiling "
              + cellCeilingMillivolts
              + " mV is at or below the "
              + name
              + " pre-charge threshold of "
              + cells.preChargeBelowMillivolts()
              + " mV per cell");
    }
    return Optional.empty();
  }

  /**
   * Why a start at these temperatures is refused, or null. No sensor (an empty list) decides
   * nothing here: a BMS without temperature sensors is not refused for it.
   */
  public @Nullable String temperatureProblem(List<Integer> tempDeciCelsius) {
    if (tempDeciCelsius.isEmpty()) {
      return null;
    }
    int min = tempDeciCelsius.stream().mapToInt(Integer::intValue).min().orElseThrow();
    int max = tempDeciCelsius.stream().mapToInt(Integer::intValue).max().orElseThrow();
    if (min < temperature.minDeciCelsius()) {
      return "coldest sensor "
          + celsius(min)
          + " is below the "
          + name
          + " charge minimum of "
          + celsius(temperature.minDeciCelsius());
    }
    if (max > temperature.maxDeciCelsius()) {
      return "hottest sensor "
          + celsius(max)
          + " is above the "
          + name
          + " charge maximum of "
          + celsius(temperature.maxDeciCelsius());
    }
    return null;
  }

  /**
   * The current limit for these readings: the profile's current, derated linearly towards the
   * window's edges (down to {@code deratedPermilleOfC} x C), and C/10 while the lowest cell is
   * below the pre-charge threshold. C is the pack's capacity in mAh as the BMS reports it; when it
   * does not (0), the profile's current stands in for C. Never above the profile's current, never
   * below 1 mA.
   *
   * @param profileMilliamps the profile's charge current
   * @param capacityMilliampHours the pack's nominal capacity, 0 if unknown
   * @param tempDeciCelsius the BMS temperature sensors (empty: no derating)
   * @param lowestCellMillivolts the lowest cell now
   */
  public int currentLimitMilliamps(
      int profileMilliamps,
      int capacityMilliampHours,
      List<Integer> tempDeciCelsius,
      int lowestCellMillivolts) {
    long c = capacityMilliampHours > 0 ? capacityMilliampHours : profileMilliamps;
    long limit = profileMilliamps;
    if (lowestCellMillivolts < cells.preChargeBelowMillivolts()) {
      limit = Math.min(limit, c / 10);
    }
    if (!tempDeciCelsius.isEmpty()) {
      int min = tempDeciCelsius.stream().mapToInt(Integer::intValue).min().orElseThrow();
      int max = tempDeciCelsius.stream().mapToInt(Integer::intValue).max().orElseThrow();
      long floor = Math.min(profileMilliamps, c * temperature.deratedPermilleOfC() / 1000);
      limit = Math.min(limit, derated(profileMilliamps, floor, max, true));
      limit = Math.min(limit, derated(profileMilliamps, floor, min, false));
    }
    return (int) Math.max(1, limit);
  }

  private long derated(long full, long floor, int deciCelsius, boolean hot) {
    int start = hot ? temperature.derateAboveDeciCelsius() : temperature.derateBelowDeciCelsius();
    int edge = hot ? temperature.maxDeciCelsius() : temperature.minDeciCelsius();
    boolean inside = hot ? deciCelsius > start : deciCelsius < start;
    if (!inside) {
      return full;
    }
    if (edge == start) {
      return floor;
    }
    long depth = Math.min(Math.abs(deciCelsius - start), Math.abs(edge - start));
    return full - (full - floor) * depth / Math.abs(edge - start);
  }

  private static String celsius(int deci) {
    return (deci / 10.0) + " degC";
  }
}
