package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.session.ChargeDeciderTest.T0;
import static org.chargebay.session.ChargeDeciderTest.cells;
import static org.chargebay.session.ChargeDeciderTest.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.chargebay.events.CeilingAdjusted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.session.ChargeCommand.AdjustCeiling;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.StartCharge;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The chemistry's rules in the decider: ceilings, temperature, pre-charge, live ceiling. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargePolicyDeciderTest {
  static final ChargeDecider DECIDER = new ChargeDecider(DeciderSettings.defaults());
  static final ChargeProfile NMC = new ChargeProfile("NMC", 13, 4150, 8000, 400);
  static final ChargeProfile LFP = new ChargeProfile("LFP", 16, 3550, 8000, 400);

  static Observation seen(List<Integer> cells, List<Integer> temps, int capacityMah) {
    Evidence ev = evidence(cells, 0, cells.stream().mapToInt(Integer::intValue).sum(), false, "CV");
    return new Observation(ev, true, List.of(0, 0, 0), temps, capacityMah);
  }

  static Observation charging(List<Integer> cells, int ma, List<Integer> temps) {
    int pack = cells.stream().mapToInt(Integer::intValue).sum();
    Evidence ev = evidence(cells, ma, pack, true, "CC");
    return new Observation(ev, true, List.of(ma, ma, ma, ma, ma), temps, 10_000);
  }

  static List<Integer> lfpCells(int each) {
    return new ArrayList<>(Collections.nCopies(16, each));
  }

  static StartRefused refusal(List<ChargeEvent> out) {
    assertThat(out).singleElement().isInstanceOf(StartRefused.class);
    return (StartRefused) out.get(0);
  }

  @Test
  void idle_x_start_with_an_lfp_profile_at_nmc_ceiling_yields_refusal_naming_the_limit() {
    ChargeProfile wrong = new ChargeProfile("LFP", 16, 4200, 8000, 400);
    StartRefused r =
        refusal(
            DECIDER.decide(
                new StartCharge(T0, "s", wrong, seen(lfpCells(3300), List.of(250), 10_000)),
                ChargeState.initial()));
    assertThat(r.reason().name()).isEqualTo("CEILING_ABOVE_CHEMISTRY_MAX");
    assertThat(r.detail())
        .isEqualTo("cell ceiling 4200 mV is above the LFP maximum of 3650 mV per cell");
  }

  @Test
  void idle_x_start_with_an_unknown_chemistry_yields_refusal_listing_the_known_ones() {
    ChargeProfile lipo = new ChargeProfile("LiPo", 13, 4150, 8000, 400);
    StartRefused r =
        refusal(
            DECIDER.decide(
                new StartCharge(T0, "s", lipo, seen(cells(3700), List.of(250), 10_000)),
                ChargeState.initial()));
    assertThat(r.reason().name()).isEqualTo("UNKNOWN_CHEMISTRY");
    assertThat(r.detail()).contains("[NMC, NCA, LFP, LTO]");
  }

  @Test
  void idle_x_start_of_lfp_below_freezing_yields_refusal() {
    StartRefused r =
        refusal(
            DECIDER.decide(
                new StartCharge(T0, "s", LFP, seen(lfpCells(3300), List.of(-20, 10), 10_000)),
                ChargeState.initial()));
    assertThat(r.reason().name()).isEqualTo("TEMPERATURE_OUT_OF_WINDOW");
    assertThat(r.detail()).contains("-2.0 degC").contains("LFP charge minimum of 0.0 degC");
  }

  @Test
  void idle_x_start_below_the_minimum_chargeable_cell_yields_refusal() {
    List<Integer> c = cells(3600);
    c.set(3, 2400);
    StartRefused r =
        refusal(
            DECIDER.decide(
                new StartCharge(T0, "s", NMC, seen(c, List.of(250), 10_000)),
                ChargeState.initial()));
    assertThat(r.reason().name()).isEqualTo("CELL_BELOW_MINIMUM");
    assertThat(r.detail()).contains("2400 mV").contains("2500 mV");
  }

  @Test
  void idle_x_start_below_the_pre_charge_threshold_yields_c_over_10() {
    List<Integer> c = cells(3400);
    c.set(5, 2900);
    List<ChargeEvent> out =
        DECIDER.decide(
            new StartCharge(T0, "s", NMC, seen(c, List.of(250), 10_000)), ChargeState.initial());
    SetpointChanged sp = (SetpointChanged) out.get(1);
    assertThat(sp.milliamps()).isEqualTo(1000);
    assertThat(sp.cause()).startsWith("start: pre-charge at C/10");
  }

  @Test
  void charging_x_hot_pack_yields_a_derated_current_and_back_when_it_cools() {
    ChargeState s =
        DECIDER.fold(
            List.of(
                new ChargeStarted("s", T0, NMC, Evidence.none()),
                new SetpointChanged("s", T0, 50_000, 8000, true, "start", Evidence.none())));
    List<ChargeEvent> hot =
        DECIDER.decide(new Observe(T0, charging(cells(3800), 7900, List.of(425)), null), s);
    SetpointChanged derated = (SetpointChanged) hot.get(hot.size() - 1);
    assertThat(derated.milliamps()).isEqualTo(6500);
    assertThat(derated.cause()).contains("derated");
    ChargeState hotState = DECIDER.fold(s, hot);
    List<ChargeEvent> cool =
        DECIDER.decide(new Observe(T0, charging(cells(3800), 6400, List.of(250)), null), hotState);
    assertThat(((SetpointChanged) cool.get(cool.size() - 1)).milliamps()).isEqualTo(8000);
  }

  @Test
  void charging_x_lower_ceiling_yields_ceiling_adjusted_and_the_session_steers_to_it() {
    ChargeState s =
        DECIDER.fold(
            List.of(
                new ChargeStarted("s", T0, NMC, Evidence.none()),
                new SetpointChanged("s", T0, 53_950, 8000, true, "start", Evidence.none())));
    Observation o = charging(cells(4140), 3000, List.of(250));
    List<ChargeEvent> out = DECIDER.decide(new AdjustCeiling(T0, 4100, 4150, "ana", o), s);
    assertThat(out).singleElement().isInstanceOf(CeilingAdjusted.class);
    CeilingAdjusted a = (CeilingAdjusted) out.get(0);
    assertThat(a.fromMillivolts()).isEqualTo(4150);
    assertThat(a.toMillivolts()).isEqualTo(4100);
    assertThat(a.by()).isEqualTo("ana");
    ChargeState lowered = DECIDER.fold(s, out);
    assertThat(lowered.profile().cellCeilingMillivolts()).isEqualTo(4100);
    assertThat(lowered.ceilingLowered()).isEqualTo(new ChargeState.CeilingLowered(T0, 4150));
    assertThat(lowered.sessionCeilingMillivolts(4150)).isEqualTo(4100);
    // the next poll steers down: cells 40 mV above the new ceiling -> setpoint below the pack
    List<ChargeEvent> next = DECIDER.decide(new Observe(T0, o, null), lowered);
    SetpointChanged sp = (SetpointChanged) next.get(next.size() - 1);
    assertThat(sp.millivolts()).isLessThan(13 * 4140);
    assertThat(sp.outputOn()).isTrue();
  }

  @Test
  void a_ceiling_above_the_configured_profile_or_the_chemistry_is_not_adjusted() {
    ChargeProfile tightened = new ChargeProfile("NMC", 13, 4050, 8000, 400);
    ChargeState s = DECIDER.fold(List.of(new ChargeStarted("s", T0, tightened, Evidence.none())));
    Observation o = charging(cells(3900), 3000, List.of(250));
    assertThat(DECIDER.decide(new AdjustCeiling(T0, 4200, 4150, "ana", o), s)).isEmpty();
    assertThat(DECIDER.decide(new AdjustCeiling(T0, 4250, 4250, "ana", o), s)).isEmpty();
    assertThat(ChargeDecider.ceilingAdjustProblem(tightened, 4200, 4150))
        .isEqualTo(
            "cell ceiling 4200 mV is above the bay's configured 4150 mV: a ceiling may be raised"
                + " only up to the configured profile");
    assertThat(ChargeDecider.ceilingAdjustProblem(tightened, 4250, 4250))
        .isEqualTo("cell ceiling 4250 mV is above the NMC maximum of 4200 mV per cell");
    // raising up to the configured ceiling is allowed
    List<ChargeEvent> raised = DECIDER.decide(new AdjustCeiling(T0, 4150, 4150, "ana", o), s);
    assertThat(((CeilingAdjusted) raised.get(0)).toMillivolts()).isEqualTo(4150);
    assertThat(DECIDER.fold(s, raised).ceilingLowered()).isNull();
    // no session: nothing
    assertThat(DECIDER.decide(new AdjustCeiling(T0, 4100, 4150, "ana", o), ChargeState.initial()))
        .isEmpty();
  }
}
