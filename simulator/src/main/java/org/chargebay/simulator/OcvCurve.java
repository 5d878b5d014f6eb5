package org.chargebay.simulator;

import java.util.Arrays;

/**
 * Resting open-circuit voltage of one cell against state of charge, by linear interpolation between
 * table points. The reference tables are those of the project's domain notes (typical 18650/21700
 * cells at about 25 degC).
 */
public final class OcvCurve {
  /** The cell over-voltage trip of a BMS configured for NMC/NCA cells. */
  public static final double NMC_BMS_CELL_OVP_VOLTS = 4.25;

  /** The cell over-voltage trip of a BMS configured for LFP cells. */
  public static final double LFP_BMS_CELL_OVP_VOLTS = 3.75;

  /** The cell over-voltage trip of a BMS configured for LTO cells. */
  public static final double LTO_BMS_CELL_OVP_VOLTS = 2.90;

  private final double[] socPercent;
  private final double[] volts;
  private final double bmsCellOvpVolts;

  /**
   * A curve of NMC-like cells (a BMS on them trips at {@value #NMC_BMS_CELL_OVP_VOLTS} V).
   *
   * @param socPercent ascending state-of-charge points, 0..100
   * @param volts the cell OCV at each point, ascending
   */
  public OcvCurve(double[] socPercent, double[] volts) {
    this(socPercent, volts, NMC_BMS_CELL_OVP_VOLTS);
  }

  /**
   * @param socPercent ascending state-of-charge points, 0..100
   * @param volts the cell OCV at each point, ascending
   * @param bmsCellOvpVolts the cell over-voltage trip a BMS on these cells is configured with: a
   *     little above the chemistry's maximum charge voltage, as the boards' chemistry presets set
   *     it
   */
  public OcvCurve(double[] socPercent, double[] volts, double bmsCellOvpVolts) {
    if (socPercent.length != volts.length || socPercent.length < 2) {
      throw new IllegalArgumentException("need at least two matching points");
    }
    for (int i = 1; i < socPercent.length; i++) {
      if (socPercent[i] <= socPercent[i - 1] || volts[i] <= volts[i - 1]) {
        throw new IllegalArgumentException("points must be strictly ascending at index " + i);
      }
    }
    if (!(bmsCellOvpVolts > volts[volts.length - 1])) {
      throw new IllegalArgumentException(
          "the BMS's cell over-voltage trip must be above the full cell's "
              + volts[volts.length - 1]
              + " V, was "
              + bmsCellOvpVolts);
    }
    this.socPercent = socPercent.clone();
    this.volts = volts.clone();
    this.bmsCellOvpVolts = bmsCellOvpVolts;
  }

  /**
   * The cell voltage at which a BMS configured for these cells opens its charge MOSFET: NMC/NCA
   * {@value #NMC_BMS_CELL_OVP_VOLTS} V, LFP {@value #LFP_BMS_CELL_OVP_VOLTS} V, LTO {@value
   * #LTO_BMS_CELL_OVP_VOLTS} V (each about 50-100 mV above the chemistry's maximum charge voltage,
   * 4.20, 3.65 and 2.80 V).
   */
  public double bmsCellOvpVolts() {
    return bmsCellOvpVolts;
  }

  /** NMC/NCA: 0 % = 3.00 V ... 100 % = 4.18 V. */
  public static OcvCurve nmc() {
    return new OcvCurve(
        new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
        new double[] {3.00, 3.45, 3.55, 3.62, 3.68, 3.73, 3.80, 3.88, 3.97, 4.06, 4.18},
        NMC_BMS_CELL_OVP_VOLTS);
  }

  /** LFP: flat between 20 and 90 %. */
  public static OcvCurve lfp() {
    return new OcvCurve(
        new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
        new double[] {2.80, 3.20, 3.25, 3.28, 3.30, 3.31, 3.32, 3.33, 3.34, 3.36, 3.45},
        LFP_BMS_CELL_OVP_VOLTS);
  }

  /** LTO (lithium titanate): a typical cell at about 25 degC, 1.80 V empty to 2.70 V full. */
  public static OcvCurve lto() {
    return new OcvCurve(
        new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
        new double[] {1.80, 2.15, 2.25, 2.30, 2.33, 2.36, 2.39, 2.43, 2.48, 2.56, 2.70},
        LTO_BMS_CELL_OVP_VOLTS);
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
