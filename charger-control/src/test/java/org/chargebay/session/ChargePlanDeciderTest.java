package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.session.ChargeDeciderTest.T0;
import static org.chargebay.session.ChargeDeciderTest.cells;
import static org.chargebay.session.ChargeDeciderTest.evidence;
import static org.chargebay.session.ChargePolicyDeciderTest.NMC;
import static org.chargebay.session.ChargePolicyDeciderTest.seen;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargePlanned;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.Evidence;
import org.chargebay.events.Phase;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.StartCharge;
import org.chargebay.session.ChargeCommand.StopCharge;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Charge plans in the decider: a target state of charge, a delayed start, a finish time. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargePlanDeciderTest {
  static final ChargeDecider DECIDER = new ChargeDecider(DeciderSettings.defaults());

  private static ChargePlan target(int pct) {
    return new ChargePlan(null, null, pct);
  }

  private static StartCharge start(ChargePlan plan, Observation seen) {
    return new StartCharge(T0, "s", NMC, seen, null, plan);
  }

  @Test
  void idle_x_start_with_a_target_yields_the_ceiling_at_the_targets_resting_voltage() {
    List<ChargeEvent> out =
        DECIDER.decide(
            start(target(80), seen(cells(3650), List.of(250), 10_000)), ChargeState.initial());
    assertThat(out).hasSize(3);
    ChargePlanned planned = (ChargePlanned) out.get(0);
    ChargeStarted started = (ChargeStarted) out.get(1);
    // NMC rests at 3970 mV at 80 %: the session's ceiling, not the profile's 4150 mV
    assertThat(started.profile().cellCeilingMillivolts()).isEqualTo(3970);
    assertThat(planned.profile()).isEqualTo(started.profile());
    assertThat(planned.targetSocPct()).isEqualTo(80);
    assertThat(planned.waits()).isFalse();
    assertThat(planned.cause()).startsWith("stops at 80 % state of charge: cell ceiling 3970 mV");
    assertThat(((SetpointChanged) out.get(2)).millivolts()).isLessThanOrEqualTo(13 * 3970);
  }

  @Test
  void charging_to_a_target_completes_on_the_taper_at_the_targets_voltage_whatever_the_bms_says() {
    ChargeState s =
        DECIDER.fold(
            DECIDER.decide(
                start(target(80), seen(cells(3650), List.of(250), 10_000)), ChargeState.initial()));
    s =
        DECIDER.fold(
            s,
            List.of(
                new org.chargebay.events.PhaseChanged(
                    "s", T0, Phase.CC, Phase.CV, "cv", Evidence.none())));
    // the highest cell held at 3970 mV with the current tapered below 400 mA: complete
    List<Integer> c = cells(3960);
    c.set(0, 3968);
    int pack = c.stream().mapToInt(Integer::intValue).sum();
    Evidence ev = evidence(c, 300, pack, true, "CV");
    Observation tapered =
        new Observation(ev, true, List.of(390, 350, 330, 310, 300), List.of(250), 10_000);
    List<ChargeEvent> out = DECIDER.decide(new Observe(T0.plusSeconds(3600), tapered, null), s);
    assertThat(out).first().isInstanceOf(ChargeCompleted.class);
    // the same cells with the full profile's ceiling are far from complete
    ChargeState full =
        DECIDER.fold(
            DECIDER.decide(
                new StartCharge(T0, "s", NMC, seen(cells(3650), List.of(250), 10_000)),
                ChargeState.initial()));
    full =
        DECIDER.fold(
            full,
            List.of(
                new org.chargebay.events.PhaseChanged(
                    "s", T0, Phase.CC, Phase.CV, "cv", Evidence.none())));
    assertThat(DECIDER.decide(new Observe(T0.plusSeconds(3600), tapered, null), full))
        .noneMatch(ChargeCompleted.class::isInstance);
  }

  @Test
  void idle_x_start_with_a_target_the_pack_is_already_at_yields_already_full() {
    StartRefused r =
        ChargePolicyDeciderTest.refusal(
            DECIDER.decide(
                start(target(70), seen(cells(3880), List.of(250), 10_000)), ChargeState.initial()));
    assertThat(r.reason().name()).isEqualTo("ALREADY_FULL");
    assertThat(r.profile().cellCeilingMillivolts()).isEqualTo(3880);
  }

  @Test
  void idle_x_start_with_a_target_below_the_minimum_yields_plan_not_possible_naming_the_field() {
    StartRefused r =
        ChargePolicyDeciderTest.refusal(
            DECIDER.decide(
                start(target(10), seen(cells(3650), List.of(250), 10_000)), ChargeState.initial()));
    assertThat(r.reason().name()).isEqualTo("PLAN_NOT_POSSIBLE");
    assertThat(r.detail()).isEqualTo("targetSocPct must be 20..100, was 10");
  }

  @Test
  void idle_x_start_with_a_target_above_the_ceilings_charges_to_the_ceiling() {
    List<ChargeEvent> out =
        DECIDER.decide(
            start(target(100), seen(cells(3650), List.of(250), 10_000)), ChargeState.initial());
    assertThat(((ChargeStarted) out.get(1)).profile()).isEqualTo(NMC);
    assertThat(((ChargePlanned) out.get(0)).cause()).contains("charges to the ceiling");
  }

  @Test
  void idle_x_finish_by_yields_a_start_at_the_finish_time_less_the_estimate_and_waits() {
    Instant finishBy = T0.plus(Duration.ofHours(10));
    Observation seen = seen(cells(3680), List.of(250), 10_000);
    List<ChargeEvent> out =
        DECIDER.decide(start(new ChargePlan(null, finishBy, null), seen), ChargeState.initial());
    ChargePlanned planned = (ChargePlanned) out.get(0);
    assertThat(out).hasSize(1);
    long estimate = TimeToFull.seconds(Chemistries.of("NMC").orElseThrow(), NMC, seen);
    assertThat(planned.estimatedSeconds()).isEqualTo(estimate);
    // 40 % to about 97 % of 10 Ah at 8 A: about 43 min CC, the CV tail, the margin
    assertThat(Duration.ofSeconds(estimate))
        .isBetween(Duration.ofMinutes(60), Duration.ofMinutes(120));
    assertThat(planned.startAt()).isEqualTo(finishBy.minusSeconds(estimate));
    assertThat(planned.waits()).isTrue();
    ChargeState s = DECIDER.fold(out);
    assertThat(s.phase()).isEqualTo(Phase.IDLE);
    assertThat(s.scheduled()).isEqualTo(new ChargeState.Scheduled("s", NMC, planned.startAt()));
  }

  @Test
  void waiting_x_stop_yields_the_start_cancelled() {
    ChargeState s =
        DECIDER.fold(
            DECIDER.decide(
                start(
                    new ChargePlan(T0.plusSeconds(3600), null, null),
                    seen(cells(3680), List.of(250), 10_000)),
                ChargeState.initial()));
    List<ChargeEvent> out =
        DECIDER.decide(
            new StopCharge(T0.plusSeconds(60), "op", "not tonight", Observation.none()), s);
    assertThat(out).singleElement().isInstanceOf(ChargeStopped.class);
    assertThat(((ChargeStopped) out.get(0)).reason()).contains("is cancelled");
    ChargeState after = DECIDER.fold(s, out);
    assertThat(after.scheduled()).isNull();
    assertThat(after.phase()).isEqualTo(Phase.IDLE);
  }

  @Test
  void waiting_x_its_start_refused_at_its_time_yields_no_more_waiting() {
    ChargeState s =
        DECIDER.fold(
            DECIDER.decide(
                start(
                    new ChargePlan(T0.plusSeconds(3600), null, null),
                    seen(cells(3680), List.of(250), 10_000)),
                ChargeState.initial()));
    List<ChargeEvent> out =
        DECIDER.decide(
            new StartCharge(
                T0.plusSeconds(3600), "s", NMC, seen(cells(3680), List.of(-300), 10_000)),
            s);
    assertThat(out).singleElement().isInstanceOf(StartRefused.class);
    assertThat(DECIDER.fold(s, out).scheduled()).isNull();
  }

  @Test
  void idle_x_finish_by_without_a_known_capacity_yields_a_start_at_once() {
    Instant finishBy = T0.plus(Duration.ofHours(10));
    List<ChargeEvent> out =
        DECIDER.decide(
            start(new ChargePlan(null, finishBy, null), seen(cells(3680), List.of(250), 0)),
            ChargeState.initial());
    assertThat(out).hasSize(3);
    ChargePlanned planned = (ChargePlanned) out.get(0);
    assertThat(planned.estimatedSeconds()).isNull();
    assertThat(planned.cause()).contains("time to full unknown").endsWith("so it starts at once");
    assertThat(out.get(1)).isInstanceOf(ChargeStarted.class);
  }

  @Test
  void idle_x_start_at_and_finish_by_both_yields_plan_not_possible() {
    StartRefused r =
        ChargePolicyDeciderTest.refusal(
            DECIDER.decide(
                start(
                    new ChargePlan(T0.plusSeconds(60), T0.plusSeconds(9_000), null),
                    seen(cells(3680), List.of(250), 10_000)),
                ChargeState.initial()));
    assertThat(r.reason().name()).isEqualTo("PLAN_NOT_POSSIBLE");
    assertThat(r.detail()).startsWith("startAt and finishBy");
  }

  @Test
  void the_estimate_grows_with_the_charge_missing_and_shrinks_with_the_current() {
    Chemistry nmc = Chemistries.of("NMC").orElseThrow();
    long low = TimeToFull.seconds(nmc, NMC, seen(cells(3550), List.of(250), 10_000));
    long mid = TimeToFull.seconds(nmc, NMC, seen(cells(3730), List.of(250), 10_000));
    var fast = new org.chargebay.events.ChargeProfile("NMC", 13, 4150, 10_000, 400);
    long midFast = TimeToFull.seconds(nmc, fast, seen(cells(3730), List.of(250), 10_000));
    assertThat(low).isGreaterThan(mid);
    assertThat(midFast).isLessThan(mid);
    // a cold pack is derated: slower
    assertThat(TimeToFull.seconds(nmc, NMC, seen(cells(3730), List.of(20), 10_000)))
        .isGreaterThan(mid);
  }
}
