package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.session.ChargeDeciderTest.DECIDER;
import static org.chargebay.session.ChargeDeciderTest.PROFILE;
import static org.chargebay.session.ChargeDeciderTest.T0;
import static org.chargebay.session.ChargeDeciderTest.cells;
import static org.chargebay.session.ChargeDeciderTest.given;
import static org.chargebay.session.ChargeDeciderTest.idle;
import static org.chargebay.session.ChargeDeciderTest.obs;
import static org.chargebay.session.ChargeDeciderTest.on;
import static org.chargebay.session.ChargeDeciderTest.started;

import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.Evidence;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.SetpointChanged;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.StartCharge;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The site's allocation in the decider: the current never above it, 0 waits for its slot. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargeDeciderAllocationTest {

  @Test
  void a_start_under_an_allocation_of_zero_opens_the_session_at_no_current() {
    List<ChargeEvent> out =
        DECIDER.decide(
            new StartCharge(T0, "s1", PROFILE, idle(cells(3700)).withAllocation(0)), given());
    SetpointChanged sp = (SetpointChanged) out.get(1);
    assertThat(sp.milliamps()).isZero();
    assertThat(sp.outputOn()).isTrue();
    assertThat(sp.cause()).isEqualTo("start: site allocation 0 mA: waiting for its slot");
  }

  @Test
  void a_lower_allocation_lowers_the_current_even_by_less_than_the_usual_step() {
    Observation cc = obs(cells(3800), 2000, true, "CC", List.of(2000, 2000, 2000));
    ChargeState charging = given(started(), on(51_020));
    // without an allocation the current stays (only the voltage is steered)
    List<ChargeEvent> free = DECIDER.decide(new Observe(T0.plusSeconds(1), cc, null), charging);
    assertThat(free).allMatch(e -> ((SetpointChanged) e).milliamps() == 2000);
    List<ChargeEvent> out =
        DECIDER.decide(new Observe(T0.plusSeconds(1), cc.withAllocation(1980), null), charging);
    SetpointChanged sp = (SetpointChanged) out.get(0);
    assertThat(sp.milliamps()).isEqualTo(1980);
    assertThat(sp.cause()).isEqualTo("site allocation 1980 mA");
  }

  @Test
  void an_allocation_above_the_profile_changes_nothing() {
    Observation cc = obs(cells(3800), 2000, true, "CC", List.of(2000, 2000, 2000));
    ChargeState charging = given(started(), on(51_020));
    assertThat(
            DECIDER.decide(new Observe(T0.plusSeconds(1), cc.withAllocation(5000), null), charging))
        .isEqualTo(DECIDER.decide(new Observe(T0.plusSeconds(1), cc, null), charging));
  }

  @Test
  void a_session_held_at_zero_near_the_ceiling_waits_instead_of_completing_on_the_taper() {
    ChargeState cv =
        given(
            started(),
            on(53_900),
            new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "test", Evidence.none()),
            new SetpointChanged(
                "s1", T0, 53_900, 0, true, "site allocation 0 mA", Evidence.none()));
    Observation atCeiling = obs(cells(4148), 0, true, "CC", List.of(0, 0, 0, 0, 0));
    List<ChargeEvent> held =
        DECIDER.decide(new Observe(T0.plusSeconds(1), atCeiling.withAllocation(0), null), cv);
    assertThat(held).noneMatch(e -> e instanceof ChargeCompleted);
    // without an allocation the same readings are the end of the charge
    List<ChargeEvent> free = DECIDER.decide(new Observe(T0.plusSeconds(1), atCeiling, null), cv);
    assertThat(free).anyMatch(e -> e instanceof ChargeCompleted);
  }
}
