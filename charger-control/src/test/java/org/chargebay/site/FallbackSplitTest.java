package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FallbackSplitTest {
  private static final Instant T = Instant.parse("2026-12-05T18:00:00Z");

  @Test
  void the_share_is_split_equally_and_never_exceeded_at_the_packs_highest_voltage() {
    List<BayReport> bays = SiteBays.nmcBays("b", 3, T);
    Map<String, Integer> ma = FallbackSplit.split(4.0, bays);
    double kw = 0;
    for (BayReport b : bays) {
      kw += SiteBays.maxKw(b, ma.get(b.bayId()));
    }
    assertThat(kw).isLessThanOrEqualTo(4.0).isGreaterThan(3.99);
    // 4/3 kW at 20 x 4.15 V = 16.06 A each
    assertThat(ma.values()).allSatisfy(v -> assertThat(v).isBetween(16_060, 16_070));
  }

  @Test
  void a_bay_that_cannot_take_its_part_leaves_the_rest_to_the_others() {
    BayReport small =
        new BayReport("s", T, "NMC", 10, 10_000, 3_700, 37_000, 0, 4_150, 5_000, true, null, 0, 1);
    List<BayReport> bays = List.of(small, SiteBays.nmc("a", 0, T), SiteBays.nmc("b", 0, T));
    Map<String, Integer> ma = FallbackSplit.split(6.0, bays);
    assertThat(ma).containsEntry("s", 5_000);
    double smallKw = SiteBays.maxKw(small, 5_000);
    double each = (6.0 - smallKw) / 2;
    assertThat(SiteBays.maxKw(bays.get(1), ma.get("a"))).isCloseTo(each, within());
    assertThat(SiteBays.maxKw(bays.get(2), ma.get("b"))).isCloseTo(each, within());
  }

  @Test
  void bays_not_charging_get_nothing_and_a_share_of_zero_gives_nothing() {
    BayReport idle =
        new BayReport(
            "i", T, "NMC", 20, 40_000, 3_700, 74_000, 0, 4_150, 40_000, false, null, 0, 1);
    assertThat(FallbackSplit.split(5.0, List.of(idle))).isEmpty();
    assertThat(FallbackSplit.split(0, SiteBays.nmcBays("b", 2, T))).containsValues(0, 0);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.001);
  }

  /** A 13S pack on a fixed 54.0 V / 8 A charger on a relay: on at 8 A or off. */
  private static BayReport relay(String id, Instant t) {
    return new BayReport(
        id, t, "NMC", 13, 40_000, 3_700, 48_100, 0, 4_154, 8_000, true, null, 0, 1, true);
  }

  @Test
  void a_bay_that_can_only_be_switched_gets_its_nameplate_when_its_part_covers_it_else_nothing() {
    BayReport r = relay("r", T);
    double nameplateKw = SiteBays.maxKw(r, 8_000); // 0.432 kW
    assertThat(FallbackSplit.split(nameplateKw, List.of(r))).containsEntry("r", 8_000);
    assertThat(FallbackSplit.split(nameplateKw - 0.001, List.of(r))).containsEntry("r", 0);
    // beside a bay whose current can be set: the relay is off, the other takes the whole share
    Map<String, Integer> ma = FallbackSplit.split(0.6, List.of(r, SiteBays.nmc("a", 0, T)));
    assertThat(ma).containsEntry("r", 0);
    assertThat(SiteBays.maxKw(SiteBays.nmc("a", 0, T), ma.get("a"))).isCloseTo(0.6, within());
  }
}
