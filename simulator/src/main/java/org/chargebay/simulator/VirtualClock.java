package org.chargebay.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to. Tests advance it step by step; the demo's pacer advances it
 * faster than real time. Thread-safe; never goes backwards.
 */
public final class VirtualClock extends Clock {
  private final AtomicLong epochNanos;

  public VirtualClock(Instant start) {
    this.epochNanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
  }

  /** Moves the clock forward. */
  public Instant advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a clock never goes backwards: " + step);
    }
    long now = epochNanos.addAndGet(step.toNanos());
    return Instant.ofEpochSecond(0, now);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochSecond(0, epochNanos.get());
  }

  @Override
  public long millis() {
    return Math.floorDiv(epochNanos.get(), 1_000_000L);
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
    throw new UnsupportedOperationException("the virtual clock runs in UTC only");
  }
}
