package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.site.SiteKafkaTestSupport.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.chargebay.events.store.kafka.KafkaTestCluster;
import org.chargebay.planner.Policy;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Two controllers of one site in one JVM and a real broker: exactly one becomes the planner through
 * the consumer group's assignment, its allocations reach both and stay within the cap; when the
 * planner closes, the other takes over, and meanwhile each controller's bays stay within the cap
 * and, while it has no plan, within its fallback share.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SiteKafkaIT {
  private static final double CAP = 10;
  private static final Map<String, Double> SHARE = Map.of("c1", 4.0, "c2", 5.0);

  private static KafkaSiteAllocations controller(String bootstrap, String id) {
    return new KafkaSiteAllocations(
        new KafkaSiteAllocations.Settings(
            bootstrap,
            Map.of(),
            new SiteTopics("it.site.bays", "it.site.allocations", "it-site-planner"),
            id,
            CAP,
            SHARE.get(id),
            Duration.ofMillis(1000),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ofMillis(1000),
            Duration.ofSeconds(6),
            Policy.PLANNED),
        Clock.systemUTC());
  }

  /** What one controller's bays may draw now, and whether it had a plan for this instant. */
  private record Draw(String controller, double kw, boolean onPlan) {}

  private static Draw draw(KafkaSiteAllocations c, List<BayReport> bays) {
    Instant now = Instant.now();
    double kw = 0;
    for (BayReport b : bays) {
      kw += SiteBays.maxKw(b, c.milliampsFor(b.bayId()).orElseThrow());
    }
    return new Draw(c.settings().controllerId(), kw, c.planAt(now).isPresent());
  }

  @Test
  void one_planner_shares_the_cap_and_the_other_takes_over_when_it_goes() throws Exception {
    try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
      String bootstrap = kafka.bootstrapServers();
      KafkaSiteAllocations c1 = controller(bootstrap, "c1");
      KafkaSiteAllocations c2 = controller(bootstrap, "c2");
      List<BayReport> bays1 = SiteBays.nmcBays("c1", 3, Instant.now());
      List<BayReport> bays2 = SiteBays.nmcBays("c2", 3, Instant.now());
      bays1.forEach(c1::report);
      bays2.forEach(c2::report);
      List<String> violations = new CopyOnWriteArrayList<>();
      List<Draw> fallbackDraws = new CopyOnWriteArrayList<>();
      AtomicBoolean c1Open = new AtomicBoolean(true);
      AtomicBoolean c2Open = new AtomicBoolean(true);
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler =
          new Thread(
              () -> {
                while (sampling.get()) {
                  if (c1.isPlanner() && c2.isPlanner()) {
                    violations.add("both controllers are planners");
                  }
                  Draw d2 = c2Open.get() ? draw(c2, bays2) : new Draw("c2", 0, false);
                  Draw d1 = c1Open.get() ? draw(c1, bays1) : new Draw("c1", 0, false);
                  if (d1.kw() + d2.kw() > CAP + 1e-9) {
                    violations.add("site draws " + (d1.kw() + d2.kw()) + " kW");
                  }
                  for (Draw d : List.of(d1, d2)) {
                    if (!d.onPlan() && d.kw() > SHARE.get(d.controller()) + 1e-9) {
                      violations.add(d.controller() + " without a plan draws " + d.kw() + " kW");
                    }
                    if (!d.onPlan() && d.kw() > 0) {
                      fallbackDraws.add(d);
                    }
                  }
                  LockSupport.parkNanos(5_000_000L); // sampling period
                }
              },
              "test-site-sampler");
      sampler.setDaemon(true);
      sampler.start();
      try (SiteKafkaTestSupport.AllocationReader reader =
          new SiteKafkaTestSupport.AllocationReader(bootstrap, "it.site.allocations")) {
        await(() -> c1.isPlanner() || c2.isPlanner(), Duration.ofSeconds(60), "a planner");
        await(
            () ->
                c1.planAt(Instant.now()).map(a -> a.bays().size() == 6).orElse(false)
                    && c2.planAt(Instant.now()).map(a -> a.bays().size() == 6).orElse(false),
            Duration.ofSeconds(30),
            "both controllers on a plan of all six bays");
        assertThat(c1.isPlanner()).isNotEqualTo(c2.isPlanner());
        KafkaSiteAllocations first = c1.isPlanner() ? c1 : c2;
        KafkaSiteAllocations other = first == c1 ? c2 : c1;
        List<BayReport> otherBays = other == c1 ? bays1 : bays2;
        // the bays' maximum (6 x 3.32 kW) is twice the cap: the plan gives all of the cap out
        SiteAllocation a = other.planAt(Instant.now()).orElseThrow();
        assertThat(a.boundKw()).isBetween(CAP * 0.95, CAP + 1e-9);
        assertThat(other.milliampsFor(otherBays.get(0).bayId()).orElseThrow()).isPositive();

        long closedAt = System.currentTimeMillis();
        (first == c1 ? c1Open : c2Open).set(false);
        first.close();
        String firstId = first.settings().controllerId();
        String otherId = other.settings().controllerId();
        await(other::isPlanner, Duration.ofSeconds(30), otherId + " becomes the planner");
        await(
            () -> other.planAt(Instant.now()).map(p -> p.planner().equals(otherId)).orElse(false),
            Duration.ofSeconds(30),
            otherId + " on its own plan");
        long takeover = System.currentTimeMillis() - closedAt;
        // the closed controller is silent: its share stays set aside
        await(
            () ->
                other
                    .planAt(Instant.now())
                    .map(p -> p.fallback().contains(firstId) && p.bays().size() == 3)
                    .orElse(false),
            Duration.ofSeconds(30),
            "the closed controller on fallback in the new plan");
        SiteAllocation after = other.planAt(Instant.now()).orElseThrow();
        assertThat(after.reservedKw()).isGreaterThanOrEqualTo(SHARE.get(firstId));
        assertThat(after.bays().keySet()).allMatch(b -> b.startsWith(otherId));
        sampling.set(false);
        sampler.join();
        if (first == c2) {
          c1.close();
        } else {
          c2.close();
        }
        System.out.printf(
            "site planner takeover after close: %d ms; %d samples on fallback%n",
            takeover, fallbackDraws.size());

        assertThat(violations).isEmpty();
        assertThat(reader.bad).isEmpty();
        List<SiteAllocation> plans =
            reader.seen.stream().map(SiteKafkaTestSupport.Seen::allocation).toList();
        assertThat(plans).isNotEmpty();
        assertThat(plans).allSatisfy(p -> assertThat(p.boundKw()).isLessThanOrEqualTo(CAP + 1e-9));
        // one plan per slot: never two plans for the same time
        Map<Long, Long> perSlot =
            plans.stream()
                .collect(Collectors.groupingBy(SiteAllocation::slot, Collectors.counting()));
        assertThat(perSlot.values()).allMatch(n -> n == 1);
        assertThat(plans.stream().map(SiteAllocation::planner).distinct())
            .containsExactly(firstId, otherId);
        Optional<SiteAllocation> lastOfFirst =
            plans.stream().filter(p -> p.planner().equals(firstId)).reduce((x, y) -> y);
        assertThat(plans.stream().filter(p -> p.planner().equals(otherId)))
            .allMatch(p -> p.slot() > lastOfFirst.orElseThrow().slot())
            .allMatch(p -> p.generation() > lastOfFirst.orElseThrow().generation());
      }
    }
  }
}
