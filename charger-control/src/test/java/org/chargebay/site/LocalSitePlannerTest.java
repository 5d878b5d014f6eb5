package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;
import org.chargebay.bay.MemoryEventStore;
import org.chargebay.events.AllocationChanged;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.planner.Policy;
import org.chargebay.simulator.VirtualClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LocalSitePlannerTest {
  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-12-05T18:00:00Z"));
  private final EventCodec codec = EventCodec.standard();
  private final MemoryEventStore store = MemoryEventStore.empty(codec);
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

  private LocalSitePlanner planner(
      double capKw, @Nullable String tariff, @Nullable String capSchedule) {
    return new LocalSitePlanner(
        new LocalSitePlanner.Settings(
            capKw,
            capKw,
            3,
            0,
            5,
            Policy.PLANNED,
            Duration.ofHours(12),
            100,
            10,
            tariff == null ? null : DailyWindows.parse("tariff", tariff, 0),
            capSchedule == null ? null : DailyWindows.parse("cap-schedule", capSchedule, 0),
            ZoneId.of("Europe/Berlin")),
        clock,
        null,
        store,
        codec,
        queue::add);
  }

  private LocalSitePlanner planner(double capKw) {
    return new LocalSitePlanner(
        new LocalSitePlanner.Settings(
            capKw, capKw, 3, 0, 5, Policy.PLANNED, Duration.ofHours(12), 100, 10),
        clock,
        null,
        store,
        codec,
        queue::add);
  }

  private BayReport report(String id, boolean charging, int milliamps) {
    return report(id, charging, milliamps, 2000);
  }

  private BayReport report(String id, boolean charging, int milliamps, int capacityMah) {
    return new BayReport(
        id,
        clock.instant(),
        "NMC",
        13,
        capacityMah,
        3700,
        48_100,
        milliamps,
        4150,
        2000,
        charging,
        null,
        0,
        1);
  }

  private List<ChargeEvent> plans() {
    return store.readStream(PlanComputed.STREAM, 1).stream().map(codec::decode).toList();
  }

  @Test
  void bays_get_nothing_until_planned_and_planning_runs_only_on_the_planner_executor() {
    LocalSitePlanner p = planner(1.0);
    p.report(report("b1", true, 0));
    p.report(report("b1", true, 0)); // no change: no second plan
    assertThat(p.milliampsFor("b1")).hasValue(0);
    assertThat(queue).hasSize(1);
    queue.poll().run();
    assertThat(p.milliampsFor("b1")).hasValue(2000);
    assertThat(plans().get(0)).isInstanceOf(PlanComputed.class);
    assertThat(((PlanComputed) plans().get(0)).input()).contains("\"id\":\"b1\"");
    assertThat(plans()).anySatisfy(e -> assertThat(e).isInstanceOf(AllocationChanged.class));
  }

  @Test
  void a_plug_in_shares_the_cap_and_a_completion_hands_it_back() {
    // 48 V x 2 A is about 0.1 kW a bay: a 0.15 kW cap has room for one and a half
    LocalSitePlanner p = planner(0.15);
    p.report(report("b1", true, 2000));
    queue.poll().run();
    int alone = p.milliampsFor("b1").orElseThrow();
    p.report(report("b2", true, 0));
    queue.poll().run();
    int shared1 = p.milliampsFor("b1").orElseThrow();
    int shared2 = p.milliampsFor("b2").orElseThrow();
    assertThat(alone).isEqualTo(2000);
    assertThat((shared1 + shared2) / 1000.0 * 48.1 / 1000).isLessThanOrEqualTo(0.15);
    assertThat(shared1 + shared2).isGreaterThan(2000);
    p.report(report("b1", false, 0));
    queue.poll().run();
    assertThat(p.milliampsFor("b1")).hasValue(0);
    assertThat(p.milliampsFor("b2")).hasValue(2000);
    assertThat(p.status().snapshot().reason()).isEqualTo("bay b1 stopped charging");
  }

  @Test
  void a_departure_is_recorded_replanned_and_read_back_after_a_restart() {
    LocalSitePlanner p = planner(1.0);
    p.report(report("b1", true, 0));
    queue.poll().run();
    Instant at = clock.instant().plus(Duration.ofHours(8));
    p.setDeparture("b1", at, 80, "alice");
    assertThat(queue).hasSize(1);
    queue.poll().run();
    assertThat(
            ((PlanComputed)
                    plans().stream()
                        .filter(PlanComputed.class::isInstance)
                        .reduce((a, b) -> b)
                        .orElseThrow())
                .input())
        .contains("\"departure\":\"" + at + "\"", "\"target_soc_pct\":80");

    LocalSitePlanner restarted = planner(1.0);
    assertThat(restarted.departure("b1")).hasValue(new Departure(at, 80, "alice"));
    restarted.setDeparture("b1", null, 0, "alice");
    assertThat(planner(1.0).departure("b1")).isEmpty();
  }

  @Test
  void with_a_night_tariff_the_planned_policy_waits_for_the_cheap_hours() {
    // 18:00 UTC is 19:00 in Berlin; cheap from 23:00 to 05:00 local (22:00-04:00 UTC)
    LocalSitePlanner p = planner(1.0, "23:00-05:00=0.10,05:00-23:00=0.40", null);
    p.report(report("b1", true, 0));
    queue.poll().run();
    assertThat(p.milliampsFor("b1")).as("evening, dear").hasValue(0);
    PlanComputed plan =
        (PlanComputed)
            plans().stream().filter(PlanComputed.class::isInstance).findFirst().orElseThrow();
    assertThat(plan.input())
        .contains(
            "\"tariff\":[{\"from\":\"2026-12-05T18:00:00Z\",\"to\":\"2026-12-05T22:00:00Z\","
                + "\"price_per_kwh\":0.4},{\"from\":\"2026-12-05T22:00:00Z\","
                + "\"to\":\"2026-12-06T04:00:00Z\",\"price_per_kwh\":0.1}")
        .doesNotContain("default_price_per_kwh");

    clock.advance(Duration.ofHours(4)); // 23:00 in Berlin
    p.replan("next step");
    assertThat(p.milliampsFor("b1")).as("night, cheap").hasValue(2000);
  }

  @Test
  void a_cap_schedule_lowers_the_allocations_inside_its_window_only() {
    // 19:00-21:00 in Berlin (18:00-20:00 UTC) the site may take 0.15 kW, else 1 kW
    LocalSitePlanner p = planner(1.0, null, "19:00-21:00=0.15");
    // 40 Ah packs: a night at 2 A does not fill them, so each takes what it is given
    p.report(report("b1", true, 0, 40_000));
    p.report(report("b2", true, 0, 40_000));
    p.report(report("b3", true, 0, 40_000));
    queue.clear();
    p.replan("plug-in");
    int evening = 0;
    for (String b : List.of("b1", "b2", "b3")) {
      evening += p.milliampsFor(b).orElseThrow();
    }
    // at the highest pack voltage the bays can have (13 x 4150 mV)
    assertThat(evening / 1000.0 * 53.95 / 1000).isLessThanOrEqualTo(0.15).isGreaterThan(0.1);
    assertThat(p.settings().capAt(clock.instant())).isEqualTo(0.15);
    assertThat(p.status().snapshot().capKw()).as("the cap planned under now").isEqualTo(0.15);

    clock.advance(Duration.ofHours(2)); // 21:00 in Berlin: the schedule's window is over
    p.replan("next step");
    int later = 0;
    for (String b : List.of("b1", "b2", "b3")) {
      later += p.milliampsFor(b).orElseThrow();
    }
    assertThat(later).isEqualTo(6000);
    assertThat(p.settings().capAt(clock.instant())).isEqualTo(1.0);
    assertThat(p.status().snapshot().capKw()).isEqualTo(1.0);
  }

  @Test
  void a_bay_that_can_only_be_switched_gets_its_nameplate_or_nothing() {
    // 54 V x 2 A = 0.108 kW on; two of them under 0.15 kW: one on, one off at any moment
    LocalSitePlanner p = planner(0.15);
    for (String id : List.of("r1", "r2")) {
      p.report(
          new BayReport(
              id,
              clock.instant(),
              "NMC",
              13,
              40_000,
              3_700,
              48_100,
              0,
              4_154,
              2000,
              true,
              null,
              0,
              1,
              true));
    }
    queue.clear();
    p.replan("plug-in");
    int r1 = p.milliampsFor("r1").orElseThrow();
    int r2 = p.milliampsFor("r2").orElseThrow();
    assertThat(List.of(r1, r2)).allSatisfy(ma -> assertThat(ma).isIn(0, 2000));
    assertThat(r1 + r2).isEqualTo(2000);
    assertThat(
            ((PlanComputed)
                    plans().stream()
                        .filter(PlanComputed.class::isInstance)
                        .findFirst()
                        .orElseThrow())
                .input())
        .contains("\"switch_only\":true");
  }
}
