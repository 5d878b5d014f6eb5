package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.session.ChargeDeciderTest.T0;
import static org.chargebay.session.ChargeDeciderTest.cells;
import static org.chargebay.session.ChargeDeciderTest.idle;
import static org.chargebay.session.ChargeDeciderTest.obs;

import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.SupplyTerms;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.StartCharge;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Starts against the supply's capabilities: given(events).when(command).then(events). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargeDeciderSupplyTest {
  private static final ChargeDecider DECIDER = new ChargeDecider(DeciderSettings.defaults());
  private static final String KEY = "chargebay.bays.b1.supply.accept-no-hardware-limits";

  /** 13S x 4150 mV = 53950 mV, 2 A, taper 100 mA. */
  private static final ChargeProfile PROFILE = ChargeDeciderTest.PROFILE;

  private record Caps(String model, int mv, int ma, boolean hw, Integer fixed, String notes) {}

  private static final Caps RD6018 = new Caps("RD6018", 60_000, 18_000, true, null, "");
  private static final Caps DPH8920 =
      new Caps("DPH8920", 96_000, 20_000, false, null, "no OVP/OCP command");

  private static Caps relay(int mv, int ma) {
    return new Caps("WAVESHARE-RELAY", mv, ma, false, mv, "on/off only");
  }

  private static SupplyFacts facts(Caps c, boolean accept) {
    return new SupplyFacts(
        c.model(), c.mv(), c.ma(), c.hw(), c.fixed(), c.notes(), 13 * 50, 500, accept, KEY);
  }

  private static List<ChargeEvent> start(ChargeProfile p, SupplyFacts f) {
    return DECIDER.decide(
        new StartCharge(T0, "s1", p, idle(cells(3700)), f), DECIDER.initialState());
  }

  private static StartRefused refused(List<ChargeEvent> out) {
    assertThat(out).hasSize(1);
    return (StartRefused) out.get(0);
  }

  private static ChargeState given(List<ChargeEvent> events) {
    return DECIDER.fold(events);
  }

  @Test
  void idle_x_start_of_a_20s_pack_at_4200_on_an_rd6018_is_refused_naming_model_ask_and_maximum() {
    ChargeProfile twentyS = new ChargeProfile("NMC", 20, 4200, 2000, 100);

    StartRefused r = refused(start(twentyS, facts(RD6018, false)));

    assertThat(r.reason().name()).isEqualTo("SUPPLY_CANNOT_SERVE");
    assertThat(r.detail())
        .isEqualTo(
            "RD6018 can set at most 60000 mV; the profile needs 84000 mV"
                + " (profile: 20S x 4200 mV = 84000 mV at 2000 mA)");
  }

  @Test
  void idle_x_start_above_the_models_current_is_refused() {
    ChargeProfile twentyAmps = new ChargeProfile("NMC", 13, 4150, 18_001, 500);

    StartRefused r = refused(start(twentyAmps, facts(RD6018, false)));

    assertThat(r.reason().name()).isEqualTo("SUPPLY_CANNOT_SERVE");
    assertThat(r.detail())
        .startsWith("RD6018 can set at most 18000 mA; the profile needs 18001 mA");
  }

  @Test
  void idle_x_start_at_exactly_the_models_current_starts() {
    ChargeProfile max = new ChargeProfile("NMC", 13, 4150, 18_000, 500);

    assertThat(start(max, facts(RD6018, false)).get(0)).isInstanceOf(ChargeStarted.class);
  }

  @Test
  void idle_x_start_on_a_supply_with_ovp_ocp_records_the_hardware_backstop() {
    ChargeStarted s = (ChargeStarted) start(PROFILE, facts(RD6018, false)).get(0);

    assertThat(s.supply())
        .isEqualTo(
            new SupplyTerms(
                "RD6018",
                true,
                54_600,
                2_500,
                null,
                "hardware backstop: OVP 54600 mV / OCP 2500 mA (capabilities: RD6018 max 60000 mV"
                    + " / 18000 mA, settable OVP/OCP)"));
  }

  @Test
  void idle_x_start_on_a_juntek_without_the_opt_in_is_refused_naming_the_key() {
    StartRefused r = refused(start(PROFILE, facts(DPH8920, false)));

    assertThat(r.reason().name()).isEqualTo("NO_HARDWARE_LIMITS");
    assertThat(r.detail())
        .startsWith("DPH8920 max 96000 mV / 20000 mA, no OVP/OCP (no OVP/OCP command)")
        .endsWith("set " + KEY + "=true");
  }

  @Test
  void idle_x_start_on_a_juntek_with_the_opt_in_starts_without_a_backstop_and_steers_as_usual() {
    List<ChargeEvent> out = start(PROFILE, facts(DPH8920, true));
    List<ChargeEvent> legacy =
        DECIDER.decide(
            new StartCharge(T0, "s1", PROFILE, idle(cells(3700))), DECIDER.initialState());

    ChargeStarted s = (ChargeStarted) out.get(0);
    assertThat(s.supply().hardwareBackstop()).isFalse();
    assertThat(s.supply().ovpMillivolts()).isNull();
    assertThat(s.supply().detail())
        .isEqualTo(
            "no hardware backstop (capabilities: DPH8920 max 96000 mV / 20000 mA, no OVP/OCP;"
                + " no OVP/OCP command); accepted by "
                + KEY
                + "=true: the safety supervisor and"
                + " the BMS charge MOSFET are the limits");
    assertThat(out.get(1)).isEqualTo(legacy.get(1));
  }

  @Test
  void a_start_without_supply_facts_decides_as_before_and_leaves_the_terms_empty() {
    List<ChargeEvent> out =
        DECIDER.decide(
            new StartCharge(T0, "s1", PROFILE, idle(cells(3700))), DECIDER.initialState());

    assertThat(((ChargeStarted) out.get(0)).supply()).isNull();
    assertThat(((SetpointChanged) out.get(1)).cause()).isEqualTo("start");
  }

  @Test
  void a_fixed_charger_above_the_pack_ceiling_plus_margin_is_refused_even_with_the_opt_in() {
    StartRefused r = refused(start(PROFILE, facts(relay(54_601, 2_000), true)));

    assertThat(r.reason().name()).isEqualTo("FIXED_VOLTAGE_ABOVE_CEILING");
    assertThat(r.detail())
        .startsWith(
            "WAVESHARE-RELAY fixed 54601 mV / 2000 mA, no OVP/OCP: its 54601 mV is above the pack"
                + " ceiling 53950 mV + margin 650 mV = 54600 mV");
  }

  @Test
  void a_fixed_charger_at_the_pack_ceiling_plus_margin_starts_switched_on_at_its_nameplate() {
    List<ChargeEvent> out = start(PROFILE, facts(relay(54_600, 2_000), true));

    ChargeStarted s = (ChargeStarted) out.get(0);
    assertThat(s.supply().fixedMillivolts()).isEqualTo(54_600);
    assertThat(s.supply().hardwareBackstop()).isFalse();
    SetpointChanged on = (SetpointChanged) out.get(1);
    assertThat(List.of(on.millivolts(), on.milliamps())).containsExactly(54_600, 2_000);
    assertThat(on.outputOn()).isTrue();
  }

  @Test
  void a_fixed_charger_without_the_opt_in_is_refused() {
    assertThat(refused(start(PROFILE, facts(relay(54_000, 2_000), false))).reason().name())
        .isEqualTo("NO_HARDWARE_LIMITS");
  }

  @Test
  void a_fixed_charger_stronger_than_the_profiles_current_is_refused() {
    StartRefused r = refused(start(PROFILE, facts(relay(54_000, 2_001), true)));

    assertThat(r.reason().name()).isEqualTo("SUPPLY_CANNOT_SERVE");
    assertThat(r.detail()).contains("delivers 2001 mA, more than the profile's 2000 mA");
  }

  @Test
  void fixed_cc_x_current_flowing_yields_cv_and_no_new_setpoint() {
    ChargeState s = given(start(PROFILE, facts(relay(54_000, 2_000), true)));
    List<Integer> flowing = List.of(2000, 2000, 2000, 2000, 2000);

    List<ChargeEvent> out =
        DECIDER.decide(new Observe(T0, obs(cells(3900), 2000, true, "CV", flowing), null), s);

    assertThat(out).hasSize(1);
    assertThat(((PhaseChanged) out.get(0)).to()).isEqualTo(Phase.CV);
  }

  @Test
  void fixed_x_highest_cell_within_10_mv_of_the_ceiling_yields_completed() {
    ChargeState s = given(start(PROFILE, facts(relay(54_000, 2_000), true)));
    List<Integer> c = cells(4000);
    c.set(4, 4140);

    List<ChargeEvent> out =
        DECIDER.decide(new Observe(T0, obs(c, 2000, true, "CV", List.of(2000)), null), s);

    assertThat(out).singleElement().isInstanceOf(ChargeCompleted.class);
  }

  @Test
  void fixed_cv_x_tapered_current_yields_completed_but_cc_with_a_pre_start_window_does_not() {
    List<ChargeEvent> started = start(PROFILE, facts(relay(53_000, 2_000), true));
    ChargeState cc = given(started);
    Observation tapered = obs(cells(4070), 50, true, "CV", List.of(90, 80, 70, 60, 50));

    assertThat(DECIDER.decide(new Observe(T0, tapered, null), cc)).isEmpty();
    ChargeState cv =
        DECIDER.evolve(
            cc, new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "fixed", tapered.evidence()));
    assertThat(DECIDER.decide(new Observe(T0, tapered, null), cv))
        .singleElement()
        .isInstanceOf(ChargeCompleted.class);
  }

  @Test
  void fixed_x_a_site_allocation_below_its_current_keeps_it_off_then_on_when_it_covers_it() {
    SupplyFacts relay = facts(relay(54_000, 2_000), true);
    List<ChargeEvent> started =
        DECIDER.decide(
            new StartCharge(T0, "s1", PROFILE, idle(cells(3700)).withAllocation(1_999), relay),
            DECIDER.initialState());
    SetpointChanged first = (SetpointChanged) started.get(1);
    assertThat(first.outputOn()).as("held off at start").isFalse();
    assertThat(first.cause())
        .isEqualTo("start: fixed charger held off: site allocation 1999 mA is below its 2000 mA");
    ChargeState held = given(started);
    assertThat(held.phase()).isEqualTo(Phase.CC);

    // the current reads 0 while held: no taper, no completion, no switching on
    Observation off = obs(cells(3700), 0, false, "CC", List.of(0, 0, 0, 0, 0));
    assertThat(DECIDER.decide(new Observe(T0.plusSeconds(1), off.withAllocation(0), null), held))
        .isEmpty();
    // the allocation now covers it: on again
    List<ChargeEvent> on =
        DECIDER.decide(new Observe(T0.plusSeconds(2), off.withAllocation(2_000), null), held);
    assertThat(on).singleElement().isInstanceOf(SetpointChanged.class);
    assertThat(((SetpointChanged) on.get(0)).outputOn()).isTrue();
    assertThat(((SetpointChanged) on.get(0)).cause())
        .isEqualTo("fixed charger: on again, site allocation 2000 mA covers its current");
  }

  @Test
  void fixed_cv_x_an_allocation_that_falls_below_its_current_switches_it_off_and_back_to_cc() {
    ChargeState cc = given(start(PROFILE, facts(relay(54_000, 2_000), true)));
    Observation flowing = obs(cells(3900), 2000, true, "CV", List.of(2000, 2000, 2000, 2000, 2000));
    ChargeState cv =
        DECIDER.evolve(
            cc, new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "fixed", flowing.evidence()));

    List<ChargeEvent> out =
        DECIDER.decide(new Observe(T0.plusSeconds(1), flowing.withAllocation(1_500), null), cv);

    assertThat(out).hasSize(2);
    assertThat(((PhaseChanged) out.get(0)).to()).isEqualTo(Phase.CC);
    SetpointChanged off = (SetpointChanged) out.get(1);
    assertThat(off.outputOn()).isFalse();
    assertThat(off.cause())
        .isEqualTo("fixed charger held off: site allocation 1500 mA is below its 2000 mA");
    // held off, the zero current that follows is not a taper
    ChargeState held = DECIDER.fold(cv, out);
    Observation zero = obs(cells(3900), 0, false, "CC", List.of(0, 0, 0, 0, 0));
    assertThat(
            DECIDER.decide(new Observe(T0.plusSeconds(2), zero.withAllocation(1_500), null), held))
        .isEmpty();
    // a full pack still completes while held off
    List<Integer> full = cells(4000);
    full.set(2, 4145);
    assertThat(
            DECIDER.decide(
                new Observe(
                    T0.plusSeconds(3),
                    obs(full, 0, false, "CC", List.of(0)).withAllocation(0),
                    null),
                held))
        .singleElement()
        .isInstanceOf(ChargeCompleted.class);
  }
}
