package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.BaySlept;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.TopUpStarted;
import org.chargebay.session.SleepSettings;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a completed charge the bay sleeps (output off, the BMS read every 60 s), wakes every 24 h
 * and tops up only when the highest cell dropped by more than 50 mV; 72 simulated hours on the
 * virtual clock with real Modbus TCP, real JBD frames and a real SQLite journal.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SleepTopUpEndToEndIT {
  private static final Duration HOURS_72 = Duration.ofHours(72);

  @TempDir Path dir;

  private static PackModel nearlyFull() {
    return PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 85.0, 20.0);
  }

  private static <T> List<T> of(List<ChargeEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static void runFor(BenchHarness h, Duration d) {
    Instant until = h.clock.instant().plus(d);
    while (h.clock.instant().isBefore(until)) {
      h.tickAsScheduled();
    }
  }

  @Test
  void a_self_discharging_pack_is_topped_up_once_its_highest_cell_dropped_more_than_50_mv() {
    try (BenchHarness h = BenchHarness.sleeping(dir, nearlyFull(), SleepSettings.defaults())) {
      h.bench.bay().setSelfDischarge(30); // mV per day
      h.runUntil(r -> r.state().asleep(), Duration.ofHours(2));
      Instant completedAt = h.clock.instant();
      int samplesBefore = h.samples.size();
      for (int i = 0; i < 3_000; i++) { // 10 minutes at the 200 ms poll
        h.tick();
      }
      // asleep: the output stays off and the BMS is read once a minute, not five times a second
      long reads =
          h.samples.subList(samplesBefore, h.samples.size()).stream()
              .filter(s -> s.bms() != null)
              .count();
      assertThat(reads).isBetween(10L, 11L);
      assertThat(h.runtime.status().supplyOutputOn()).isFalse();
      runFor(h, HOURS_72.minusMinutes(10));

      List<ChargeEvent> events = h.events();
      assertThat(events).noneMatch(CutOff.class::isInstance);
      List<BaySlept> slept = of(events, BaySlept.class);
      List<TopUpStarted> topUps = of(events, TopUpStarted.class);
      // completion, wake at 24 h (about 33 mV: holds), wake at 48 h (about 63 mV: top-up) and
      // the top-up's completion (its own wake 24 h later falls just after the 72 h)
      assertThat(topUps).hasSize(1);
      TopUpStarted topUp = topUps.get(0);
      assertThat(topUp.topUp()).isEqualTo(1);
      assertThat(topUp.dropMillivolts()).isGreaterThan(50).isLessThan(75);
      assertThat(Duration.between(completedAt, topUp.at()))
          .isBetween(Duration.ofHours(48), Duration.ofHours(48).plusMinutes(2));
      assertThat(slept).hasSize(3);
      assertThat(slept.get(1).cause()).startsWith("woke: highest cell dropped ");
      assertThat(slept.get(1).cause()).endsWith("sleeping on");
      // the top-up is a session of its own that completes and sleeps again
      ChargeStarted topUpStart = (ChargeStarted) events.get(events.indexOf(topUp) + 1);
      assertThat(topUpStart.sessionId()).isEqualTo(topUp.sessionId()).endsWith("-top-up-1");
      assertThat(of(events, ChargeCompleted.class)).hasSize(2);
      BaySlept afterTopUp =
          slept.stream().filter(s -> s.at().isAfter(topUp.at())).findFirst().orElseThrow();
      assertThat(afterTopUp.topUps()).isEqualTo(1);
      assertThat(h.bench.bay().maxCellVoltsSeen()).isLessThanOrEqualTo(4.155);
    }
  }

  @Test
  void a_pack_that_holds_its_charge_is_not_topped_up_in_72_hours() {
    try (BenchHarness h = BenchHarness.sleeping(dir, nearlyFull(), SleepSettings.defaults())) {
      h.runUntil(r -> r.state().asleep(), Duration.ofHours(2));
      runFor(h, HOURS_72);
      List<ChargeEvent> events = h.events();
      assertThat(of(events, TopUpStarted.class)).isEmpty();
      assertThat(of(events, ChargeStarted.class)).hasSize(1);
      // completion plus a wake every 24 h, each back to sleep
      assertThat(of(events, BaySlept.class)).hasSize(4);
      assertThat(h.runtime.state().asleep()).isTrue();
    }
  }

  @Test
  void a_restart_during_sleep_keeps_the_timers() {
    try (BenchHarness h = BenchHarness.sleeping(dir, nearlyFull(), SleepSettings.defaults())) {
      h.bench.bay().setSelfDischarge(60);
      h.runUntil(r -> r.state().asleep(), Duration.ofHours(2));
      Instant wakeAt = h.runtime.state().rest().wakeAt();
      runFor(h, Duration.ofHours(5));

      h.crashAndRestart();
      assertThat(h.runtime.state().asleep()).isTrue();
      assertThat(h.runtime.state().rest().wakeAt()).isEqualTo(wakeAt);
      runFor(h, Duration.ofHours(20));

      List<TopUpStarted> topUps = of(h.events(), TopUpStarted.class);
      assertThat(topUps).hasSize(1);
      assertThat(topUps.get(0).at()).isAfterOrEqualTo(wakeAt);
      assertThat(Duration.between(wakeAt, topUps.get(0).at()))
          .isLessThanOrEqualTo(Duration.ofSeconds(61));
    }
  }
}
