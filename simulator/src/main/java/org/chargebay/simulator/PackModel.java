package org.chargebay.simulator;

import java.util.Arrays;

/**
 * A series string of cells, each with its own state of charge, one OCV curve and one internal
 * resistance. Not thread-safe: {@link SimulatedBay} guards it.
 *
 * <p>Physics is deliberately simple: cell terminal voltage = OCV(SoC) + I x R; charge moves SoC by
 * I x dt / capacity. It is enough to show CC then CV with the highest cell steering the setpoint, a
 * taper towards full, and what happens when a charger keeps pushing.
 */
public final class PackModel {
  private final OcvCurve curve;
  private final double cellCapacityAh;
  private final double cellResistanceOhm;
  private final double[] socPercent;
  private volatile String serial = "";

  /**
   * @param series cells in series
   * @param cellCapacityAh capacity of each cell (parallel group)
   * @param cellResistanceOhm internal resistance of each cell (parallel group)
   * @param meanSocPercent the pack's mean state of charge at start
   * @param imbalanceMillivolts spread of resting cell voltages at start, highest minus lowest
   */
  public static PackModel create(
      OcvCurve curve,
      int series,
      double cellCapacityAh,
      double cellResistanceOhm,
      double meanSocPercent,
      double imbalanceMillivolts) {
    if (series < 1 || series > 32) {
      throw new IllegalArgumentException("series must be 1..32, was " + series);
    }
    double[] soc = new double[series];
    double meanVolts = curve.volts(meanSocPercent);
    for (int i = 0; i < series; i++) {
      // A fixed permutation so that the extreme cells are not simply the first and the last.
      int rank = (i * 7 + 3) % series;
      double offset = series == 1 ? 0 : (rank / (double) (series - 1) - 0.5);
      soc[i] = curve.soc(meanVolts + offset * imbalanceMillivolts / 1000.0);
    }
    return new PackModel(curve, cellCapacityAh, cellResistanceOhm, soc);
  }

  public PackModel(
      OcvCurve curve, double cellCapacityAh, double cellResistanceOhm, double[] socPercent) {
    if (cellCapacityAh <= 0 || cellResistanceOhm <= 0) {
      throw new IllegalArgumentException("capacity and resistance must be positive");
    }
    this.curve = curve;
    this.cellCapacityAh = cellCapacityAh;
    this.cellResistanceOhm = cellResistanceOhm;
    this.socPercent = socPercent.clone();
  }

  /** The cells' OCV curve (and the over-voltage trip a BMS on them is configured with). */
  public OcvCurve curve() {
    return curve;
  }

  /**
   * The serial this pack's BMS reports (the JBD emulator answers it to the hardware-string read,
   * register 0x05), so that the pack is recognised on whichever bay it is charged; empty (the
   * default) for the emulator's factory model string.
   *
   * @return this pack
   */
  public PackModel withSerial(String serial) {
    this.serial = java.util.Objects.requireNonNull(serial, "serial");
    return this;
  }

  /** The serial set by {@link #withSerial}, empty if none. */
  public String serial() {
    return serial;
  }

  /** Internal resistance of the whole string, milliohms (the simulated truth of an estimate). */
  public double packResistanceMilliohms() {
    return packResistanceOhm() * 1000.0;
  }

  public int series() {
    return socPercent.length;
  }

  public double cellCapacityAh() {
    return cellCapacityAh;
  }

  public double packResistanceOhm() {
    return cellResistanceOhm * socPercent.length;
  }

  /** Resting voltage of the whole string. */
  public double packOcvVolts() {
    double sum = 0;
    for (double s : socPercent) {
      sum += curve.volts(s);
    }
    return sum;
  }

  /** Terminal voltage of cell {@code i} (0-based) while {@code amps} flow (positive = charge). */
  public double cellVolts(int i, double amps) {
    return curve.volts(socPercent[i]) + amps * cellResistanceOhm;
  }

  /** The highest cell terminal voltage at this current. */
  public double maxCellVolts(double amps) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < socPercent.length; i++) {
      max = Math.max(max, cellVolts(i, amps));
    }
    return max;
  }

  public double meanSocPercent() {
    return Arrays.stream(socPercent).average().orElse(0);
  }

  /** The highest minus the lowest resting cell voltage, volts. */
  public double restingDeltaVolts() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double s : socPercent) {
      min = Math.min(min, curve.volts(s));
      max = Math.max(max, curve.volts(s));
    }
    return max - min;
  }

  /** Lowers every cell's resting voltage by {@code volts} (self-discharge at rest). */
  public void dropRestingVolts(double volts) {
    for (int i = 0; i < socPercent.length; i++) {
      socPercent[i] = curve.soc(curve.volts(socPercent[i]) - volts);
    }
  }

  /**
   * A copy of this pack with {@code series} cells: cell i has the state of charge of cell {@code i
   * mod} this pack's series count (the wrong pack put on a bay, cells as charged as this one's).
   */
  public PackModel withSeries(int series) {
    if (series < 1 || series > 32) {
      throw new IllegalArgumentException("series must be 1..32, was " + series);
    }
    double[] soc = new double[series];
    for (int i = 0; i < series; i++) {
      soc[i] = socPercent[i % socPercent.length];
    }
    return new PackModel(curve, cellCapacityAh, cellResistanceOhm, soc).withSerial(serial);
  }

  /**
   * Takes charge out of cell {@code cell} (0-based) alone, as a soft internal short that conducts
   * {@code amps} for {@code seconds}.
   */
  public void leak(int cell, double amps, double seconds) {
    socPercent[cell] -= amps * seconds / 3600.0 / cellCapacityAh * 100.0;
  }

  /**
   * An active balancer at work for {@code seconds}: while the highest resting cell is at or above
   * {@code startVolts} and the resting spread is above {@code thresholdVolts}, it moves charge at
   * {@code amps} out of the highest cell and, less its losses ({@code efficiency}), into the lowest
   * (an inductive or capacitive balancer shuttles between one pair at a time).
   */
  public void balance(
      double amps, double efficiency, double startVolts, double thresholdVolts, double seconds) {
    int hi = 0;
    int lo = 0;
    for (int i = 1; i < socPercent.length; i++) {
      if (socPercent[i] > socPercent[hi]) {
        hi = i;
      }
      if (socPercent[i] < socPercent[lo]) {
        lo = i;
      }
    }
    double hiVolts = curve.volts(socPercent[hi]);
    if (hiVolts < startVolts || hiVolts - curve.volts(socPercent[lo]) <= thresholdVolts) {
      return;
    }
    double movedPercent = amps * seconds / 3600.0 / cellCapacityAh * 100.0;
    // never past the midpoint between the two: the balancer does not swap them
    movedPercent = Math.min(movedPercent, (socPercent[hi] - socPercent[lo]) / 2);
    socPercent[hi] -= movedPercent;
    socPercent[lo] += movedPercent * efficiency;
  }

  /** Moves charge into (positive) or out of every cell of the string. */
  public void charge(double amps, double seconds) {
    double deltaPercent = amps * seconds / 3600.0 / cellCapacityAh * 100.0;
    for (int i = 0; i < socPercent.length; i++) {
      socPercent[i] += deltaPercent;
    }
  }
}
