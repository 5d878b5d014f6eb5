package org.chargebay.simulator;

import java.util.Arrays;

/**
 * Resting open-circuit voltage of one cell against state of charge, by linear interpolation between
 * table points. The reference tables are those of the project's domain notes (typical 18650/21700
 * cells at about 25 degC).
 */
public final class OcvCurve {
  private final double[] socPercent;
  private final double[] volts;

  /**
   * @param socPercent ascending state-of-charge points, 0..100
   * @param volts the cell OCV at each point, ascending
   */
  public OcvCurve(double[] socPercent, double[] volts) {
    if (socPercent.length != volts.length || socPercent.length < 2) {
      throw new IllegalArgumentException("need at least two matching points");
    }
    for (int i = 1; i < socPercent.length; i++) {
      if (socPercent[i] <= socPercent[i - 1] || volts[i] <= volts[i - 1]) {
        throw new IllegalArgumentException("points must be strictly ascending at index " + i);
      }
    }
    this.socPercent = socPercent.clone();
    this.volts = volts.clone();
  }

  /** NMC/NCA: 0 % = 3.00 V ... 100 % = 4.18 V. */
  public static OcvCurve nmc() {
    return new OcvCurve(
        new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
        new double[] {3.00, 3.45, 3.55, 3.62, 3.68, 3.73, 3.80, 3.88, 3.97, 4.06, 4.18});
  }

  /** LFP: flat between 20 and 90 %. */
  public static OcvCurve lfp() {
    return new OcvCurve(
        new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
        new double[] {2.80, 3.20, 3.25, 3.28, 3.30, 3.31, 3.32, 3.33, 3.34, 3.36, 3.45});
  }

  /** LTO (lithium titanate): a typical cell at about 25 degC, 1.80 V empty to 2.70 V full. */
  public static OcvCurve lto() {
    return new OcvCurve(
        new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
        new double[] {1.80, 2.15, 2.25, 2.30, 2.33, 2.36, 2.39, 2.43, 2.48, 2.56, 2.70});
  }

  /**
   * The OCV at a state of charge; beyond 100 % the last segment is extrapolated (an overcharged
   * cell keeps rising), below 0 % the first.
   */
  public double volts(double soc) {
    int n = socPercent.length;
    int i = Arrays.binarySearch(socPercent, soc);
    if (i >= 0) {
      return volts[i];
    }
    int hi = Math.min(Math.max(-i - 1, 1), n - 1);
    int lo = hi - 1;
    double t = (soc - socPercent[lo]) / (socPercent[hi] - socPercent[lo]);
    return volts[lo] + t * (volts[hi] - volts[lo]);
  }

  /** The state of charge at which the cell rests at this voltage (inverse of {@link #volts}). */
  public double soc(double cellVolts) {
    int n = volts.length;
    int i = Arrays.binarySearch(volts, cellVolts);
    if (i >= 0) {
      return socPercent[i];
    }
    int hi = Math.min(Math.max(-i - 1, 1), n - 1);
    int lo = hi - 1;
    double t = (cellVolts - volts[lo]) / (volts[hi] - volts[lo]);
    return socPercent[lo] + t * (socPercent[hi] - socPercent[lo]);
  }
}
