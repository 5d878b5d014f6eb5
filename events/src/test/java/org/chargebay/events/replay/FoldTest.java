package org.chargebay.events.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.SampleEvents;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FoldTest {

  @Test
  void folding_no_events_gives_the_initial_state() {
    assertThat(Fold.fold("initial", List.<ChargeEvent>of(), (s, e) -> s + "!"))
        .isEqualTo("initial");
  }

  @Test
  void events_are_applied_in_order() {
    List<ChargeEvent> events = SampleEvents.oneOfEach();

    String types = Fold.fold("", events, (s, e) -> s + e.getClass().getSimpleName() + ";");

    assertThat(types)
        .isEqualTo(
            "ChargeStarted;StartRefused;PhaseChanged;SetpointChanged;CutOff;FaultLatched;"
                + "FaultAcknowledged;ChargeCompleted;ChargeStopped;ChargeSuspended;ChargeResumed;"
                + "BayConfigured;BayRemoved;PackIdentified;ResistanceMeasured;"
                + "CeilingAdjusted;BaySlept;TopUpStarted;PlanComputed;AllocationChanged;CommandAudited;"
                + "ChargePlanned;RampDownStarted;BalanceHoldStarted;BalanceWarned;DepartureSet;");
  }

  @Test
  void each_step_sees_the_previous_state() {
    List<Integer> sizes = new ArrayList<>();

    int count =
        Fold.fold(
            0,
            SampleEvents.oneOfEach().subList(0, 3),
            (n, e) -> {
              sizes.add(n);
              return n + 1;
            });

    assertThat(count).isEqualTo(3);
    assertThat(sizes).containsExactly(0, 1, 2);
  }

  @Test
  void an_evolve_that_returns_null_is_named_with_the_event() {
    assertThatThrownBy(
            () ->
                Fold.fold(
                    "x",
                    SampleEvents.oneOfEach(),
                    (s, e) -> e instanceof org.chargebay.events.CutOff ? null : s))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("evolve returned null for event #4 (CutOff)");
  }
}
