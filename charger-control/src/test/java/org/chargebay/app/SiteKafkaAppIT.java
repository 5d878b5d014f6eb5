package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.chargebay.site.BayReport;
import org.chargebay.site.KafkaSiteAllocations;
import org.chargebay.site.SiteAllocation;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The controller with {@code chargebay.site.kafka.enabled=true}: it takes its bays' allocations
 * from the site through Kafka and, alone on the site, becomes its planner.
 */
@QuarkusTest
@QuarkusTestResource(value = SiteKafkaBrokerResource.class, restrictToAnnotatedClass = true)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SiteKafkaAppIT {
  @Inject SiteKafkaService site;
  @Inject SiteService bays;

  private static void await(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 60 s").isLessThan(deadline);
      LockSupport.parkNanos(20_000_000L); // polling a condition
    }
  }

  @Test
  void the_controller_joins_the_site_plans_it_and_keeps_its_bay_within_the_cap() {
    KafkaSiteAllocations allocations = (KafkaSiteAllocations) site.allocations().orElseThrow();
    // the bay loops follow the Kafka site (no local planner beside it)
    assertThat(bays.allocations()).isSameAs(allocations);
    assertThat(bays.planner()).isEmpty();
    assertThat(allocations.settings().controllerId()).isEqualTo("app-1");
    BayReport bay =
        new BayReport(
            "site-bay",
            Instant.now(),
            "NMC",
            20,
            40_000,
            3_700,
            74_000,
            0,
            4_150,
            40_000,
            true,
            null,
            90,
            1);
    allocations.report(bay);
    await(allocations::isPlanner, "the planner's role");
    await(
        () ->
            allocations
                .planAt(Instant.now())
                .map(a -> a.bays().containsKey("site-bay"))
                .orElse(false),
        "a plan with the bay");
    SiteAllocation plan = allocations.planAt(Instant.now()).orElseThrow();
    // 40 A at 20 x 4.15 V would be 3.32 kW; the cap is 6 kW: the bay may draw its maximum
    assertThat(plan.planner()).isEqualTo("app-1");
    assertThat(plan.boundKw()).isLessThanOrEqualTo(6.0);
    // the first plans may have been made before the bay's report arrived: near a slot's start the
    // lower of two slots' values applies, so the bay's full current comes with the next slot
    await(
        () -> allocations.milliampsFor("site-bay").orElseThrow() == 40_000,
        "the bay's allocation at its maximum current");
  }
}
