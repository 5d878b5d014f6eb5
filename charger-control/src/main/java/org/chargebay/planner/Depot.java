package org.chargebay.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What the planner plans for: the start of the plan, its step, the site's power limits and other
 * loads, the tariff and the bays. Values are checked by whoever builds it (the JSON mapping names
 * the field); the constructor only rejects what would make the plan meaningless.
 *
 * @param start the first step begins here
 * @param stepMinutes the length of one step, 1 to 60 minutes; current limits change only at step
 *     boundaries
 * @param capKw the site's power cap outside every {@code capSchedule} window
 * @param capSchedule windows with a cap of their own ({@link Window#value()} in kW); where windows
 *     overlap the lowest applies
 * @param otherLoads the site's other consumers ({@link Window#value()} in kW); overlapping loads
 *     add up
 * @param tariff price windows ({@link Window#value()} per kWh)
 * @param defaultPricePerKwh the price outside every tariff window; empty when the windows must
 *     cover every step up to the last departure
 * @param bays the bays, in any order (the plan orders them by id)
 */
public record Depot(
    Instant start,
    int stepMinutes,
    double capKw,
    List<Window> capSchedule,
    List<Window> otherLoads,
    List<Window> tariff,
    OptionalDouble defaultPricePerKwh,
    List<BayRequest> bays) {

  /** The longest plan: departures at most this long after the start. */
  public static final Duration MAX_HORIZON = Duration.ofDays(7);

  public Depot {
    capSchedule = List.copyOf(capSchedule);
    otherLoads = List.copyOf(otherLoads);
    tariff = List.copyOf(tariff);
    bays = List.copyOf(bays);
    if (stepMinutes < 1 || stepMinutes > 60) {
      throw new IllegalArgumentException("step must be 1..60 minutes, was " + stepMinutes);
    }
    if (!(capKw >= 0) || Double.isInfinite(capKw)) {
      throw new IllegalArgumentException("cap must be a finite kW >= 0, was " + capKw);
    }
  }

  /**
   * A time window with one value: a cap, a load or a price. {@code from} is inside, {@code to} is
   * not.
   */
  public record Window(Instant from, Instant to, double value) {
    public Window {
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("a window ends after it begins: " + from + " .. " + to);
      }
    }

    /** True if the instant lies inside this window. */
    public boolean covers(Instant t) {
      return !t.isBefore(from) && t.isBefore(to);
    }
  }
}
