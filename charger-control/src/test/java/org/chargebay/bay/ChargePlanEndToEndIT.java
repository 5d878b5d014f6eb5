package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargePlanned;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.Phase;
import org.chargebay.session.ChargePlan;
import org.chargebay.session.ChargeState;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charge plans end to end on the virtual clock (real Modbus TCP, real JBD frames, a real SQLite
 * journal): a start asked to finish by a time waits, starts on the estimate and completes before
 * its time, also across a restart while it waits; a target state of charge ends the charge at the
 * target's resting voltage.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargePlanEndToEndIT {
  /** While the start waits, the bay is polled every 10 s (idle: nothing to regulate). */
  private static final Duration IDLE_STEP = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** 13S NMC, 2 Ah, 30 mOhm, at 40 % (the demo profile: 2 A to 4150 mV). */
  private static PackModel halfEmpty() {
    return PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 40.0, 20.0);
  }

  private static BenchHarness manual(Path dir, PackModel pack) {
    BenchHarness h = new BenchHarness(dir, pack);
    h.runtime.close();
    h.runtime = h.newRuntime(false);
    return h;
  }

  private static <T> List<T> of(List<ChargeEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Ticks every 10 s while the start waits, every poll interval once it charges. */
  private static void runUntil(BenchHarness h, Instant until) {
    while (h.clock.instant().isBefore(until)) {
      ChargeState s = h.runtime.state();
      boolean waiting = s.scheduled() != null || s.phase() == Phase.COMPLETE;
      h.clock.advance(waiting ? IDLE_STEP : BenchHarness.POLL);
      h.runtime.tick();
    }
  }

  private static ChargePlanned plan(BenchHarness h, ChargePlan plan) {
    h.tick(); // fresh telemetry first
    var done = h.runtime.start("s-1", BenchHarness.DEMO_PROFILE, plan);
    h.tick();
    List<ChargeEvent> out = done.join();
    assertThat(out).first().isInstanceOf(ChargePlanned.class);
    return (ChargePlanned) out.get(0);
  }

  @Test
  void a_start_to_finish_by_a_time_waits_and_completes_before_it() {
    try (BenchHarness h = manual(dir, halfEmpty())) {
      Instant finishBy = h.clock.instant().plus(Duration.ofHours(6));
      ChargePlanned planned = plan(h, new ChargePlan(null, finishBy, null));
      assertThat(planned.waits()).isTrue();
      assertThat(planned.estimatedSeconds()).isNotNull();
      assertThat(h.runtime.status().supplyOutputOn()).isFalse();

      runUntil(h, finishBy.plus(Duration.ofMinutes(30)));

      List<ChargeEvent> events = h.events();
      assertThat(events).noneMatch(CutOff.class::isInstance);
      ChargeStarted started = of(events, ChargeStarted.class).get(0);
      ChargeCompleted completed = of(events, ChargeCompleted.class).get(0);
      assertThat(started.at()).isAfterOrEqualTo(planned.startAt());
      assertThat(Duration.between(planned.startAt(), started.at())).isLessThanOrEqualTo(IDLE_STEP);
      assertThat(completed.at()).isBefore(finishBy);
      // not absurdly early either: the estimate is pessimistic by its margin, not by hours
      Duration early = Duration.between(completed.at(), finishBy);
      assertThat(early).isLessThan(Duration.ofSeconds(planned.estimatedSeconds()).dividedBy(2));
      System.out.printf(
          "finish by: estimate %d s, charge took %d s, complete %d s before its time%n",
          planned.estimatedSeconds(),
          Duration.between(started.at(), completed.at()).toSeconds(),
          early.toSeconds());
    }
  }

  @Test
  void a_restart_while_the_start_waits_keeps_its_timer() {
    try (BenchHarness h = manual(dir, halfEmpty())) {
      Instant finishBy = h.clock.instant().plus(Duration.ofHours(5));
      ChargePlanned planned = plan(h, new ChargePlan(null, finishBy, null));
      runUntil(h, h.clock.instant().plus(Duration.ofHours(1)));

      h.crashAndRestart();
      assertThat(h.runtime.state().scheduled())
          .isEqualTo(
              new ChargeState.Scheduled("s-1", BenchHarness.DEMO_PROFILE, planned.startAt()));
      runUntil(h, finishBy);

      List<ChargeEvent> events = h.events();
      ChargeStarted started = of(events, ChargeStarted.class).get(0);
      assertThat(of(events, ChargeStarted.class)).hasSize(1);
      assertThat(Duration.between(planned.startAt(), started.at()))
          .isBetween(Duration.ZERO, IDLE_STEP);
      assertThat(of(events, ChargeCompleted.class)).singleElement();
      assertThat(of(events, ChargeCompleted.class).get(0).at()).isBefore(finishBy);
    }
  }

  @Test
  void a_target_state_of_charge_ends_the_charge_at_its_resting_voltage() {
    try (BenchHarness h = manual(dir, halfEmpty())) {
      ChargePlanned planned = plan(h, new ChargePlan(null, null, 70));
      assertThat(planned.profile().cellCeilingMillivolts()).isEqualTo(3880);
      h.runUntil(r -> r.state().phase() == Phase.COMPLETE, Duration.ofHours(2));
      assertThat(h.events()).noneMatch(CutOff.class::isInstance);
      // rested, the pack's mean state of charge (the simulator's truth) is close to the target
      double soc = h.bench.bay().pack().meanSocPercent();
      assertThat(soc).isBetween(66.0, 71.0);
      assertThat(h.bench.bay().maxCellVoltsSeen()).isLessThanOrEqualTo(3.885);
    }
  }
}
