package org.chargebay.planner;

import java.util.List;

/**
 * The planner's CC/CV model of one pack: cell terminal voltage = OCV(SoC) + I x R, with the OCV
 * curve of the pack's chemistry (linear between its 10 % points) and R the internal resistance of
 * one series group. A CC/CV supply holds the highest cell at the ceiling, so the current a pack
 * accepts is {@code (ceiling - OCV) / R}, capped by the bay's maximum: constant near empty,
 * tapering near full.
 *
 * <p>Current limits hold for a whole step, so {@link #acceptedAmps} is the current the pack accepts
 * at the <em>end</em> of the step (the highest state of charge in it); a CC/CV supply set to it
 * never leaves CC during the step, and the charge moved is exactly {@code amps x step}. Power is
 * likewise taken at the step's end (the highest terminal voltage), so that the site cap holds at
 * every instant.
 *
 * <p>A charger that can only be switched ({@link BayRequest#switchOnly()}) is a CC/CV supply whose
 * settings are fixed: when on, its current is at every instant the lower of its nameplate current
 * and what the pack takes at its voltage ({@code (ceiling - OCV) / R}). While a step stays below
 * its voltage that is the nameplate current for the whole step; once it reaches its voltage the
 * current tapers within the step. The planner counts for such a step the charge of {@link
 * #switchedAmps} (the constant current that reaches the voltage just at the step's end, and never
 * counts charge past 100 %): the tapering current starts higher and, at every state of charge, is
 * at least as high, so it moves at least that charge; the planned state of charge is exact while
 * the pack stays below the voltage and a floor after. Its power is bounded by {@link
 * #switchedPeakKw}. Immutable.
 */
public final class PackCurve {
  /** Limits are whole centiamps, rounded down. */
  static final double AMPS_QUANTUM = 0.01;

  private final double[] ocvVolts;
  private final int series;
  private final double capacityAh;
  private final double ohms;
  private final double ceilingVolts;
  private final double maxAmps;

  /** The curve of this bay's pack. */
  public PackCurve(BayRequest bay) {
    List<Integer> mv = bay.chemistry().ocv().millivoltsPerTenPercent();
    this.ocvVolts = new double[mv.size()];
    for (int i = 0; i < mv.size(); i++) {
      ocvVolts[i] = mv.get(i) / 1000.0;
    }
    this.series = bay.series();
    this.capacityAh = bay.capacityAh();
    this.ohms = bay.resistanceMilliohms() / 1000.0;
    this.ceilingVolts = bay.ceilingVolts();
    this.maxAmps = bay.maxAmps();
  }

  /** The resting cell voltage at a state of charge (percent), clamped to 0..100 %. */
  public double ocv(double socPercent) {
    double p = Math.max(0, Math.min(100, socPercent));
    int i = Math.min(9, (int) (p / 10));
    double t = (p - i * 10) / 10;
    return ocvVolts[i] + t * (ocvVolts[i + 1] - ocvVolts[i]);
  }

  /** The highest state of charge at which the cell rests at or below this voltage. */
  public double socAt(double cellVolts) {
    if (cellVolts <= ocvVolts[0]) {
      return 0;
    }
    if (cellVolts >= ocvVolts[10]) {
      return 100;
    }
    int i = 0;
    while (cellVolts > ocvVolts[i + 1]) {
      i++;
    }
    return i * 10 + 10 * (cellVolts - ocvVolts[i]) / (ocvVolts[i + 1] - ocvVolts[i]);
  }

  /** The state of charge after {@code amps} for {@code hours}. */
  public double socAfter(double socPercent, double amps, double hours) {
    return socPercent + amps * hours / capacityAh * 100.0;
  }

  /**
   * The largest current (whole centiamps, at most the bay's maximum) that keeps the highest cell at
   * or below the ceiling until the end of a step of {@code hours}; 0 when the pack is full.
   */
  public double acceptedAmps(double socPercent, double hours) {
    if (fits(socPercent, maxAmps, hours)) {
      return maxAmps;
    }
    double amps = floor(largest(socPercent, hours, 0, maxAmps));
    while (amps > 0 && !fits(socPercent, amps, hours)) {
      amps = Math.max(0, amps - AMPS_QUANTUM);
    }
    return amps;
  }

