package org.chargebay.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.SampleEvents;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventTypesTest {

  private final EventTypes types = EventTypes.standard();

  @Test
  void every_permitted_event_type_is_registered_under_its_simple_name_at_its_released_version() {
    List<Class<? extends ChargeEvent>> permitted = SampleEvents.types();

    assertThat(permitted).hasSize(26);
    for (Class<? extends ChargeEvent> type : permitted) {
      // ChargeStarted v2: + supply (issue 4), v3: + by (issue 14), v4: + noBms (issue 11); CutOff
      // v2: + paths (issue 12)
      int released = type == ChargeStarted.class ? 4 : type == CutOff.class ? 2 : 1;
      assertThat(types.typeName(type)).isEqualTo(type.getSimpleName());
      assertThat(types.classOf(type.getSimpleName())).contains(type);
      assertThat(types.currentVersion(type)).isEqualTo(released);
      assertThat(types.currentVersion(type.getSimpleName())).isEqualTo(released);
    }
  }

  @Test
  void type_names_are_sorted() {
    assertThat(types.typeNames())
        .containsExactly(
            "AllocationChanged",
            "BalanceHoldStarted",
            "BalanceWarned",
            "BayConfigured",
            "BayRemoved",
            "BaySlept",
            "CeilingAdjusted",
            "ChargeCompleted",
            "ChargePlanned",
            "ChargeResumed",
            "ChargeStarted",
            "ChargeStopped",
            "ChargeSuspended",
            "CommandAudited",
            "CutOff",
            "DepartureSet",
            "FaultAcknowledged",
            "FaultLatched",
            "PackIdentified",
            "PhaseChanged",
            "PlanComputed",
            "RampDownStarted",
            "ResistanceMeasured",
            "SetpointChanged",
            "StartRefused",
            "TopUpStarted");
  }

  @Test
  void an_unknown_name_has_no_class_and_no_version() {
    assertThat(types.classOf("ChargeTeleported")).isEmpty();
    assertThat(types.classOf("chargestarted")).isEmpty();
    assertThatThrownBy(() -> types.currentVersion("ChargeTeleported"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown event type 'ChargeTeleported'");
  }

  @Test
  void with_current_version_returns_a_changed_copy() {
    EventTypes bumped = types.withCurrentVersion(CutOff.class, 3);

    assertThat(bumped.currentVersion(CutOff.class)).isEqualTo(3);
    assertThat(bumped.currentVersion(ChargeStarted.class)).isEqualTo(4);
    assertThat(types.currentVersion(CutOff.class)).isEqualTo(2);
    assertThat(bumped.typeNames()).isEqualTo(types.typeNames());
  }

  @Test
  void a_version_below_1_is_refused() {
    assertThatThrownBy(() -> types.withCurrentVersion(CutOff.class, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schema version of CutOff must be >= 1, was 0");
  }
}
