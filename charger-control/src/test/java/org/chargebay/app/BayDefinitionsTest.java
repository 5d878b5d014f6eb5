package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.chargebay.app.BayDefinitions.BayRequest;
import org.chargebay.app.BayDefinitions.BmsRequest;
import org.chargebay.app.BayDefinitions.ProfileRequest;
import org.chargebay.app.BayDefinitions.SupplyRequest;
import org.chargebay.bay.BaySettings;
import org.chargebay.events.BayDefinition;
import org.chargebay.session.DeciderSettings;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A bay's definition as the administrator's API reads it: a pack without a smart BMS only with the
 * explicit acknowledgement, and every refusal naming the JSON field the request holds.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BayDefinitionsTest {
  private static final SupplyRequest SUPPLY =
      new SupplyRequest("modbus-tcp://127.0.0.1:502", null, null, null, null);
  private static final BmsRequest JBD =
      new BmsRequest("jbd", "tcp://127.0.0.1:8899", null, null, null, null, null);

  private static ProfileRequest profile(
      @Nullable String chemistry, String ceiling, String amps, @Nullable String taper) {
    return new ProfileRequest(
        chemistry,
        13,
        new BigDecimal(ceiling),
        new BigDecimal(amps),
        taper == null ? null : new BigDecimal(taper));
  }

  private static BayRequest bay(BmsRequest bms, ProfileRequest profile) {
    return new BayRequest(SUPPLY, bms, profile, null, null, null, null, null);
  }

  private static BayDefinition define(BmsRequest bms, ProfileRequest profile) {
    return BayDefinitions.fromRequest(bay(bms, profile), 200);
  }

  private static final ProfileRequest NMC = profile(null, "4.15", "2.0", null);

  @Test
  void family_none_without_the_acknowledgement_is_refused_naming_the_field() {
    for (Boolean ack : new Boolean[] {null, false}) {
      BmsRequest none = new BmsRequest("none", null, null, null, null, null, ack);
      assertThatThrownBy(() -> define(none, NMC))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("field 'bms.noneAcknowledged' must be true for bms.family=none");
    }
  }

  @Test
  void family_none_with_the_acknowledgement_is_a_supply_only_bay_without_a_bms_url() {
    BmsRequest none = new BmsRequest("None", null, null, null, null, null, true);

    BayDefinition d = define(none, NMC);
    BaySettings settings = BayDefinitions.toSettings("dumb1", d);

    assertThat(d.bms().family()).isEqualTo("none");
    assertThat(d.bms().url()).isNull();
    assertThat(BayDefinitions.hasNoBms(d)).isTrue();
    assertThat(settings.noBms()).isNotNull();
    assertThat(settings.hasBms()).isFalse();
    assertThat(BayDefinitions.toSettings("b1", define(JBD, NMC)).noBms()).isNull();
  }

  @Test
  void family_none_with_a_field_only_a_bms_has_is_refused_naming_it() {
    assertThatThrownBy(
            () ->
                define(
                    new BmsRequest("none", "tcp://127.0.0.1:1", null, null, null, null, true), NMC))
        .hasMessage("field 'bms.url' is not for bms.family=none: there is no BMS to reach");
    assertThatThrownBy(
            () -> define(new BmsRequest("none", null, null, null, null, 9600, true), NMC))
        .hasMessageStartingWith("field 'bms.baud' is not for bms.family=none");
    assertThatThrownBy(
            () ->
                define(
                    new BmsRequest("jbd", "tcp://127.0.0.1:1", null, null, null, null, true), NMC))
        .hasMessage("field 'bms.noneAcknowledged' is only for bms.family=none, the family is jbd");
  }

  @Test
  void every_profile_refusal_names_the_field_of_the_request() {
    assertThatThrownBy(() -> define(JBD, profile(null, "4.5", "2", null)))
        .hasMessage(
            "profile.cellCeilingVolts: cell ceiling 4500 mV is above the NMC maximum of 4200 mV"
                + " per cell");
    assertThatThrownBy(() -> define(JBD, profile("LFP", "3.7", "2", null)))
        .hasMessageStartingWith(
            "profile.cellCeilingVolts: cell ceiling 3700 mV is above the LFP maximum of 3650 mV");
    assertThatThrownBy(() -> define(JBD, profile(null, "1.9", "2", null)))
        .hasMessage("field 'profile.cellCeilingVolts' must be at least 2.000, was 1.9");
    assertThatThrownBy(() -> define(JBD, profile(null, "4.1", "0", null)))
        .hasMessage("field 'profile.currentAmps' must be above 0, was 0");
    assertThatThrownBy(() -> define(JBD, profile(null, "4.1", "2", "2.5")))
        .hasMessage(
            "field 'profile.taperAmps' must be above 0 and below profile.currentAmps (2), was 2.5");
    assertThatThrownBy(() -> define(JBD, profile("lead-acid", "4.1", "2", null)))
        .hasMessageStartingWith("field 'profile.chemistry' 'lead-acid' is not one of");
    assertThatThrownBy(
            () ->
                define(
                    JBD, new ProfileRequest(null, 33, new BigDecimal("4.1"), BigDecimal.ONE, null)))
        .hasMessage("field 'profile.cells' must be 1..32, was 33");
  }

  @Test
  void a_valid_profile_keeps_its_values_and_the_chemistrys_name() {
    BayDefinition d = define(JBD, profile("lfp", "3.55", "10", "0.5"));
    assertThat(d.profile().chemistry()).isEqualTo("LFP");
    assertThat(d.profile().cellCeilingMillivolts()).isEqualTo(3550);
    assertThat(d.profile().chargeCurrentMilliamps()).isEqualTo(10_000);
    assertThat(d.profile().taperCurrentMilliamps()).isEqualTo(500);
  }

  @Test
  void a_bay_of_the_api_ramps_its_current_down_at_a_normal_end_by_default() {
    assertThat(BayDefinitions.toSettings("b1", define(JBD, NMC)).decider().rampDownSteps())
        .isEqualTo(DeciderSettings.RAMP_DOWN_STEPS)
        .isEqualTo(3);
  }
}
