package org.chargebay.simulator.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * How the fleet's simulation clock maps to wall time: it started at {@code clockStart} when {@link
 * System#nanoTime()} read {@code nanoStart} and the wall clock {@code epochMillisStart}, and runs
 * {@code speed} times faster. Used to give an instant the physics computed (a cell crossing a
 * threshold between two polls) the wall time at which it happened.
 *
 * @param speed simulated seconds per wall second, positive
 */
public record Timebase(Instant clockStart, long nanoStart, long epochMillisStart, double speed) {

  public Timebase {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be positive, was " + speed);
    }
  }

  /** A time base starting now at {@code clockStart}. */
  public static Timebase startingNow(Instant clockStart, double speed) {
    return new Timebase(clockStart, System.nanoTime(), System.currentTimeMillis(), speed);
  }

  /** The stamp of an instant of the simulation clock. */
  public Stamp at(Instant clock) {
    double wallNanos = Duration.between(clockStart, clock).toNanos() / speed;
    long nanos = nanoStart + Math.round(wallNanos);
    long millis = epochMillisStart + Math.round(wallNanos / 1e6);
    return new Stamp(clock, nanos, millis);
  }
}
