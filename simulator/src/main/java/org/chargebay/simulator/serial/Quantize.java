package org.chargebay.simulator.serial;

/** Rounding and clamping of snapshot values to a wire field's unit and range. */
public final class Quantize {

  private Quantize() {}

  /** {@code value} clamped to {@code [min, max]}. */
  public static int clamp(long value, long min, long max) {
    return (int) Math.max(min, Math.min(max, value));
  }

  /** {@code value} clamped to {@code [min, max]}, as a long. */
  public static long clampLong(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }

  /**
   * Rounds {@code milli} to the nearest multiple of {@code unit}, clamps the number of units to
   * {@code [minUnits, maxUnits]} and returns it in milli-units again.
   */
  public static int units(long milli, int unit, long minUnits, long maxUnits) {
    long units = Math.round(milli / (double) unit);
    return (int) (clampLong(units, minUnits, maxUnits) * unit);
  }
}
