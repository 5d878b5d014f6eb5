package org.chargebay.simulator.fleet;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The fleet's simulation clock in a running simulator: {@link Timebase#clockStart()} plus the wall
 * time elapsed since {@link Timebase#nanoStart()}, times {@link Timebase#speed()}. Monotonic (it
 * follows {@link System#nanoTime()}); UTC only.
 */
public final class PacedClock extends Clock {
  private final Timebase timebase;

  public PacedClock(Timebase timebase) {
    this.timebase = timebase;
  }

  @Override
  public Instant instant() {
    double elapsed = (System.nanoTime() - timebase.nanoStart()) * timebase.speed();
    return timebase.clockStart().plusNanos(Math.round(elapsed));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("the fleet clock runs in UTC only");
  }
}
