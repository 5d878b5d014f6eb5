package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.Evidence;
import org.chargebay.events.RefusalReason;
import org.chargebay.events.StartRefused;
import org.chargebay.session.ChargeCommand;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargeState;
import org.chargebay.session.DeciderSettings;
import org.chargebay.session.Observation;
import org.chargebay.session.SupplyFacts;
import org.chargebay.supply.SupplyCapabilities;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BayRulesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  private static final ChargeDecider DECIDER = new ChargeDecider(DeciderSettings.defaults());

  @Test
  void each_operator_command_becomes_its_decider_command() {
    Observation o = Observation.none();
    assertThat(
            BayRules.toChargeCommand(new OperatorCommand.Start("s1", PROFILE), T0, o, null, 4150))
        .isEqualTo(new ChargeCommand.StartCharge(T0, "s1", PROFILE, o, null));
    assertThat(
            BayRules.toChargeCommand(
                new OperatorCommand.Stop("ops", "shift end"), T0, o, null, 4150))
        .isEqualTo(new ChargeCommand.StopCharge(T0, "ops", "shift end", o));
    assertThat(
            BayRules.toChargeCommand(
                new OperatorCommand.Acknowledge("ana", "lead"), T0, o, null, 4150))
        .isEqualTo(new ChargeCommand.AcknowledgeFault(T0, "ana", "lead"));
    assertThat(
            BayRules.toChargeCommand(
                new OperatorCommand.AdjustCeiling(4100, "ana"), T0, o, null, 4150))
        .isEqualTo(new ChargeCommand.AdjustCeiling(T0, 4100, 4150, "ana", o));
    assertThat(OperatorCommand.class.getPermittedSubclasses()).hasSize(4);
    assertThat(BayRules.needsSupplyFacts(new OperatorCommand.Start("s1", PROFILE))).isTrue();
    assertThat(BayRules.needsSupplyFacts(new OperatorCommand.Stop("ops", "r"))).isFalse();
  }

  @Test
  void auto_start_is_tried_once_with_fresh_telemetry_and_only_from_idle_or_complete() {
    BaySettings auto = BaySettings.of("b1", PROFILE, true);
    BaySettings manual = BaySettings.of("b1", PROFILE, false);
    assertThat(BayRules.autoStartDue(auto, false, true)).isTrue();
    assertThat(BayRules.autoStartDue(auto, true, true)).isFalse();
    assertThat(BayRules.autoStartDue(auto, false, false)).isFalse();
    assertThat(BayRules.autoStartDue(manual, false, true)).isFalse();

    assertThat(BayRules.autoStartable(DECIDER.initialState())).isTrue();
    assertThat(
            BayRules.autoStartable(
                DECIDER.fold(
                    List.of(
                        new ChargeStarted("s", T0, PROFILE, Evidence.none()),
                        new ChargeCompleted("s", T0, 1, 1, Evidence.none())))))
        .isTrue();
    assertThat(
            BayRules.autoStartable(
                DECIDER.fold(List.of(new ChargeStarted("s", T0, PROFILE, Evidence.none())))))
        .isFalse();
    assertThat(
            BayRules.autoStartable(
                DECIDER.fold(
                    List.of(
                        new ChargeStarted("s", T0, PROFILE, Evidence.none()),
                        new CutOff(
                            "s", T0, CutOffReason.BMS_STALE, "d", List.of(), Evidence.none())))))
        .as("never over a latched fault")
        .isFalse();
    assertThat(BayRules.autoSessionId(auto, T0)).isEqualTo("b1-" + T0.toEpochMilli());
  }

  @Test
  void supply_facts_carry_the_capabilities_and_the_bays_margins_and_opt_in_key() {
    SupplyCapabilities rd6018 =
        new SupplyCapabilities("RD6018", 60_000, 18_000, 10, 10, true, "settable OVP/OCP", null);
    BaySettings s = BaySettings.of("bay7", PROFILE, false);

    SupplyFacts f = BayRules.supplyFacts(Optional.of(rd6018), s).orElseThrow();

    assertThat(f.model()).isEqualTo("RD6018");
    assertThat(f.maxMillivolts()).isEqualTo(60_000);
    assertThat(f.ovpMarginMillivolts()).isEqualTo(s.hardwareVoltageMarginMillivolts());
    assertThat(f.ocpMarginMilliamps()).isEqualTo(s.hardwareCurrentMarginMilliamps());
    assertThat(f.acceptKey()).isEqualTo("chargebay.bays.bay7.supply.accept-no-hardware-limits");
    assertThat(BayRules.supplyFacts(Optional.empty(), s)).isEmpty();
  }

  @Test
  void the_status_keeps_the_last_refusal_until_a_session_starts() {
    StartRefused refused =
        new StartRefused(
            "s", T0, PROFILE, RefusalReason.ALREADY_FULL, "highest cell 4146 mV", Evidence.none());
    String after = BayStatus.refusalAfter(refused, null);
    assertThat(after).isEqualTo("ALREADY_FULL: highest cell 4146 mV");
    assertThat(BayStatus.refusalAfter(new ChargeCompleted("s", T0, 1, 1, Evidence.none()), after))
        .isEqualTo(after);
    assertThat(BayStatus.refusalAfter(new ChargeStarted("s", T0, PROFILE, Evidence.none()), after))
        .isNull();
  }

  @Test
  void
      a_sleeping_bay_reads_its_devices_once_after_falling_asleep_then_every_slow_poll_and_at_its_timer() {
    BaySettings plain = BaySettings.of("b1", PROFILE, false);
    BaySettings sleeping = plain.withSleep(org.chargebay.session.SleepSettings.defaults());
    java.time.Instant wake = T0.plus(java.time.Duration.ofHours(24));
    ChargeState asleep =
        DECIDER.fold(
            java.util.List.of(
                new org.chargebay.events.ChargeStarted(
                    "s", T0, PROFILE, org.chargebay.events.Evidence.none()),
                new org.chargebay.events.ChargeCompleted(
                    "s", T0, 1, 1, org.chargebay.events.Evidence.none()),
                new org.chargebay.events.BaySlept(
                    "s", T0, wake, 4150, 0, "c", org.chargebay.events.Evidence.none())));
    assertThat(asleep.asleep()).isTrue();
    java.time.Instant t = T0.plusMillis(200);
    assertThat(BayRules.pollDue(plain, asleep, T0, true, t)).as("no sleep settings").isTrue();
    assertThat(BayRules.pollDue(sleeping, asleep, T0, false, t)).as("first poll asleep").isTrue();
    assertThat(BayRules.pollDue(sleeping, asleep, T0, true, t)).isFalse();
    assertThat(BayRules.pollDue(sleeping, asleep, T0, true, T0.plusSeconds(59))).isFalse();
    assertThat(BayRules.pollDue(sleeping, asleep, T0, true, T0.plusSeconds(60))).isTrue();
    java.time.Instant justBefore = wake.minusSeconds(1);
    assertThat(BayRules.pollDue(sleeping, asleep, justBefore.minusSeconds(30), true, wake))
        .isTrue();
    assertThat(BayRules.pollDue(sleeping, ChargeState.initial(), T0, true, t)).isTrue();
  }
}