  /**
   * The largest current up to {@code limit} (exactly, before rounding) at which the terminal
   * voltage at the step's end, times {@code series x amps} if {@code kw > 0}, stays within the
   * ceiling (kw = 0) or within {@code kw}: the OCV curve is linear between its points, so each
   * segment is a linear (ceiling) or quadratic (power) equation in the current.
   */
  private double largest(double socPercent, double hours, double kw, double limit) {
    double k = hours / capacityAh * 100.0; // percent per amp over the step
    double s = Math.max(0, socPercent);
    int i = Math.min(10, (int) (s / 10));
    double aLo = 0;
    while (true) {
      // On segment i the OCV is alpha0 + m x (soc - s); past 100 % it stays at the last point.
      double m = i >= 10 ? 0 : (ocvVolts[i + 1] - ocvVolts[i]) / 10;
      double alpha = i >= 10 ? ocvVolts[10] : ocvVolts[i] + m * (s - i * 10);
      double beta = m * k + ohms;
      double aHi = i >= 10 ? Double.POSITIVE_INFINITY : ((i + 1) * 10 - s) / k;
      double root;
      if (kw <= 0) {
        root = (ceilingVolts - alpha) / beta;
      } else {
        double need = kw * 1000.0 / series;
        root = (-alpha + Math.sqrt(alpha * alpha + 4 * beta * need)) / (2 * beta);
      }
      if (root <= aHi || i >= 10) {
        return Math.max(aLo, Math.min(limit, root));
      }
      if (aHi >= limit) {
        return limit;
      }
      aLo = aHi;
      i++;
    }
  }

  private boolean fits(double socPercent, double amps, double hours) {
    return ocv(socAfter(socPercent, amps, hours)) + amps * ohms <= ceilingVolts;
  }

  /** The pack's power at the end of a step at this current, kW (the step's highest). */
  public double peakKw(double socPercent, double amps, double hours) {
    if (amps <= 0) {
      return 0;
    }
    return series * (ocv(socAfter(socPercent, amps, hours)) + amps * ohms) * amps / 1000.0;
  }

  /**
   * The highest power over a step of a charger that can only be switched (see the class comment),
   * on for the whole step from this state of charge, kW. Below its voltage throughout, that is the
   * power at the step's end at the nameplate current; otherwise it is at most the charger's voltage
   * times the highest current it can deliver in the step, the one at the step's start (a current
   * that only falls once the voltage is reached). A pack can be further charged than planned only
   * after such a step (the taper moves more than counted) and every later step reaches the voltage
   * too; such a pack takes less current at the same voltage, so the bound holds for it as well.
   */
  public double switchedPeakKw(double socPercent, double hours) {
    if (fits(socPercent, maxAmps, hours) && socAfter(socPercent, maxAmps, hours) <= 100) {
      return peakKw(socPercent, maxAmps, hours);
    }
    double amps = Math.min(maxAmps, Math.max(0, (ceilingVolts - ocv(socPercent)) / ohms));
    return series * ceilingVolts * amps / 1000.0;
  }

  /**
   * The current whose charge the planner counts for a step in which a charger that can only be
   * switched is on (see the class comment): {@link #acceptedAmps}, and at most what reaches 100 %
   * (whole centiamps, rounded down). The charger's own current is its nameplate one until the pack
   * reaches its voltage, then the pack's; it moves at least this charge.
   */
  public double switchedAmps(double socPercent, double hours) {
    double full = floor(Math.max(0, (100 - socPercent) / 100.0 * capacityAh / hours));
    return Math.min(acceptedAmps(socPercent, hours), full);
  }

  /** The mean power over a step at this current, kW (for energy and cost). */
  public double meanKw(double socPercent, double amps, double hours) {
    if (amps <= 0) {
      return 0;
    }
    double begin = ocv(socPercent);
    double end = ocv(socAfter(socPercent, amps, hours));
    return series * ((begin + end) / 2 + amps * ohms) * amps / 1000.0;
  }

  /**
   * The largest current (whole centiamps, at most {@code limitAmps}) whose power stays within
   * {@code kw} for the whole step.
   */
  public double ampsWithin(double socPercent, double kw, double limitAmps, double hours) {
    if (peakKw(socPercent, limitAmps, hours) <= kw) {
      return limitAmps;
    }
    if (kw <= 0) {
      return 0;
    }
    double amps = floor(largest(socPercent, hours, kw, limitAmps));
    while (amps > 0 && peakKw(socPercent, amps, hours) > kw) {
      amps = Math.max(0, amps - AMPS_QUANTUM);
    }
    return amps;
  }

  /** Charge still needed to reach {@code targetPercent}, Ah (0 if there). */
  public double ampHoursTo(double socPercent, double targetPercent) {
    return Math.max(0, (targetPercent - socPercent) / 100.0 * capacityAh);
  }

  /** An upper bound of the energy still needed to reach {@code targetPercent}, kWh. */
  public double kwhTo(double socPercent, double targetPercent) {
    return ampHoursTo(socPercent, targetPercent) * series * ceilingVolts / 1000.0;
  }

  /** The pack's power at full current now, kW: what it asks of the site when charging freely. */
  public double fullKw(double socPercent, double hours) {
    return peakKw(socPercent, acceptedAmps(socPercent, hours), hours);
  }

  /** Rounded down to whole centiamps. */
  static double floor(double amps) {
    return Math.floor(amps * 100) / 100.0;
  }
}
