package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.BaySlept;
import org.chargebay.events.CeilingAdjusted;
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
import org.chargebay.events.SupplyTerms;
import org.chargebay.events.TopUpStarted;
import org.chargebay.safety.SafetyVerdict;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargeState;
import org.chargebay.supply.SupplySetpoint;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The event to device-command mapping, one event type at a time, and the cut-off's two paths. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EffectsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  /** Margins 650 mV / 500 mA by default. */
  private static final BaySettings SETTINGS = BaySettings.of("b1", PROFILE, false);

  private static final ChargeDecider DECIDER = new ChargeDecider(SETTINGS.decider());

  private static List<DeviceCommand> of(ChargeEvent e) {
    return Effects.of(e, SETTINGS);
  }

  @Test
  void charge_started_without_terms_sets_ovp_ocp_at_the_profile_plus_the_bays_margins() {
    assertThat(of(new ChargeStarted("s", T0, PROFILE, Evidence.none())))
        .containsExactly(new DeviceCommand.SetProtection(13 * 4150 + 650, 2000 + 500));
  }

  @Test
  void charge_started_with_a_hardware_backstop_sets_the_terms_ovp_ocp() {
    SupplyTerms terms = new SupplyTerms("RD6018", true, 54_600, 2_500, null, "backstop");
    assertThat(of(new ChargeStarted("s", T0, PROFILE, Evidence.none(), terms)))
        .containsExactly(new DeviceCommand.SetProtection(54_600, 2_500));
  }

  @Test
  void charge_started_on_an_accepted_supply_without_ovp_ocp_sets_nothing_and_is_logged() {
    SupplyTerms terms =
        new SupplyTerms("WAVESHARE-RELAY", false, null, null, 54_000, "no backstop");
    ChargeStarted started = new ChargeStarted("s", T0, PROFILE, Evidence.none(), terms);
    assertThat(of(started)).isEmpty();
    assertThat(Effects.notice(started))
        .isEqualTo("session s runs WITHOUT safety layer 1: no backstop");
  }

  @Test
  void a_failed_ovp_ocp_write_cuts_the_session_off_for_hardware_limits_not_set() {
    DeviceCommand c = of(new ChargeStarted("s", T0, PROFILE, Evidence.none())).get(0);
    assertThat(c.cutOffWhenFailed()).isEqualTo(CutOffReason.HARDWARE_LIMITS_NOT_SET);
    assertThat(c.cutOffDetail("timeout")).isEqualTo("could not set the supply's OVP/OCP: timeout");
  }

  @Test
  void setpoint_changed_writes_that_setpoint_and_a_failure_is_only_reported() {
    List<DeviceCommand> c =
        of(new SetpointChanged("s", T0, 53_900, 2_000, true, "steer", Evidence.none()));
    assertThat(c).containsExactly(new DeviceCommand.Apply(new SupplySetpoint(53_900, 2_000, true)));
    assertThat(c.get(0).cutOffWhenFailed()).isNull();
  }

  @Test
  void completed_stopped_and_suspended_turn_the_output_off() {
    assertThat(of(new ChargeCompleted("s", T0, 10, 500, Evidence.none())))
        .containsExactly(new DeviceCommand.OutputOff());
    assertThat(of(new ChargeStopped("s", T0, "ops", "shift end", Evidence.none())))
        .containsExactly(new DeviceCommand.OutputOff());
    assertThat(of(new ChargeSuspended("s", T0, Phase.CC, "restart", Evidence.none())))
        .containsExactly(new DeviceCommand.OutputOff());
  }

  @Test
  void fault_acknowledged_closes_the_charge_mosfet_again() {
    assertThat(of(new FaultAcknowledged("s", T0, "ana", "lead re-seated")))
        .containsExactly(new DeviceCommand.ChargeFet(true));
  }

  @Test
  void cut_off_fault_latched_refusal_phase_change_and_resume_command_nothing() {
    assertThat(of(new CutOff("s", T0, CutOffReason.BMS_STALE, "d", List.of(), Evidence.none())))
        .isEmpty();
    assertThat(of(new FaultLatched("s", T0, CutOffReason.BMS_STALE, "d"))).isEmpty();
    StartRefused refused =
        new StartRefused("s", T0, PROFILE, RefusalReason.ALREADY_FULL, "full", Evidence.none());
    assertThat(of(refused)).isEmpty();
    assertThat(Effects.notice(refused)).isEqualTo("start of session s refused: ALREADY_FULL: full");
    assertThat(of(new PhaseChanged("s", T0, Phase.CC, Phase.CV, "x", Evidence.none()))).isEmpty();
    assertThat(of(new ChargeResumed("s", T0, Phase.CC, Evidence.none()))).isEmpty();
  }

  @Test
  void every_event_type_has_its_commands_stated_here() {
    java.util.Map<Class<?>, List<DeviceCommand>> expected = new java.util.HashMap<>();
    expected.put(ChargeStarted.class, List.of(new DeviceCommand.SetProtection(54_600, 2_500)));
    expected.put(
        SetpointChanged.class,
        List.of(new DeviceCommand.Apply(new SupplySetpoint(53_900, 2_000, true))));
    expected.put(ChargeCompleted.class, List.of(new DeviceCommand.OutputOff()));
    expected.put(ChargeStopped.class, List.of(new DeviceCommand.OutputOff()));
    expected.put(ChargeSuspended.class, List.of(new DeviceCommand.OutputOff()));
    expected.put(FaultAcknowledged.class, List.of(new DeviceCommand.ChargeFet(true)));
    expected.put(CutOff.class, List.of());
    expected.put(FaultLatched.class, List.of());
    expected.put(StartRefused.class, List.of());
    expected.put(PhaseChanged.class, List.of());
    expected.put(ChargeResumed.class, List.of());
    expected.put(org.chargebay.events.BayConfigured.class, List.of());
    expected.put(org.chargebay.events.BayRemoved.class, List.of());
    expected.put(org.chargebay.events.PackIdentified.class, List.of());
    expected.put(org.chargebay.events.ResistanceMeasured.class, List.of());
    expected.put(CeilingAdjusted.class, List.of());
    expected.put(BaySlept.class, List.of());
    expected.put(TopUpStarted.class, List.of());
    expected.put(org.chargebay.events.PlanComputed.class, List.of());
    expected.put(org.chargebay.events.AllocationChanged.class, List.of());
    expected.put(org.chargebay.events.CommandAudited.class, List.of());
    expected.put(org.chargebay.events.ChargePlanned.class, List.of());
    expected.put(org.chargebay.events.RampDownStarted.class, List.of());
    expected.put(org.chargebay.events.BalanceHoldStarted.class, List.of());
    expected.put(org.chargebay.events.BalanceWarned.class, List.of());
    expected.put(org.chargebay.events.DepartureSet.class, List.of());
    List<ChargeEvent> one =
        List.of(
            org.chargebay.events.SampleEvents.of(org.chargebay.events.BayConfigured.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.BayRemoved.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.PackIdentified.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.ResistanceMeasured.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.CommandAudited.class),
            new ChargeStarted(
                "s",
                T0,
                PROFILE,
                Evidence.none(),
                new SupplyTerms("RD6018", true, 54_600, 2_500, null, "backstop")),
            new SetpointChanged("s", T0, 53_900, 2_000, true, "steer", Evidence.none()),
            new ChargeCompleted("s", T0, 10, 500, Evidence.none()),
            new ChargeStopped("s", T0, "ops", "r", Evidence.none()),
            new ChargeSuspended("s", T0, Phase.CC, "r", Evidence.none()),
            new FaultAcknowledged("s", T0, "ana", "n"),
            new CutOff("s", T0, CutOffReason.BMS_STALE, "d", List.of(), Evidence.none()),
            new FaultLatched("s", T0, CutOffReason.BMS_STALE, "d"),
            new StartRefused("s", T0, PROFILE, RefusalReason.ALREADY_FULL, "d", Evidence.none()),
            new PhaseChanged("s", T0, Phase.CC, Phase.CV, "x", Evidence.none()),
            new ChargeResumed("s", T0, Phase.CC, Evidence.none()),
            new CeilingAdjusted("s", T0, 4150, 4100, "ana", Evidence.none()),
            new BaySlept("s", T0, T0, 4150, 0, "c", Evidence.none()),
            new TopUpStarted("s-top-up-1", T0, "s", 60, 1, Evidence.none()),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.PlanComputed.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.AllocationChanged.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.ChargePlanned.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.RampDownStarted.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.BalanceHoldStarted.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.BalanceWarned.class),
            org.chargebay.events.SampleEvents.of(org.chargebay.events.DepartureSet.class));

    assertThat(expected.keySet())
        .containsExactlyInAnyOrder(ChargeEvent.class.getPermittedSubclasses());
    assertThat(one)
        .extracting(Object::getClass)
        .map(Class.class::cast)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (ChargeEvent e : one) {
      assertThat(of(e)).as(e.getClass().getSimpleName()).isEqualTo(expected.get(e.getClass()));
    }
  }

  @Test
  void a_cut_off_acts_on_the_supply_output_first_then_the_bms_charge_mosfet() {
    assertThat(Effects.cutOff())
        .containsExactly(new DeviceCommand.OutputOff(), new DeviceCommand.ChargeFet(false));
    assertThat(Effects.cutOff())
        .extracting(DeviceCommand::path)
        .containsExactly("supply-output-off", "bms-charge-fet-off");
  }

  @Test
  void outcomes_read_confirmed_or_failed_with_the_reason() {
    assertThat(new DeviceCommand.Outcome(new DeviceCommand.OutputOff(), null).describe())
        .isEqualTo("supply-output-off: confirmed");
    assertThat(
            new DeviceCommand.Outcome(new DeviceCommand.ChargeFet(false), "MOSFET still on")
                .describe())
        .isEqualTo("bms-charge-fet-off: failed: MOSFET still on");
  }

  @Test
  void at_start_up_a_session_found_open_has_its_output_turned_off_and_an_idle_bay_nothing() {
    ChargeState charging =
        DECIDER.fold(
            List.of(
                new ChargeStarted("s", T0, PROFILE, Evidence.none()),
                new SetpointChanged("s", T0, 53_000, 2_000, true, "start", Evidence.none())));
    assertThat(Effects.atStartUp(charging)).containsExactly(new DeviceCommand.OutputOff());
    assertThat(Effects.atStartUp(DECIDER.initialState())).isEmpty();
    ChargeState faulted =
        DECIDER.fold(
            List.of(
                new ChargeStarted("s", T0, PROFILE, Evidence.none()),
                new CutOff(
                    "s", T0, CutOffReason.CELL_OVER_VOLTAGE, "d", List.of(), Evidence.none())));
    assertThat(Effects.atStartUp(faulted)).isEmpty();
  }

  @Test
  void while_faulted_a_charge_mosfet_that_closed_again_is_opened_and_otherwise_left_alone() {
    ChargeState faulted =
        DECIDER.fold(
            List.of(
                new ChargeStarted("s", T0, PROFILE, Evidence.none()),
                new CutOff("s", T0, CutOffReason.BMS_STALE, "d", List.of(), Evidence.none())));
    assertThat(Effects.whileFaulted(faulted, bms(true)))
        .containsExactly(new DeviceCommand.ChargeFet(false));
    assertThat(Effects.whileFaulted(faulted, bms(false))).isEmpty();
    assertThat(Effects.whileFaulted(faulted, null)).isEmpty();
    assertThat(Effects.whileFaulted(DECIDER.initialState(), bms(true))).isEmpty();
  }

  @Test
  void every_supervisor_reason_has_the_same_name_as_a_cut_off_reason() {
    for (SafetyVerdict.Reason r : SafetyVerdict.Reason.values()) {
      assertThat(Effects.reasonOf(r).name()).isEqualTo(r.name());
    }
  }

  private static BmsSnapshot bms(boolean chargeFet) {
    return new BmsSnapshot(
        List.of(4100, 4101), 8201, 0, 80, List.of(250), chargeFet, true, 0L, 0, 12, 1000, 2000, 2);
  }
}
