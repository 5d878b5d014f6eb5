package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.site.SiteKafkaTestSupport.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.chargebay.bay.MemoryEventStore;
import org.chargebay.events.AllocationChanged;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.DepartureSet;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.kafka.KafkaTestCluster;
import org.chargebay.planner.Policy;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Two controllers of one site in one JVM and a real broker: exactly one becomes the planner through
 * the consumer group's assignment, its allocations reach both and stay within the cap; when the
 * planner closes, the other takes over, and meanwhile each controller's bays stay within the cap
 * and, while it has no plan, within its fallback share. With journals: the planner records its
 * plans with their inputs, each controller the changes of its own bays' allocations (and only the
 * changes), and a departure set on one controller reaches the planner and changes the allocation.
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

  /** The system clock, which a test can move ahead for one controller. */
  private static final class ShiftedClock extends Clock {
    final AtomicLong shiftMillis = new AtomicLong();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plusMillis(shiftMillis.get());
    }
  }

  private static KafkaSiteAllocations journaled(
      String bootstrap, String id, Clock clock, EventStore journal) {
    KafkaSiteAllocations c =
        new KafkaSiteAllocations(
            new KafkaSiteAllocations.Settings(
                bootstrap,
                Map.of(),
                new SiteTopics("it.journal.bays", "it.journal.allocations", "it-journal-planner"),
                id,
                3,
                1.5,
                Duration.ofMillis(1000),
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                Duration.ofMillis(1000),
                Duration.ofSeconds(6),
                Policy.PLANNED),
            clock);
    c.journalTo(journal, EventCodec.standard());
    return c;
  }

  /** A charging 20S NMC 40 Ah pack at 3.6 V per cell, at rest: two of them need twice the cap. */
  private static BayReport pack(String id) {
    return new BayReport(
        id, Instant.now(), "NMC", 20, 40_000, 3_600, 72_000, 0, 4_150, 40_000, true, null, 0, 1);
  }

  private static <T extends ChargeEvent> List<T> events(EventStore j, Class<T> type) {
    EventCodec codec = EventCodec.standard();
    return j.readStream(PlanComputed.STREAM, 1).stream()
        .map(codec::decode)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** Where an allocation came from, without its slot: a plan's planner, or the fallback's cause. */
  private static String source(AllocationChanged e) {
    return e.reason().replaceAll(" \\(.*", "").replaceAll("-s\\d+", "");
  }

  @Test
  void plans_and_allocation_changes_are_journaled_once_and_a_departure_reaches_the_planner()
      throws Exception {
    try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
      String bootstrap = kafka.bootstrapServers();
      EventCodec codec = EventCodec.standard();
      MemoryEventStore j1 = MemoryEventStore.empty(codec);
      MemoryEventStore j2 = MemoryEventStore.empty(codec);
      ShiftedClock clock1 = new ShiftedClock();
      ShiftedClock clock2 = new ShiftedClock();
      KafkaSiteAllocations c1 = journaled(bootstrap, "c1", clock1, j1);
      KafkaSiteAllocations c2 = journaled(bootstrap, "c2", clock2, j2);
      Map<KafkaSiteAllocations, BayReport> bays = Map.of(c1, pack("c1-1"), c2, pack("c2-1"));
      AtomicBoolean looping = new AtomicBoolean(true);
      AtomicLong cycles = new AtomicLong();
      // the bay loops: every cycle each reads its allocation and reports
      Thread loops =
          new Thread(
              () -> {
                while (looping.get()) {
                  bays.forEach(
                      (c, b) -> {
                        c.milliampsFor(b.bayId());
                        c.report(b);
                      });
                  cycles.incrementAndGet();
                  LockSupport.parkNanos(20_000_000L); // the loops' cycle
                }
              },
              "test-bay-loops");
      loops.setDaemon(true);
      loops.start();
      try (SiteKafkaTestSupport.AllocationReader reader =
          new SiteKafkaTestSupport.AllocationReader(bootstrap, "it.journal.allocations")) {
        await(
            () ->
                c1.planAt(Instant.now()).map(a -> a.bays().size() == 2).orElse(false)
                    && c2.planAt(Instant.now()).map(a -> a.bays().size() == 2).orElse(false),
            Duration.ofSeconds(60),
            "both controllers on a plan of both bays");
        KafkaSiteAllocations planner = c1.isPlanner() ? c1 : c2;
        KafkaSiteAllocations follower = planner == c1 ? c2 : c1;
        MemoryEventStore plannerJournal = planner == c1 ? j1 : j2;
        String plannerId = planner.settings().controllerId();
        // the same reports for five more slots: the same plan, published each slot
        long slotNow = Instant.now().toEpochMilli() / 1000;
        await(
            () -> planner.heldSlot() >= slotNow + 5,
            Duration.ofSeconds(30),
            "five more slots planned");
        SiteAllocation before = c2.planAt(Instant.now()).orElseThrow();
        // no departure: the planner gives the cap to one pack (c1-1 comes first)
        assertThat(before.bays().get("c2-1").milliamps())
            .isLessThan(before.bays().get("c1-1").milliamps());
        int plansBefore =
            (int)
                reader.seen.stream()
                    .filter(x -> x.allocation().planner().equals(plannerId))
                    .count();
        assertThat(events(plannerJournal, PlanComputed.class))
            .as("a plan the same as the last is not recorded again")
            .hasSizeLessThan(plansBefore);

        // a departure on c2: recorded there, carried to the planner, c2-1 now comes first
        Instant leaves =
            Instant.now()
                .plus(Duration.ofMinutes(45))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long setAt = System.nanoTime();
        DepartureSet set = c2.setDeparture("c2-1", leaves, 90, "operator");
        await(
            () -> c2.milliampsFor("c2-1").orElseThrow() > before.bays().get("c2-1").milliamps(),
            Duration.ofSeconds(30),
            "c2-1's allocation raised by its departure");
        long reachedMs = (System.nanoTime() - setAt) / 1_000_000;
        await(
            () ->
                c2.planAt(Instant.now())
                    .map(a -> a.bays().get("c2-1").milliamps() > a.bays().get("c1-1").milliamps())
                    .orElse(false),
            Duration.ofSeconds(30),
            "c2-1 first in the plan");
        long slotAfter = Instant.now().toEpochMilli() / 1000;
        await(
            () -> planner.heldSlot() >= slotAfter + 3,
            Duration.ofSeconds(30),
            "three more slots planned");

        ShiftedClock followerClock = follower == c1 ? clock1 : clock2;
        String bay = follower == c1 ? "c1-1" : "c2-1";
        // the follower's clock a few slots past the last plan it holds, within the time a
        // take-over takes (6 s session + 3 slots): the planner may be dead and its supplies still
        // draw its last plan, so the follower keeps its bays within that plan, not its whole share
        long held = follower.heldSlot();
        SiteAllocation lastHeld =
            follower.planAt(Instant.ofEpochMilli(held * 1000 + 500)).orElseThrow();
        followerClock.shiftMillis.set((held + 5) * 1000 + 500 - System.currentTimeMillis());
        KafkaSiteAllocations.Source takeover = follower.sourceFor(bay);
        assertThat(takeover.fallback()).isTrue();
        assertThat(takeover.milliamps())
            .as(takeover.cause())
            .isLessThanOrEqualTo(lastHeld.bays().get(bay).milliamps());
        // ... and a slot past that window, its whole fallback share
        followerClock.shiftMillis.set((held + 11) * 1000 + 500 - System.currentTimeMillis());
        KafkaSiteAllocations.Source share = follower.sourceFor(bay);
        assertThat(share.cause()).startsWith("fallback: plan expired");
        assertThat(share.milliamps()).isGreaterThanOrEqualTo(takeover.milliamps());
        if (takeover.milliamps() < share.milliamps()) {
          assertThat(takeover.cause()).startsWith("fallback within the last plan");
        }

        // the follower's clock an hour ahead: every plan it holds has expired
        followerClock.shiftMillis.set(Duration.ofHours(1).toMillis());
        String followerBay = follower == c1 ? "c1-1" : "c2-1";
        assertThat(follower.sourceFor(followerBay).cause()).startsWith("fallback: plan expired");
        follower.milliampsFor(followerBay);
        looping.set(false);
        loops.join();
        long slots = reader.seen.size();
        c1.close();
        c2.close();
        System.out.printf(
            "site journal: departure to allocation %d ms; %d plans published, %d recorded; "
                + "%d loop cycles; allocation changes c1 %d, c2 %d%n",
            reachedMs,
            slots,
            events(plannerJournal, PlanComputed.class).size(),
            cycles.get(),
            events(j1, AllocationChanged.class).size(),
            events(j2, AllocationChanged.class).size());

        for (var j : List.of(j1, j2)) {
          events(j, AllocationChanged.class)
              .forEach(
                  c ->
                      System.out.printf(
                          "  %s %s %d mA: %s%n", c.at(), c.bayId(), c.milliamps(), c.reason()));
        }

        // the departure: recorded on c2 before its effect
        assertThat(events(j2, DepartureSet.class))
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.bayId()).isEqualTo("c2-1");
                  assertThat(d.departure()).isEqualTo(leaves);
                  assertThat(d.targetSocPercent()).isEqualTo(90);
                  assertThat(d.by()).isEqualTo("operator");
                });
        assertThat(set.departure()).isEqualTo(leaves);

        // the planner's plans: each with its whole input, which plans again to what was published
        List<PlanComputed> recorded = events(plannerJournal, PlanComputed.class);
        assertThat(recorded).hasSizeGreaterThanOrEqualTo(2);
        SiteAllocation previous = null;
        for (PlanComputed p : recorded) {
          SiteAllocation a = SitePlanRecord.recorded(p.input());
          assertThat(SitePlanRecord.replan(p.input())).isEqualTo(a);
          assertThat(p.planId()).isEqualTo(a.planId());
          assertThat(a.planner()).isEqualTo(plannerId);
          assertThat(reader.seen.stream().map(SiteKafkaTestSupport.Seen::allocation)).contains(a);
          if (previous != null) {
            assertThat(
                    a.bays().equals(previous.bays())
                        && a.fallback().equals(previous.fallback())
                        && a.reservedKw() == previous.reservedKw()
                        && a.generation() == previous.generation())
                .as("plan %s recorded again unchanged", a.planId())
                .isFalse();
          }
          previous = a;
        }
        assertThat(recorded.stream().map(PlanComputed::input))
            .anySatisfy(
                in ->
                    assertThat(in)
                        .contains("\"id\":\"c2-1\"")
                        .contains("\"departure\":\"" + leaves + "\"")
                        .contains("\"targetSocPercent\":90"));

        // each controller's allocation changes: its own bays only, never the same one twice
        for (var e : Map.of("c1", j1, "c2", j2).entrySet()) {
          List<AllocationChanged> changes = events(e.getValue(), AllocationChanged.class);
          assertThat(changes).isNotEmpty();
          assertThat(changes).allMatch(c -> c.bayId().equals(e.getKey() + "-1"));
          for (int i = 1; i < changes.size(); i++) {
            AllocationChanged x = changes.get(i - 1);
            AllocationChanged y = changes.get(i);
            assertThat(x.milliamps() == y.milliamps() && source(x).equals(source(y)))
                .as("%s journaled again unchanged: %s", e.getKey(), y)
                .isFalse();
          }
          assertThat(changes.size()).isLessThan((int) slots);
          assertThat(changes)
              .anySatisfy(
                  c ->
                      assertThat(c.reason())
                          .startsWith("plan g")
                          .contains("from planner " + plannerId));
        }
        List<AllocationChanged> c2Changes = events(j2, AllocationChanged.class);
        assertThat(c2Changes)
            .filteredOn(c -> !c.at().isBefore(set.at()) && !c.planId().equals("fallback"))
            .anySatisfy(
                c ->
                    assertThat(c.milliamps()).isGreaterThan(before.bays().get("c2-1").milliamps()));
        List<AllocationChanged> followerChanges =
            events(follower == c1 ? j1 : j2, AllocationChanged.class);
        AllocationChanged last = followerChanges.get(followerChanges.size() - 1);
        assertThat(last.reason()).startsWith("fallback: plan expired");
        assertThat(last.planId()).isEqualTo("fallback");

        // a controller started on c2's journal reads its departure back
        KafkaSiteAllocations again = journaled(bootstrap, "c2", Clock.systemUTC(), j2);
        try {
          assertThat(again.departure("c2-1"))
              .hasValueSatisfying(d -> assertThat(d.at()).isEqualTo(leaves));
        } finally {
          again.close();
        }
      } finally {
        looping.set(false);
        c1.close();
        c2.close();
      }
    }
  }

  /**
   * A 20S 400 Ah pack at 3.6 V per cell that could take 200 A (16.6 kW, far above the cap), leaving
   * at {@code at} with {@code targetPct}.
   */
  private static BayReport big(String id, Instant at, int targetPct) {
    return new BayReport(
        id,
        Instant.now(),
        "NMC",
        20,
        400_000,
        3_600,
        72_000,
        0,
        4_150,
        200_000,
        true,
        at,
        targetPct,
        1);
  }

  @Test
  void after_its_last_plan_a_controller_stays_within_it_for_the_time_a_take_over_takes()
      throws Exception {
    try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
      String bootstrap = kafka.bootstrapServers();
      ShiftedClock clock1 = new ShiftedClock();
      ShiftedClock clock2 = new ShiftedClock();
      KafkaSiteAllocations c1 =
          journaled(bootstrap, "c1", clock1, MemoryEventStore.empty(EventCodec.standard()));
      KafkaSiteAllocations c2 =
          journaled(bootstrap, "c2", clock2, MemoryEventStore.empty(EventCodec.standard()));
      // c1-1 wants 90 % and takes the whole 3 kW cap; c2-1 is past its 10 % target: the plan gives
      // it nothing, below its fallback share (1.5 kW: 18 A at 20 x 4.15 V)
      Map<KafkaSiteAllocations, BayReport> bays =
          Map.of(
              c1, big("c1-1", Instant.now().plus(Duration.ofHours(1)), 90),
              c2, big("c2-1", Instant.now().plus(Duration.ofHours(12)), 10));
      AtomicBoolean looping = new AtomicBoolean(true);
      Thread loops =
          new Thread(
              () -> {
                while (looping.get()) {
                  bays.forEach(
                      (c, b) -> {
                        c.milliampsFor(b.bayId());
                        c.report(b);
                      });
                  LockSupport.parkNanos(20_000_000L); // the loops' cycle
                }
              },
              "test-bay-loops");
      loops.setDaemon(true);
      loops.start();
      try {
        await(
            () ->
                c2.planAt(Instant.now())
                    .map(a -> a.bays().containsKey("c1-1") && a.bays().containsKey("c2-1"))
                    .orElse(false),
            Duration.ofSeconds(60),
            "c2 on a plan of both bays");
        long held = c2.heldSlot();
        SiteAllocation last = c2.planAt(Instant.ofEpochMilli(held * 1000 + 500)).orElseThrow();
        int planned = last.bays().get("c2-1").milliamps();
        int share = FallbackSplit.split(1.5, List.of(bays.get(c2))).get("c2-1");
        assertThat(planned).as("c2-1's plan below its share").isLessThan(share);

        // a few slots past its last plan, within 6 s session + 3 slots: within that plan
        clock2.shiftMillis.set((held + 5) * 1000 + 500 - System.currentTimeMillis());
        KafkaSiteAllocations.Source takeover = c2.sourceFor("c2-1");
        assertThat(takeover.milliamps()).isEqualTo(planned);
        assertThat(takeover.fallback()).isTrue();
        assertThat(takeover.cause())
            .startsWith("fallback within the last plan until a new planner plans: plan expired");
        // past that time: its whole fallback share
        clock2.shiftMillis.set((held + 11) * 1000 + 500 - System.currentTimeMillis());
        KafkaSiteAllocations.Source after = c2.sourceFor("c2-1");
        assertThat(after.milliamps()).isEqualTo(share);
        assertThat(after.cause()).startsWith("fallback: plan expired");
      } finally {
        looping.set(false);
        loops.join();
        c1.close();
        c2.close();
      }
    }
  }
}
