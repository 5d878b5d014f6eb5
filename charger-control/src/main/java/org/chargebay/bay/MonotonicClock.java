package org.chargebay.bay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Wall time at start-up plus the monotonic {@link System#nanoTime()} since: stale-data checks and
 * poll timestamps never jump when the system clock is stepped (NTP, an operator).
 */
public final class MonotonicClock extends Clock {
  private final long baseEpochNanos;
  private final long baseNanoTime;

  public MonotonicClock() {
    Instant now = Instant.now();
    this.baseEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    this.baseNanoTime = System.nanoTime();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochSecond(0, baseEpochNanos + (System.nanoTime() - baseNanoTime));
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
    throw new UnsupportedOperationException("the controller clock runs in UTC only");
  }
}
