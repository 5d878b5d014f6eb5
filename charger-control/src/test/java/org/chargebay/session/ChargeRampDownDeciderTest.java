package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.session.ChargeDeciderTest.T0;
import static org.chargebay.session.ChargeDeciderTest.cells;
import static org.chargebay.session.ChargeDeciderTest.obs;
import static org.chargebay.session.ChargeDeciderTest.on;
import static org.chargebay.session.ChargeDeciderTest.started;

import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RampDownStarted;
import org.chargebay.events.SetpointChanged;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.StopCharge;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The ramp-down at a normal end: the current steps down over a few polls, then the output opens; a
 * safety cut-off never ramps.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargeRampDownDeciderTest {
  static final ChargeDecider RAMPING =
      new ChargeDecider(DeciderSettings.defaults().withRampDownSteps(3));

  /** In CV at the ceiling, the current tapered below 100 mA. */
  private static Observation tapered() {
    List<Integer> c = cells(4140);
    c.set(0, 4148);
    return obs(c, 80, true, "CV", List.of(95, 90, 85, 82, 80));
  }

  private static Observation charging() {
    return obs(cells(3900), 1800, true, "CC", List.of(1800, 1800, 1800, 1800, 1800));
  }

  private static ChargeState cv() {
    return RAMPING.fold(
        List.of(
            started(),
            on(54_000),
            new PhaseChanged(
                "s1", T0, Phase.CC, Phase.CV, "cv", org.chargebay.events.Evidence.none())));
  }

  /** Feeds {@code seen} poll after poll until the session ends; every decision in order. */
  private static List<ChargeEvent> untilEnd(ChargeState s, Observation seen) {
    List<ChargeEvent> all = new ArrayList<>();
    for (int i = 1; i <= 10 && s.phase().inSession(); i++) {
      List<ChargeEvent> out = RAMPING.decide(new Observe(T0.plusMillis(200L * i), seen, null), s);
      all.addAll(out);
      s = RAMPING.fold(s, out);
    }
    return all;
  }

  @Test
  void tapered_x_polls_yield_three_lower_currents_then_completion() {
    List<ChargeEvent> out = untilEnd(cv(), tapered());
    assertThat(out).hasSize(5);
    RampDownStarted ramp = (RampDownStarted) out.get(0);
    assertThat(ramp.stop()).isFalse();
    assertThat(ramp.fromMilliamps()).isEqualTo(80); // the measured current, below the setpoint
    assertThat(out.subList(1, 4))
        .extracting(e -> ((SetpointChanged) e).milliamps())
        .containsExactly(60, 40, 20);
    assertThat(out.subList(1, 4))
        .allSatisfy(
            e -> {
              SetpointChanged sp = (SetpointChanged) e;
              assertThat(sp.millivolts()).isEqualTo(54_000); // the voltage is never raised
              assertThat(sp.outputOn()).isTrue();
              assertThat(sp.cause()).startsWith("ramp-down ");
            });
    assertThat(out.get(4)).isInstanceOf(ChargeCompleted.class);
  }

  @Test
  void charging_x_stop_yields_a_ramp_then_the_stop_by_its_operator() {
    ChargeState s = cv();
    List<ChargeEvent> stop =
        RAMPING.decide(new StopCharge(T0, "ana", "pack needed", charging()), s);
    assertThat(stop).hasSize(2);
    RampDownStarted ramp = (RampDownStarted) stop.get(0);
    assertThat(ramp.stop()).isTrue();
    assertThat(ramp.fromMilliamps()).isEqualTo(1800);
    assertThat(((SetpointChanged) stop.get(1)).milliamps()).isEqualTo(1350);
    s = RAMPING.fold(s, stop);
    assertThat(s.phase()).isEqualTo(Phase.CV); // still delivering, less
    List<ChargeEvent> rest = untilEnd(s, charging());
    assertThat(rest)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("SetpointChanged", "SetpointChanged", "ChargeStopped");
    ChargeStopped stopped = (ChargeStopped) rest.get(2);
    assertThat(stopped.by()).isEqualTo("ana");
    assertThat(stopped.reason()).isEqualTo("pack needed");
  }

  @Test
  void ramping_x_a_second_stop_yields_the_stop_at_once() {
    ChargeState s = cv();
    s = RAMPING.fold(s, RAMPING.decide(new StopCharge(T0, "ana", "first", charging()), s));
    List<ChargeEvent> again =
        RAMPING.decide(new StopCharge(T0.plusMillis(100), "ana", "now", charging()), s);
    assertThat(again).singleElement().isInstanceOf(ChargeStopped.class);
  }

  @Test
  void ramping_x_a_safety_trip_yields_the_cut_off_at_once() {
    ChargeState s = cv();
    s = RAMPING.fold(s, RAMPING.decide(new StopCharge(T0, "ana", "stop", charging()), s));
    List<ChargeEvent> out =
        RAMPING.decide(
            new Observe(
                T0.plusMillis(200),
                charging(),
                new ChargeCommand.Trip(CutOffReason.CELL_OVER_VOLTAGE, "cell 4", List.of())),
            s);
    assertThat(out.get(0)).isInstanceOf(CutOff.class);
    assertThat(RAMPING.fold(s, out).ramp()).isNull();
  }

  @Test
  void ramping_x_restart_yields_the_end_on_resume_not_the_charge_again() {
    ChargeState s = cv();
    s = RAMPING.fold(s, RAMPING.decide(new StopCharge(T0, "ana", "stop", charging()), s));
    s =
        RAMPING.fold(
            s,
            List.of(
                new ChargeSuspended(
                    "s1",
                    T0.plusSeconds(1),
                    Phase.CV,
                    "restart",
                    org.chargebay.events.Evidence.none())));
    Observation idle = obs(cells(3880), 0, false, "CV", List.of(0, 0, 0));
    List<ChargeEvent> out = RAMPING.decide(new Observe(T0.plusSeconds(2), idle, null), s);
    assertThat(out).singleElement().isInstanceOf(ChargeStopped.class);
  }

  @Test
  void without_a_ramp_the_completion_opens_the_output_at_once() {
    ChargeDecider plain = new ChargeDecider(DeciderSettings.defaults());
    ChargeState s =
        plain.fold(
            List.of(
                started(),
                on(54_000),
                new PhaseChanged(
                    "s1", T0, Phase.CC, Phase.CV, "cv", org.chargebay.events.Evidence.none())));
    assertThat(plain.decide(new Observe(T0.plusMillis(200), tapered(), null), s))
        .first()
        .isInstanceOf(ChargeCompleted.class);
  }
}
