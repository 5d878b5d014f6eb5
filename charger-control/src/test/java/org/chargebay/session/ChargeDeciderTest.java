package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.Evidence;
import org.chargebay.events.FaultAcknowledged;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RefusalReason;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.session.ChargeCommand.AcknowledgeFault;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.RecoverAfterRestart;
import org.chargebay.session.ChargeCommand.StartCharge;
import org.chargebay.session.ChargeCommand.StopCharge;
import org.chargebay.session.ChargeCommand.Trip;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** given(events).when(command).then(events). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargeDeciderTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  static final ChargeDecider DECIDER = new ChargeDecider(DeciderSettings.defaults());

  static Evidence evidence(
      List<Integer> cells, int currentMa, int supplyOutMv, boolean on, String mode) {
    int pack = cells.stream().mapToInt(Integer::intValue).sum();
    return new Evidence(
        new Evidence.Bms(0, pack, currentMa, cells, true, true),
        new Evidence.Supply(0, 53_950, 2000, supplyOutMv, currentMa, on, mode),
        0,
        0);
  }

  static List<Integer> cells(int each) {
    return new ArrayList<>(Collections.nCopies(13, each));
  }

  static Observation obs(
      List<Integer> cells, int currentMa, boolean on, String mode, List<Integer> window) {
    int pack = cells.stream().mapToInt(Integer::intValue).sum();
    return new Observation(evidence(cells, currentMa, pack, on, mode), true, window);
  }

  static Observation idle(List<Integer> cells) {
    return obs(cells, 0, false, "CV", List.of(0, 0, 0));
  }

  static ChargeState given(ChargeEvent... events) {
    return DECIDER.fold(List.of(events));
  }

  static ChargeStarted started() {
    return new ChargeStarted("s1", T0, PROFILE, evidence(cells(3700), 0, 48_100, false, "CV"));
  }

  static SetpointChanged on(int mv) {
    return new SetpointChanged("s1", T0, mv, 2000, true, "start", Evidence.none());
  }

  @Test
  void idle_x_start_with_good_telemetry_yields_started_and_output_on_below_pack_ceiling() {
    List<ChargeEvent> out =
        DECIDER.decide(new StartCharge(T0, "s1", PROFILE, idle(cells(3700))), given());
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isInstanceOf(ChargeStarted.class);
    SetpointChanged sp = (SetpointChanged) out.get(1);
    assertThat(sp.outputOn()).isTrue();
    assertThat(sp.milliamps()).isEqualTo(2000);
    assertThat(sp.millivolts()).isLessThanOrEqualTo(PROFILE.packCeilingMillivolts());
    // pack 48.1 V + 13 x 50 % x 450 mV headroom = 51.0 V
    assertThat(sp.millivolts()).isEqualTo(51_020);
  }

  @Test
  void idle_x_start_with_wrong_cell_count_yields_refusal_naming_both_counts() {
    List<Integer> sixteen = new ArrayList<>(Collections.nCopies(16, 3700));
    List<ChargeEvent> out =
        DECIDER.decide(new StartCharge(T0, "s1", PROFILE, idle(sixteen)), given());
    assertThat(out).singleElement().isInstanceOf(StartRefused.class);
    StartRefused r = (StartRefused) out.get(0);
    assertThat(r.reason().name()).isEqualTo("CELL_COUNT_MISMATCH");
    assertThat(r.detail()).contains("16").contains("13");
  }

  @Test
  void idle_x_start_without_fresh_telemetry_yields_refusal() {
    Observation stale = new Observation(Evidence.none(), false, List.of());
    List<ChargeEvent> out = DECIDER.decide(new StartCharge(T0, "s1", PROFILE, stale), given());
    assertThat(((StartRefused) out.get(0)).reason().name()).isEqualTo("NO_TELEMETRY");
  }

  @Test
  void idle_x_start_with_a_dead_cell_yields_refusal() {
    List<Integer> c = cells(3700);
    c.set(4, 600);
    List<ChargeEvent> out = DECIDER.decide(new StartCharge(T0, "s1", PROFILE, idle(c)), given());
    assertThat(((StartRefused) out.get(0)).reason().name()).isEqualTo("CELL_IMPLAUSIBLE");
  }

  @Test
  void idle_x_start_with_a_full_pack_yields_refusal() {
    List<ChargeEvent> out =
        DECIDER.decide(new StartCharge(T0, "s1", PROFILE, idle(cells(4148))), given());
    assertThat(((StartRefused) out.get(0)).reason().name()).isEqualTo("ALREADY_FULL");
  }

  @Test
  void charging_x_start_yields_refusal_already_charging() {
    List<ChargeEvent> out =
        DECIDER.decide(
            new StartCharge(T0, "s2", PROFILE, idle(cells(3700))), given(started(), on(51_000)));
    assertThat(((StartRefused) out.get(0)).reason().name()).isEqualTo("ALREADY_CHARGING");
  }

  @Test
  void cc_x_highest_cell_near_ceiling_yields_cv_and_a_lower_setpoint() {
    List<Integer> c = cells(4100);
    c.set(3, 4145);
    Observation o = obs(c, 2000, true, "CC", List.of(2000, 2000, 2000));
    List<ChargeEvent> out = DECIDER.decide(new Observe(T0, o, null), given(started(), on(53_950)));
    assertThat(out.get(0)).isInstanceOf(PhaseChanged.class);
    assertThat(((PhaseChanged) out.get(0)).to()).isEqualTo(Phase.CV);
    SetpointChanged sp = (SetpointChanged) out.get(1);
    assertThat(sp.millivolts()).isLessThan(53_950);
  }

  @Test
  void cv_x_highest_cell_above_ceiling_lowers_the_setpoint_below_the_pack() {
    List<Integer> c = cells(4100);
    c.set(3, 4154);
    int pack = c.stream().mapToInt(Integer::intValue).sum();
    Observation o = obs(c, 500, true, "CV", List.of(500, 500, 500));
    ChargeState s =
        given(
            started(),
            on(pack),
            new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "x", Evidence.none()));
    SetpointChanged sp = (SetpointChanged) DECIDER.decide(new Observe(T0, o, null), s).get(0);
    assertThat(sp.millivolts()).isLessThan(pack);
    assertThat(sp.cause()).isEqualTo("highest cell above ceiling");
  }

  @Test
  void cv_x_current_below_taper_for_the_window_yields_completed() {
    List<Integer> c = cells(4100);
    c.set(3, 4148);
    int pack = c.stream().mapToInt(Integer::intValue).sum();
    ChargeState s =
        given(
            started(),
            on(pack),
            new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "x", Evidence.none()));
    Observation tapered = obs(c, 90, true, "CV", List.of(99, 95, 92, 91, 90));
    assertThat(DECIDER.decide(new Observe(T0, tapered, null), s))
        .singleElement()
        .isInstanceOf(ChargeCompleted.class);
    Observation oneAbove = obs(c, 90, true, "CV", List.of(99, 95, 100, 91, 90));
    assertThat(DECIDER.decide(new Observe(T0, oneAbove, null), s))
        .noneMatch(ChargeCompleted.class::isInstance);
    Observation tooShort = obs(c, 90, true, "CV", List.of(91, 90));
    assertThat(DECIDER.decide(new Observe(T0, tooShort, null), s))
        .noneMatch(ChargeCompleted.class::isInstance);
  }

  @Test
  void cv_x_low_current_far_from_the_ceiling_does_not_complete() {
    ChargeState s =
        given(
            started(),
            on(50_000),
            new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "x", Evidence.none()));
    Observation low = obs(cells(3800), 50, true, "CV", List.of(50, 50, 50, 50, 50));
    assertThat(DECIDER.decide(new Observe(T0, low, null), s))
        .noneMatch(ChargeCompleted.class::isInstance);
  }

  @Test
  void charging_x_safety_tripped_yields_cut_off_and_fault_latched_with_the_actions() {
    Trip trip =
        new Trip(
            CutOffReason.CELL_OVER_VOLTAGE,
            "cell 4 at 4171 mV",
            List.of("supply-output-off: confirmed"));
    List<ChargeEvent> out =
        DECIDER.decide(new Observe(T0, idle(cells(4100)), trip), given(started(), on(53_000)));
    assertThat(out).hasSize(2);
    CutOff cut = (CutOff) out.get(0);
    assertThat(cut.reason().name()).isEqualTo("CELL_OVER_VOLTAGE");
    assertThat(cut.actions()).containsExactly("supply-output-off: confirmed");
    assertThat(out.get(1)).isInstanceOf(FaultLatched.class);
    ChargeState after = given(started(), on(53_000), out.get(0), out.get(1));
    assertThat(after.phase()).isEqualTo(Phase.FAULT);
    assertThat(after.outputOn()).isFalse();
  }

  @Test
  void dropout_fault_x_reboot_trip_records_the_cut_off_again_without_a_second_latch() {
    ChargeState dropped =
        given(
            started(),
            on(53_000),
            new CutOff("s1", T0, CutOffReason.BMS_DROPOUT, "d", List.of(), Evidence.none()),
            new FaultLatched("s1", T0, CutOffReason.BMS_DROPOUT, "d"));
    Trip reboot = new Trip(CutOffReason.BMS_REBOOTED, "counter back", List.of());

    List<ChargeEvent> out = DECIDER.decide(new Observe(T0, idle(cells(4000)), reboot), dropped);

    assertThat(out).singleElement().isInstanceOf(CutOff.class);
    assertThat(((CutOff) out.get(0)).reason()).isEqualTo(CutOffReason.BMS_REBOOTED);
    ChargeState after = DECIDER.evolve(dropped, out.get(0));
    assertThat(after.phase()).isEqualTo(Phase.FAULT);
    assertThat(after.fault()).isEqualTo(CutOffReason.BMS_REBOOTED);
    assertThat(DECIDER.decide(new Observe(T0, idle(cells(4000)), reboot), after)).isEmpty();
    // another fault does not turn into a reboot report
    ChargeState stale =
        given(
            started(),
            on(53_000),
            new CutOff("s1", T0, CutOffReason.BMS_STALE, "d", List.of(), Evidence.none()),
            new FaultLatched("s1", T0, CutOffReason.BMS_STALE, "d"));
    assertThat(DECIDER.decide(new Observe(T0, idle(cells(4000)), reboot), stale)).isEmpty();
  }

  @Test
  void fault_x_another_trip_yields_nothing_and_start_is_refused_until_acknowledged() {
    ChargeState faulted =
        given(
            started(),
            on(53_000),
            new CutOff("s1", T0, CutOffReason.BMS_STALE, "d", List.of(), Evidence.none()),
            new FaultLatched("s1", T0, CutOffReason.BMS_STALE, "d"));
    assertThat(
            DECIDER.decide(
                new Observe(
                    T0, idle(cells(4000)), new Trip(CutOffReason.BMS_STALE, "d", List.of())),
                faulted))
        .isEmpty();
    assertThat(
            ((StartRefused)
                    DECIDER
                        .decide(new StartCharge(T0, "s2", PROFILE, idle(cells(3700))), faulted)
                        .get(0))
                .reason())
        .isEqualTo(RefusalReason.FAULT_LATCHED);
    List<ChargeEvent> ack =
        DECIDER.decide(new AcknowledgeFault(T0, "ana", "replaced lead"), faulted);
    assertThat(ack).singleElement().isInstanceOf(FaultAcknowledged.class);
    ChargeState cleared = DECIDER.evolve(faulted, ack.get(0));
    assertThat(
            DECIDER.decide(new StartCharge(T0, "s2", PROFILE, idle(cells(3700))), cleared).get(0))
        .isInstanceOf(ChargeStarted.class);
  }

  @Test
  void charging_x_restart_yields_suspended_then_resume_after_fresh_samples() {
    ChargeState charging = given(started(), on(51_000));
    List<ChargeEvent> out =
        DECIDER.decide(new RecoverAfterRestart(T0, Observation.none()), charging);
    ChargeSuspended susp = (ChargeSuspended) out.get(0);
    assertThat(susp.resumePhase()).isEqualTo(Phase.CC);
    ChargeState held = DECIDER.evolve(charging, susp);
    assertThat(held.outputOn()).isFalse();

    Observation twoSamples = obs(cells(3800), 0, false, "CV", List.of(0, 0));
    assertThat(DECIDER.decide(new Observe(T0, twoSamples, null), held)).isEmpty();
    Observation threeSamples = obs(cells(3800), 0, false, "CV", List.of(0, 0, 0));
    List<ChargeEvent> resumed = DECIDER.decide(new Observe(T0, threeSamples, null), held);
    assertThat(resumed.get(0)).isInstanceOf(ChargeResumed.class);
    assertThat(((SetpointChanged) resumed.get(1)).outputOn()).isTrue();
  }

  @Test
  void charging_x_shutdown_yields_suspended_with_the_reason_and_idle_x_shutdown_nothing() {
    ChargeState charging = given(started(), on(51_000));
    List<ChargeEvent> out =
        DECIDER.decide(new ChargeCommand.SuspendForShutdown(T0, idle(cells(3900))), charging);
    ChargeSuspended susp = (ChargeSuspended) out.get(0);
    assertThat(out).hasSize(1);
    assertThat(susp.reason()).startsWith("controller stopping");
    assertThat(susp.resumePhase()).isEqualTo(Phase.CC);
    assertThat(DECIDER.evolve(charging, susp).outputOn()).isFalse();
    assertThat(DECIDER.decide(new ChargeCommand.SuspendForShutdown(T0, idle(cells(3900))), given()))
        .isEmpty();
  }

  @Test
  void charging_x_stop_yields_stopped_idle_x_stop_yields_nothing() {
    assertThat(
            DECIDER.decide(
                new StopCharge(T0, "ana", "pack needed", idle(cells(3900))),
                given(started(), on(51_000))))
        .singleElement()
        .isInstanceOf(ChargeStopped.class);
    assertThat(DECIDER.decide(new StopCharge(T0, "ana", "x", idle(cells(3900))), given()))
        .isEmpty();
  }

  @Test
  void every_command_type_is_handled() {
    ChargeState s = given(started(), on(51_000));
    for (Class<?> type : ChargeCommand.class.getPermittedSubclasses()) {
      ChargeCommand c = sample(type);
      assertThat(DECIDER.decide(c, s)).as(type.getSimpleName()).isNotNull();
    }
  }

  @Test
  void every_event_type_evolves() {
    for (Class<?> type : ChargeEvent.class.getPermittedSubclasses()) {
      ChargeEvent e = org.chargebay.events.SampleEvents.of(type.asSubclass(ChargeEvent.class));
      assertThat(DECIDER.evolve(given(), e).version()).as(type.getSimpleName()).isEqualTo(1);
    }
  }

  private static ChargeCommand sample(Class<?> type) {
    Observation o = idle(cells(3800));
    if (type == StartCharge.class) return new StartCharge(T0, "x", PROFILE, o);
    if (type == StopCharge.class) return new StopCharge(T0, "a", "b", o);
    if (type == Observe.class) return new Observe(T0, o, null);
    if (type == AcknowledgeFault.class) return new AcknowledgeFault(T0, "a", "b");
    if (type == RecoverAfterRestart.class) return new RecoverAfterRestart(T0, o);
    if (type == ChargeCommand.SuspendForShutdown.class)
      return new ChargeCommand.SuspendForShutdown(T0, o);
    if (type == ChargeCommand.AdjustCeiling.class)
      return new ChargeCommand.AdjustCeiling(T0, 4100, 4150, "a", o);
    throw new AssertionError("no sample for command " + type.getName() + ": add one");
  }
}
