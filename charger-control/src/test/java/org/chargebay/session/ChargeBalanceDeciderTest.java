package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.session.ChargeDeciderTest.T0;
import static org.chargebay.session.ChargeDeciderTest.cells;
import static org.chargebay.session.ChargeDeciderTest.obs;
import static org.chargebay.session.ChargeDeciderTest.on;
import static org.chargebay.session.ChargeDeciderTest.started;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.BalanceHoldStarted;
import org.chargebay.events.BalanceWarned;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.Evidence;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RampDownStarted;
import org.chargebay.session.ChargeCommand.Observe;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The balance hold of an active balancer, and the passive balancer's warning. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargeBalanceDeciderTest {
  static final BalanceSettings ACTIVE =
      new BalanceSettings(BalanceSettings.Balancer.ACTIVE, 4000, Duration.ofMinutes(30));
  static final ChargeDecider HOLDING =
      new ChargeDecider(DeciderSettings.defaults().withBalance(ACTIVE));

  /** Tapered at the ceiling with the lowest cell {@code deltaMv} below the highest. */
  private static Observation tapered(int deltaMv) {
    List<Integer> c = cells(4140);
    c.set(0, 4148);
    c.set(7, 4148 - deltaMv);
    return obs(c, 80, true, "CV", List.of(95, 90, 85, 82, 80));
  }

  private static ChargeState cv(ChargeDecider d) {
    return d.fold(
        List.of(
            started(),
            on(54_000),
            new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "cv", Evidence.none())));
  }

  private static List<ChargeEvent> at(ChargeDecider d, ChargeState s, Instant now, Observation o) {
    return d.decide(new Observe(now, o, null), s);
  }

  @Test
  void tapered_with_the_cells_apart_x_active_balancer_yields_a_hold_until_within_10_mv() {
    ChargeState s = cv(HOLDING);
    List<ChargeEvent> out = at(HOLDING, s, T0.plusSeconds(1), tapered(24));
    BalanceHoldStarted hold = (BalanceHoldStarted) out.get(0);
    assertThat(out).hasSize(1);
    assertThat(hold.deltaMillivolts()).isEqualTo(24);
    assertThat(hold.until()).isEqualTo(T0.plusSeconds(1).plus(Duration.ofMinutes(30)));
    s = HOLDING.fold(s, out);
    // still apart: no completion, the steering goes on
    assertThat(at(HOLDING, s, T0.plusSeconds(600), tapered(15)))
        .noneMatch(ChargeCompleted.class::isInstance);
    // within 10 mV: complete
    assertThat(at(HOLDING, s, T0.plusSeconds(900), tapered(9)))
        .first()
        .isInstanceOf(ChargeCompleted.class);
  }

  @Test
  void holding_x_the_timeout_yields_completion_with_the_cells_still_apart() {
    ChargeDecider ramping =
        new ChargeDecider(DeciderSettings.defaults().withBalance(ACTIVE).withRampDownSteps(3));
    ChargeState s = cv(ramping);
    s = ramping.fold(s, at(ramping, s, T0, tapered(30)));
    assertThat(s.balanceUntil()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    assertThat(at(ramping, s, T0.plus(Duration.ofMinutes(29)), tapered(30)))
        .noneMatch(RampDownStarted.class::isInstance);
    List<ChargeEvent> out = at(ramping, s, T0.plus(Duration.ofMinutes(30)), tapered(30));
    RampDownStarted end = (RampDownStarted) out.get(0);
    assertThat(end.reason()).isEqualTo("balance hold timed out with the cells 30 mV apart");
  }

  @Test
  void tapered_with_the_cells_within_10_mv_x_active_balancer_yields_completion_without_a_hold() {
    assertThat(at(HOLDING, cv(HOLDING), T0, tapered(10)))
        .first()
        .isInstanceOf(ChargeCompleted.class);
  }

  @Test
  void a_passive_balancer_above_the_ceiling_is_a_warning_and_below_it_none() {
    BalanceSettings passive =
        new BalanceSettings(BalanceSettings.Balancer.PASSIVE, 4100, Duration.ofHours(2));
    assertThat(passive.warning(4050))
        .isEqualTo(
            "the passive balancer starts at 4100 mV, above the session's ceiling of 4050 mV per"
                + " cell: this charge does not balance the cells");
    assertThat(passive.warning(4150)).isNull();
    // a passive balancer never holds
    ChargeDecider d = new ChargeDecider(DeciderSettings.defaults().withBalance(passive));
    assertThat(at(d, cv(d), T0, tapered(30))).first().isInstanceOf(ChargeCompleted.class);
  }

  @Test
  void a_start_below_the_passive_balancers_start_voltage_records_the_warning_once_after_it() {
    BalanceSettings passive =
        new BalanceSettings(BalanceSettings.Balancer.PASSIVE, 4151, Duration.ofHours(2));
    ChargeDecider d = new ChargeDecider(DeciderSettings.defaults().withBalance(passive));
    Observation idle = ChargeDeciderTest.idle(cells(3800));

    List<ChargeEvent> out =
        d.decide(
            new ChargeCommand.StartCharge(T0, "s9", ChargeDeciderTest.PROFILE, idle),
            d.initialState());

    assertThat(out)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("ChargeStarted", "BalanceWarned", "SetpointChanged");
    BalanceWarned warned = (BalanceWarned) out.get(1);
    assertThat(warned.sessionId()).isEqualTo("s9");
    assertThat(warned.at()).isEqualTo(T0);
    assertThat(warned.balancer()).isEqualTo("passive");
    assertThat(warned.startMillivolts()).isEqualTo(4151);
    assertThat(warned.ceilingMillivolts()).isEqualTo(4150);
    assertThat(warned.warning()).isEqualTo(passive.warning(4150));
    // once per session: the polls after the start do not repeat it
    ChargeState charging = d.fold(d.initialState(), out);
    assertThat(charging.phase()).isEqualTo(Phase.CC);
    assertThat(at(d, charging, T0.plusSeconds(1), idle)).noneMatch(BalanceWarned.class::isInstance);
  }

  @Test
  void a_start_at_or_above_the_balancers_start_voltage_or_without_one_records_no_warning() {
    Observation idle = ChargeDeciderTest.idle(cells(3800));
    for (BalanceSettings b :
        List.of(
            new BalanceSettings(BalanceSettings.Balancer.PASSIVE, 4150, Duration.ofHours(2)),
            new BalanceSettings(BalanceSettings.Balancer.PASSIVE, null, Duration.ofHours(2)),
            new BalanceSettings(BalanceSettings.Balancer.NONE, 4200, Duration.ofHours(2)))) {
      ChargeDecider d = new ChargeDecider(DeciderSettings.defaults().withBalance(b));
      assertThat(
              d.decide(
                  new ChargeCommand.StartCharge(T0, "s9", ChargeDeciderTest.PROFILE, idle),
                  d.initialState()))
          .as("%s", b)
          .extracting(e -> e.getClass().getSimpleName())
          .containsExactly("ChargeStarted", "SetpointChanged");
    }
  }
}
