package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChemistriesTest {

  @Test
  void the_four_chemistries_carry_the_domain_numbers() {
    assertThat(Chemistries.names()).containsExactly("NMC", "NCA", "LFP", "LTO");
    assertThat(Chemistries.NMC.ceilings()).isEqualTo(new Chemistry.Ceilings(4200, 4150));
    assertThat(Chemistries.NCA.ceilings()).isEqualTo(new Chemistry.Ceilings(4200, 4150));
    assertThat(Chemistries.LFP.ceilings()).isEqualTo(new Chemistry.Ceilings(3650, 3550));
    assertThat(Chemistries.LTO.ceilings()).isEqualTo(new Chemistry.Ceilings(2800, 2700));
    assertThat(Chemistries.NMC.cells().preChargeBelowMillivolts()).isEqualTo(3000);
    assertThat(Chemistries.NMC.cells().refuseBelowMillivolts()).isEqualTo(2500);
    assertThat(Chemistries.LFP.cells().preChargeBelowMillivolts()).isEqualTo(2500);
    assertThat(Chemistries.LFP.cells().refuseBelowMillivolts()).isEqualTo(2000);
    assertThat(Chemistries.LTO.cells().preChargeBelowMillivolts()).isEqualTo(1800);
    assertThat(Chemistries.LTO.cells().refuseBelowMillivolts()).isEqualTo(1500);
    assertThat(Chemistries.LFP.temperature().minDeciCelsius()).isZero();
    assertThat(Chemistries.NMC.temperature().maxDeciCelsius()).isEqualTo(450);
    assertThat(Chemistries.LTO.temperature().minDeciCelsius()).isEqualTo(-300);
    assertThat(Chemistries.of("lfp")).contains(Chemistries.LFP);
    assertThat(Chemistries.of("LiPo")).isEmpty();
  }

  @Test
  void a_ceiling_above_the_maximum_is_refused_naming_the_limit_and_the_maximum_itself_passes() {
    assertThat(Chemistries.NMC.ceilingProblem(4200)).isEmpty();
    assertThat(Chemistries.NMC.ceilingProblem(4201))
        .contains("cell ceiling 4201 mV is above the NMC maximum of 4200 mV per cell");
    assertThat(Chemistries.LFP.ceilingProblem(3650)).isEmpty();
    assertThat(Chemistries.LFP.ceilingProblem(4200))
        .get()
        .asString()
        .contains("LFP maximum of 3650");
    assertThat(Chemistries.LTO.ceilingProblem(2801)).get().asString().contains("2800 mV");
    assertThat(Chemistries.NMC.ceilingProblem(3000)).get().asString().contains("pre-charge");
  }

  @Test
  void the_ocv_table_interpolates_both_ways() {
    Chemistry.OcvTable nmc = Chemistries.NMC.ocv();
    assertThat(nmc.millivoltsAt(0)).isEqualTo(3000);
    assertThat(nmc.millivoltsAt(1000)).isEqualTo(4180);
    assertThat(nmc.millivoltsAt(950)).isEqualTo(4120);
    assertThat(nmc.socPermilleAt(4120)).isEqualTo(950);
    assertThat(nmc.socPermilleAt(2900)).isZero();
    assertThat(nmc.socPermilleAt(4300)).isEqualTo(1000);
    assertThat(Chemistries.LFP.ocv().socPermilleAt(3330)).isEqualTo(700);
  }

  @Test
  void lfp_is_never_charged_below_freezing_and_nmc_not_above_45_degrees() {
    assertThat(Chemistries.LFP.temperatureProblem(List.of(0, 250))).isNull();
    assertThat(Chemistries.LFP.temperatureProblem(List.of(-1, 250)))
        .isEqualTo("coldest sensor -0.1 degC is below the LFP charge minimum of 0.0 degC");
    assertThat(Chemistries.NMC.temperatureProblem(List.of(451)))
        .isEqualTo("hottest sensor 45.1 degC is above the NMC charge maximum of 45.0 degC");
    assertThat(Chemistries.LTO.temperatureProblem(List.of(-250))).isNull();
    assertThat(Chemistries.NMC.temperatureProblem(List.of())).isNull();
  }

  @Test
  void current_derates_linearly_to_half_c_at_the_window_edges() {
    // 10 Ah pack, 8 A profile: 0.5C = 5 A at the edges
    Chemistry nmc = Chemistries.NMC;
    assertThat(nmc.currentLimitMilliamps(8000, 10_000, List.of(250), 3700)).isEqualTo(8000);
    assertThat(nmc.currentLimitMilliamps(8000, 10_000, List.of(400), 3700)).isEqualTo(8000);
    assertThat(nmc.currentLimitMilliamps(8000, 10_000, List.of(425), 3700)).isEqualTo(6500);
    assertThat(nmc.currentLimitMilliamps(8000, 10_000, List.of(450), 3700)).isEqualTo(5000);
    assertThat(nmc.currentLimitMilliamps(8000, 10_000, List.of(50), 3700)).isEqualTo(6500);
    assertThat(nmc.currentLimitMilliamps(8000, 10_000, List.of(0), 3700)).isEqualTo(5000);
    // a profile already below 0.5C is not derated
    assertThat(nmc.currentLimitMilliamps(2000, 10_000, List.of(450), 3700)).isEqualTo(2000);
  }

  @Test
  void pre_charge_is_c_over_10_below_the_threshold() {
    assertThat(Chemistries.NMC.currentLimitMilliamps(8000, 10_000, List.of(250), 2999))
        .isEqualTo(1000);
    assertThat(Chemistries.NMC.currentLimitMilliamps(8000, 10_000, List.of(250), 3000))
        .isEqualTo(8000);
    // capacity unknown: the profile's current stands in for C
    assertThat(Chemistries.NMC.currentLimitMilliamps(8000, 0, List.of(250), 2900)).isEqualTo(800);
  }
}
