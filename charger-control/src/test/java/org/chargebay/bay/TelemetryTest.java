package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.safety.SafetyInputs;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargeState;
import org.chargebay.session.DeciderSettings;
import org.chargebay.session.Observation;
import org.chargebay.supply.SupplyReading;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Freshness, the current window and the integration of charge and energy, without devices. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TelemetryTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 2, 4150, 2000, 100);
  private static final ChargeDecider DECIDER = new ChargeDecider(DeciderSettings.defaults());
  private static final ChargeState CHARGING =
      DECIDER.fold(
          List.of(
              new ChargeStarted("s", T0, PROFILE, Evidence.none()),
              new SetpointChanged("s", T0, 8_300, 2_000, true, "start", Evidence.none())));

  private static BmsSnapshot bms(int milliamps) {
    return new BmsSnapshot(
        List.of(4000, 4010),
        8010,
        milliamps,
        80,
        List.of(250),
        true,
        true,
        0L,
        0,
        12,
        1000,
        2000,
        2);
  }

  private static final SupplyReading SUPPLY =
      new SupplyReading("RD6018", 8300, 2000, 8290, 1500, 12435, 24000, true, true, 0);

  @Test
  void one_hour_at_2_amps_and_8010_millivolts_is_2000_mah_and_16020_mwh() {
    Telemetry t = Telemetry.resumedFrom(DECIDER.initialState());
    for (long ms = 0; ms <= 3_600_000; ms += 200) {
      t = t.withBms(ms, bms(2000)).integrated(ms, true);
    }
    assertThat(t.chargedMilliampHours()).isEqualTo(2000);
    assertThat(t.chargedMilliwattHours()).isEqualTo(16_020);
  }

  @Test
  void an_interval_ending_in_a_failed_bms_read_or_outside_charging_adds_nothing() {
    Telemetry t = Telemetry.resumedFrom(DECIDER.initialState());
    t = t.withBms(0, bms(2000)).integrated(0, true);
    t = t.withBmsFailed().integrated(200, true);
    assertThat(t.chargeMilliampMillis()).isZero();
    t = t.withBms(400, bms(2000)).integrated(400, false);
    assertThat(t.chargeMilliampMillis()).isZero();
    t = t.withBms(600, bms(2000)).integrated(600, true);
    assertThat(t.chargeMilliampMillis()).isEqualTo(2000L * 200);
    t = t.withBms(800, bms(-500)).integrated(800, true);
    assertThat(t.chargeMilliampMillis()).as("discharge counts as zero").isEqualTo(2000L * 200);
  }

  @Test
  void a_restart_continues_the_recorded_totals_and_a_new_session_starts_from_zero() {
    ChargeState recorded =
        DECIDER.fold(
            List.of(
                new ChargeStarted("s", T0, PROFILE, Evidence.none()),
                new SetpointChanged(
                    "s", T0, 8_300, 2_000, true, "start", new Evidence(null, null, 1_234, 9_876))));
    Telemetry t = Telemetry.resumedFrom(recorded);
    assertThat(t.chargedMilliampHours()).isEqualTo(1_234);
    assertThat(t.chargedMilliwattHours()).isEqualTo(9_876);
    Telemetry fresh = t.after(new ChargeStarted("s2", T0, PROFILE, Evidence.none()));
    assertThat(fresh.chargedMilliampHours()).isZero();
    assertThat(fresh.chargedMilliwattHours()).isZero();
    assertThat(t.after(new SetpointChanged("s", T0, 1, 1, true, "x", Evidence.none())))
        .isEqualTo(t);
  }

  @Test
  void the_current_window_keeps_the_last_ten_good_reads_and_a_failed_read_empties_it() {
    Telemetry t = Telemetry.resumedFrom(DECIDER.initialState());
    for (int i = 1; i <= 12; i++) {
      t = t.withBms(i * 200L, bms(i));
    }
    assertThat(t.recentCurrentMilliamps()).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(t.withBmsFailed().recentCurrentMilliamps()).isEmpty();
    assertThat(t.withBmsFailed().bms())
        .as("the last reading is kept, with its age")
        .isEqualTo(bms(12));
  }

  @Test
  void fresh_needs_both_devices_within_their_limits_at_the_limit_and_not_one_ms_past() {
    Telemetry t =
        Telemetry.resumedFrom(DECIDER.initialState())
            .withBms(1_000, bms(0))
            .withSupply(1_200, SUPPLY);
    assertThat(t.fresh(1_800, 800, 800)).isTrue();
    assertThat(t.fresh(1_801, 800, 800)).isFalse();
    assertThat(t.fresh(2_000, 1_000, 800)).isTrue();
    assertThat(t.fresh(2_001, 1_000, 800)).isFalse();
    assertThat(Telemetry.resumedFrom(DECIDER.initialState()).withBms(0, bms(0)).fresh(0, 800, 800))
        .as("no supply reading")
        .isFalse();
  }

  @Test
  void observation_and_safety_inputs_carry_the_readings_with_their_ages() {
    Telemetry t =
        Telemetry.resumedFrom(DECIDER.initialState())
            .withBms(1_000, bms(1500))
            .withSupply(1_100, SUPPLY);

    Observation o = t.observation(1_300, true);
    assertThat(o.evidence().bms().ageMillis()).isEqualTo(300);
    assertThat(o.evidence().bms().cellMillivolts()).containsExactly(4000, 4010);
    assertThat(o.evidence().supply().ageMillis()).isEqualTo(200);
    assertThat(o.evidence().supply().outMilliamps()).isEqualTo(1500);
    assertThat(o.recentCurrentMilliamps()).containsExactly(1500);
    assertThat(o.fresh()).isTrue();

    SafetyInputs in = t.safetyInputs(1_300, CHARGING);
    assertThat(in.charging()).isTrue();
    assertThat(in.commanded()).isEqualTo(new SafetyInputs.Commanded(8_300, 2_000, true));
    assertThat(in.bms().atMillis()).isEqualTo(1_000);
    assertThat(in.supply().atMillis()).isEqualTo(1_100);
    assertThat(t.safetyInputs(1_300, DECIDER.initialState()).charging()).isFalse();
    assertThat(Telemetry.resumedFrom(DECIDER.initialState()).safetyInputs(0, CHARGING).bms())
        .isNull();
  }
}
