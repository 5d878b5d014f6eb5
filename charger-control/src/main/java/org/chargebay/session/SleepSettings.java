package org.chargebay.session;

import java.time.Duration;

/**
 * What a bay does after a completed charge: it sleeps (output off, the BMS polled every {@code
 * slowPoll}), wakes every {@code wakeEvery}, and tops up only when the highest cell has dropped by
 * more than {@code topUpDropMillivolts} since completion, at most {@code maxTopUps} times per
 * plug-in (an operator's start begins a new count).
 */
public record SleepSettings(
    Duration slowPoll, Duration wakeEvery, int topUpDropMillivolts, int maxTopUps) {

  public SleepSettings {
    if (slowPoll.isNegative() || slowPoll.isZero() || wakeEvery.compareTo(slowPoll) < 0) {
      throw new IllegalArgumentException(
          "sleep: the slow poll must be positive and no longer than the wake interval");
    }
    if (topUpDropMillivolts < 1 || maxTopUps < 0) {
      throw new IllegalArgumentException(
          "sleep: the top-up drop must be at least 1 mV and the top-ups not negative");
    }
  }

  /** Poll every 60 s, wake every 24 h, top up after a 50 mV drop, at most 3 times. */
  public static SleepSettings defaults() {
    return new SleepSettings(Duration.ofSeconds(60), Duration.ofHours(24), 50, 3);
  }
}
