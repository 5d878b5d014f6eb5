package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.Evidence;
import org.chargebay.events.NoBmsTerms;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RefusalReason;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.StartCharge;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** A pack without a smart BMS, on the supply alone: given(events).when(command).then(events). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargeDeciderNoBmsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ChargeDecider DECIDER =
      new ChargeDecider(
          DeciderSettings.defaults(),
          null,
          NoBmsSettings.defaults().withMaxChargeTime(Duration.ofHours(2)));

  /** 13S x 4150 mV, 2 A, taper 100 mA: without a BMS the supply holds 13 x 4100 = 53300 mV. */
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  private static final SupplyFacts RD6018 =
      new SupplyFacts("RD6018", 60_000, 18_000, true, null, "", 13 * 50, 500, false, "k.accept");

  private static Observation supplyOnly(int outMv, int outMa, boolean on, List<Integer> window) {
    String mode = on && outMa < 2000 ? "CV" : "CC";
    Evidence ev =
        new Evidence(null, new Evidence.Supply(50, 53_300, 2000, outMv, outMa, on, mode), 0, 0);
    return new Observation(ev, true, window);
  }

  private static List<ChargeEvent> start(int packMv, SupplyFacts facts) {
    return DECIDER.decide(
        new StartCharge(T0, "s1", PROFILE, supplyOnly(packMv, 0, false, List.of()), facts),
        DECIDER.initialState());
  }

  @Test
  void idle_x_start_holds_the_supply_at_cells_times_ceiling_minus_50_mv_and_records_it() {
    List<ChargeEvent> out = start(48_100, RD6018);

    assertThat(out).hasSize(2);
    ChargeStarted started = (ChargeStarted) out.get(0);
    NoBmsTerms terms = started.noBms();
    assertThat(terms).isNotNull();
    assertThat(terms.packCeilingMillivolts()).isEqualTo(53_300);
    assertThat(terms.maxChargeSeconds()).isEqualTo(7200);
    assertThat(terms.chargeUntil()).isEqualTo(T0.plusSeconds(7200));
    assertThat(terms.detail())
        .isEqualTo(
            "no BMS (bms.family=none): supply only, pack ceiling 13 x (4150 - 50) mV = 53300 mV,"
                + " ends on the taper below 100 mA or after 2 h; pack 48100 mV at the start; no"
                + " cell is seen: the supervisor judges the supply's side");
    // the hardware backstop at the pack ceiling plus 50 mV per cell: 13 x 4150 mV
    assertThat(started.supply()).isNotNull();
    assertThat(started.supply().ovpMillivolts()).isEqualTo(53_950);
    SetpointChanged sp = (SetpointChanged) out.get(1);
    assertThat(sp.millivolts()).isEqualTo(53_300);
    assertThat(sp.milliamps()).isEqualTo(2000);
    assertThat(sp.outputOn()).isTrue();
  }

  @Test
  void idle_x_start_of_a_pack_at_the_pack_ceiling_or_too_low_or_too_high_is_refused() {
    assertThat(((StartRefused) start(53_300 - 13 * 5, RD6018).get(0)).reason())
        .isEqualTo(RefusalReason.ALREADY_FULL);
    assertThat(((StartRefused) start(13 * 2500 - 1, RD6018).get(0)).reason())
        .isEqualTo(RefusalReason.CELL_BELOW_MINIMUM);
    assertThat(((StartRefused) start(53_951, RD6018).get(0)).reason())
        .isEqualTo(RefusalReason.PACK_ABOVE_CEILING);
    assertThat(start(13 * 2500, RD6018).get(0)).isInstanceOf(ChargeStarted.class);
  }

  @Test
  void idle_x_start_on_an_unidentified_supply_or_one_without_ovp_is_refused() {
    StartRefused unknown = (StartRefused) start(48_000, null).get(0);
    assertThat(unknown.reason()).isEqualTo(RefusalReason.NO_TELEMETRY);
    assertThat(unknown.detail()).endsWith("; supply not identified yet");

    SupplyFacts noOvp =
        new SupplyFacts(
            "DPH8920", 96_000, 20_000, false, null, "no OVP/OCP", 650, 500, true, "k.accept");
    StartRefused r = (StartRefused) start(48_000, noOvp).get(0);
    assertThat(r.reason()).isEqualTo(RefusalReason.NO_HARDWARE_LIMITS);
    assertThat(r.detail()).contains("without a BMS the supply's own OVP/OCP is required");
  }

  @Test
  void cc_x_supply_in_cv_then_tapered_current_near_the_pack_ceiling_completes() {
    ChargeState cc = DECIDER.fold(start(48_000, RD6018));
    assertThat(cc.phase()).isEqualTo(Phase.CC);

    List<ChargeEvent> toCv =
        DECIDER.decide(
            new Observe(T0.plusSeconds(3000), supplyOnly(53_290, 1500, true, List.of(1500)), null),
            cc);
    assertThat(toCv).singleElement().isInstanceOf(PhaseChanged.class);
    ChargeState cv = DECIDER.fold(cc, toCv);

    List<Integer> tapered = new ArrayList<>(List.of(99, 98, 97, 96, 95));
    List<ChargeEvent> done =
        DECIDER.decide(
            new Observe(T0.plusSeconds(4000), supplyOnly(53_300, 95, true, tapered), null), cv);
    assertThat(done).singleElement().isInstanceOf(ChargeCompleted.class);

    tapered.set(4, 100);
    assertThat(
            DECIDER.decide(
                new Observe(T0.plusSeconds(4000), supplyOnly(53_300, 100, true, tapered), null),
                cv))
        .isEmpty();
  }

  @Test
  void charging_x_the_maximum_charge_time_stops_the_session() {
    ChargeState cc = DECIDER.fold(start(48_000, RD6018));
    Observation flowing = supplyOnly(52_000, 2000, true, List.of(2000));

    assertThat(DECIDER.decide(new Observe(T0.plusSeconds(7199), flowing, null), cc)).isEmpty();
    List<ChargeEvent> out = DECIDER.decide(new Observe(T0.plusSeconds(7200), flowing, null), cc);

    ChargeStopped stopped = (ChargeStopped) out.get(0);
    assertThat(out).hasSize(1);
    assertThat(stopped.by()).isEqualTo("controller");
    assertThat(stopped.reason())
        .isEqualTo(
            "maximum charge time of 2 h reached without the current tapering below 100 mA"
                + " (no BMS: the charge must end on time)");
  }

  @Test
  void cc_x_a_lowered_cell_ceiling_lowers_the_pack_ceiling_by_the_same_per_cell_step() {
    ChargeState cc = DECIDER.fold(start(48_000, RD6018));
    List<ChargeEvent> lowered =
        DECIDER.decide(
            new ChargeCommand.AdjustCeiling(
                T0.plusSeconds(60), 4100, 4150, "alice", supplyOnly(52_000, 2000, true, List.of())),
            cc);
    ChargeState adjusted = DECIDER.fold(cc, lowered);

    List<ChargeEvent> out =
        DECIDER.decide(
            new Observe(T0.plusSeconds(61), supplyOnly(52_000, 2000, true, List.of(2000)), null),
            adjusted);

    assertThat(out).singleElement().isInstanceOf(SetpointChanged.class);
    assertThat(((SetpointChanged) out.get(0)).millivolts()).isEqualTo(13 * 4050);
  }

  @Test
  void charging_x_stop_with_a_ramp_steps_the_current_down_then_stops_and_never_raises_it_again() {
    ChargeDecider ramping =
        new ChargeDecider(
            DeciderSettings.defaults().withRampDownSteps(3), null, NoBmsSettings.defaults());
    ChargeState cc =
        ramping.fold(
            ramping.decide(
                new StartCharge(T0, "s1", PROFILE, supplyOnly(48_000, 0, false, List.of()), RD6018),
                ramping.initialState()));
    Observation flowing = supplyOnly(52_000, 2000, true, List.of(2000));

    List<ChargeEvent> stop =
        ramping.decide(
            new ChargeCommand.StopCharge(T0.plusSeconds(60), "ana", "done", flowing), cc);
    assertThat(stop)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("RampDownStarted", "SetpointChanged");
    ChargeState s = ramping.fold(cc, stop);
    List<Integer> milliamps = new ArrayList<>(List.of(((SetpointChanged) stop.get(1)).milliamps()));
    ChargeStopped stopped = null;
    for (int poll = 1; poll <= 3 && stopped == null; poll++) {
      List<ChargeEvent> out =
          ramping.decide(new Observe(T0.plusSeconds(60).plusMillis(200L * poll), flowing, null), s);
      assertThat(out).hasSize(1);
      if (out.get(0) instanceof ChargeStopped c) {
        stopped = c;
        assertThat(poll).as("the stop follows the ramp's 3 steps").isEqualTo(3);
      } else {
        milliamps.add(((SetpointChanged) out.get(0)).milliamps());
      }
      s = ramping.fold(s, out);
    }
    assertThat(milliamps).containsExactly(1500, 1000, 500);
    assertThat(stopped).isNotNull();
    assertThat(stopped.by()).isEqualTo("ana");
    assertThat(s.phase()).isEqualTo(Phase.IDLE);
  }

  @Test
  void the_session_terms_are_folded_into_the_state() {
    ChargeState s = DECIDER.fold(start(48_000, RD6018));
    assertThat(s.noBms()).isNotNull();
    assertThat(s.noBms().packCeilingMillivolts()).isEqualTo(53_300);
    assertThat(s.commandedMillivolts()).isEqualTo(53_300);
  }

  @Test
  void charging_x_the_site_allocation_caps_the_supply_current_and_a_hold_is_not_a_taper() {
    List<ChargeEvent> started =
        DECIDER.decide(
            new StartCharge(
                T0,
                "s1",
                PROFILE,
                supplyOnly(48_000, 0, false, List.of()).withAllocation(700),
                RD6018),
            DECIDER.initialState());
    SetpointChanged first = (SetpointChanged) started.get(1);
    assertThat(first.milliamps()).isEqualTo(700);
    assertThat(first.cause()).isEqualTo("start without BMS: site allocation 700 mA");
    ChargeState cc = DECIDER.fold(started);

    // a lower allocation lowers the current at once, even by less than the usual step
    // the supply current-limited by the allocation: CC mode
    Evidence cc700 =
        new Evidence(null, new Evidence.Supply(50, 53_300, 700, 50_000, 700, true, "CC"), 0, 0);
    Observation flowing = new Observation(cc700, true, List.of(700, 700, 700));
    List<ChargeEvent> lower =
        DECIDER.decide(new Observe(T0.plusSeconds(60), flowing.withAllocation(690), null), cc);
    assertThat(lower).singleElement().isInstanceOf(SetpointChanged.class);
    assertThat(((SetpointChanged) lower.get(0)).milliamps()).isEqualTo(690);
    assertThat(((SetpointChanged) lower.get(0)).cause())
        .isEqualTo("site allocation 690 mA (no BMS)");

    // held at 0 mA near the pack ceiling in CV: waiting for its slot, not complete
    ChargeState cv =
        DECIDER.fold(
            cc,
            List.of(
                new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "test", Evidence.none()),
                new SetpointChanged("s1", T0, 53_300, 0, true, "site", Evidence.none())));
    Observation held = supplyOnly(53_300, 0, true, List.of(0, 0, 0, 0, 0));
    assertThat(DECIDER.decide(new Observe(T0.plusSeconds(120), held.withAllocation(0), null), cv))
        .noneMatch(e -> e instanceof ChargeCompleted);
    // the same readings without a site: the taper ends the charge
    assertThat(DECIDER.decide(new Observe(T0.plusSeconds(120), held, null), cv))
        .singleElement()
        .isInstanceOf(ChargeCompleted.class);
  }

  @Test
  void charging_x_time_held_at_zero_by_the_site_moves_the_maximum_charge_time_later() {
    ChargeState cc = DECIDER.fold(start(48_000, RD6018)); // 2 h from T0
    // held at 0 mA from 0:30 to 3:30 (a night slot), then charging again
    ChargeState held =
        DECIDER.fold(
            cc,
            List.of(
                new SetpointChanged(
                    "s1", T0.plusSeconds(1800), 53_300, 0, true, "site", Evidence.none())));
    assertThat(held.heldMillisAt(T0.plusSeconds(3600))).isEqualTo(1_800_000);
    ChargeState again =
        DECIDER.fold(
            held,
            List.of(
                new SetpointChanged(
                    "s1", T0.plusSeconds(12_600), 53_300, 2000, true, "site", Evidence.none())));
    assertThat(again.heldMillisAt(T0.plusSeconds(20_000))).isEqualTo(10_800_000);
    Observation flowing = supplyOnly(52_000, 2000, true, List.of(2000));
    // 2 h of charging end at 5:00, not at 2:00
    assertThat(DECIDER.decide(new Observe(T0.plusSeconds(7200), flowing, null), again))
        .noneMatch(e -> e instanceof ChargeStopped);
    assertThat(DECIDER.decide(new Observe(T0.plusSeconds(18_000 - 1), flowing, null), again))
        .noneMatch(e -> e instanceof ChargeStopped);
    assertThat(DECIDER.decide(new Observe(T0.plusSeconds(18_000), flowing, null), again))
        .singleElement()
        .isInstanceOf(ChargeStopped.class);
    // the supervisor's backstop moves with it
    assertThat(
            org.chargebay.bay.BayRules.sessionLimits(
                    org.chargebay.safety.SafetyLimits.defaults(13, 4150, 2000)
                        .withNoBms(new org.chargebay.safety.SafetyLimits.NoBms(53_300, 650, 0)),
                    again,
                    T0.plusSeconds(18_000))
                .noBms()
                .chargeUntilMillis())
        .isEqualTo(T0.plusSeconds(7200 + 60 + 10_800).toEpochMilli());
    // a new session starts with no hold
    assertThat(DECIDER.fold(again, start(48_000, RD6018)).heldMillisAt(T0.plusSeconds(20_000)))
        .isZero();
  }
}
