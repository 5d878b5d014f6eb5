package org.chargebay.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.chargebay.planner.Depot.Window;
import org.chargebay.session.Chemistries;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveSiteTest {
  private static final Instant NOW = Instant.parse("2026-12-05T18:00:00Z");

  private static BayRequest bay(String id) {
    return new BayRequest(
        id, Chemistries.NMC, 13, 40, 20, 90, NOW.plus(Duration.ofHours(12)), 20, 4.15, 1, 2.5);
  }

  @Test
  void the_meter_less_the_chargers_is_taken_off_the_cap_until_the_next_reading() {
    // The meter reads 10 kW while the chargers draw 2 kW: 8 kW of other loads, 2 kW left of 10.
    Window load = LiveSite.otherLoadNow(NOW, Duration.ofMinutes(15), 10.0, 2.0);
    assertThat(load.value()).isEqualTo(8.0);
    Depot depot =
        new Depot(
            NOW,
            5,
            10,
            List.of(),
            List.of(load),
            List.of(),
            OptionalDouble.empty(),
            List.of(bay("b1"), bay("b2"), bay("b3")));

    Plan plan = DepotPlanner.plan(depot, Policy.AT_PLUG_IN);

    assertThat(plan.siteKw().subList(0, 3)).allMatch(kw -> kw <= 2.0 + 1e-9 && kw > 1.95);
    // From the fourth step on the reading no longer holds: the three 13S packs take their 20 A
    // each (about 0.94 kW apiece).
    assertThat(plan.siteKw().get(3)).isGreaterThan(2.5);
  }

  @Test
  void export_is_no_extra_headroom() {
    assertThat(LiveSite.otherLoadNow(NOW, Duration.ofMinutes(5), -4.0, 1.0).value()).isZero();
  }
}
