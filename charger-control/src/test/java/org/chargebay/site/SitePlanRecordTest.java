package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.PlanComputed;
import org.chargebay.planner.Policy;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SitePlanRecordTest {
  private static final Duration SLOT = Duration.ofSeconds(5);
  private static final Instant NOW = Instant.parse("2026-12-05T18:00:02Z");
  private static final long SLOT_NO = NOW.toEpochMilli() / SLOT.toMillis() + 1;

  /** A 20S NMC 40 Ah bay at 3.6 V per cell, with a departure or none. */
  static BayReport bay(String id, Instant departure, int target) {
    return new BayReport(
        id, NOW, "NMC", 20, 40_000, 3_600, 72_000, 0, 4_150, 40_000, true, departure, target, 1);
  }

  private static SiteAllocation plan(List<SiteReport> reports, double cap) {
    return SitePlanning.plan(
        reports, NOW, SLOT_NO, SLOT, cap, Policy.PLANNED, Duration.ofSeconds(2), -1, "c1", 7);
  }

  @Test
  void a_plan_is_recorded_with_its_whole_input_and_planning_it_again_gives_the_same()
      throws Exception {
    List<SiteReport> reports = new ArrayList<>();
    reports.add(new SiteReport("c1", 2, -1, NOW, bay("c1-1", NOW.plusSeconds(3600), 80)));
    reports.add(new SiteReport("c2", 3, -1, NOW, bay("c2-1", null, 0)));
    reports.add(new SiteReport("c3", 1, -1, NOW.minusSeconds(60), bay("c3-1", null, 0)));
    SitePlanning.Planned planned =
        SitePlanning.planned(
            reports, NOW, SLOT_NO, SLOT, 4, Policy.PLANNED, Duration.ofSeconds(2), -1, "c1", 7);
    SiteAllocation a = planned.allocation();
    assertThat(plan(reports, 4)).isEqualTo(a);
    PlanComputed e =
        SitePlanRecord.event(
            a, planned.infeasible(), reports, NOW, SLOT, Policy.PLANNED, Duration.ofSeconds(2), -1);

    assertThat(e.planId()).isEqualTo(a.planId()).isEqualTo("g7-s" + SLOT_NO);
    assertThat(e.at()).isEqualTo(NOW);
    assertThat(e.policy()).isEqualTo("planned");
    assertThat(e.bays()).isEqualTo(2); // c3 is silent: on fallback
    assertThat(e.infeasible()).isEqualTo(planned.infeasible()).isEmpty();
    assertThat(a.fallback()).containsExactly("c3");
    double bound = a.bays().values().stream().mapToDouble(SiteAllocation.Bay::maxKw).sum();
    assertThat(e.peakWatts()).isEqualTo(Math.round(bound * 1000)).isPositive();
    assertThat(e.input())
        .contains("\"kind\":\"kafka-site\"")
        .contains("\"capKw\":4.0")
        .contains("\"stepMinutes\":5")
        .contains("\"departure\":\"" + NOW.plusSeconds(3600) + "\"")
        .contains("\"targetSocPercent\":80");
    assertThat(SitePlanRecord.recorded(e.input())).isEqualTo(a);
    assertThat(SitePlanRecord.replan(e.input())).isEqualTo(a);
  }

  @Test
  void a_departure_in_a_report_changes_the_plan() {
    // two packs, a cap for about one: the one leaving soon gets the larger share
    List<SiteReport> none = new ArrayList<>();
    none.add(new SiteReport("c1", 1, -1, NOW, bay("c1-1", null, 0)));
    none.add(new SiteReport("c2", 1, -1, NOW, bay("c2-1", null, 0)));
    SiteAllocation before = plan(none, 3);
    List<SiteReport> soon = new ArrayList<>(none);
    soon.set(1, new SiteReport("c2", 1, -1, NOW, bay("c2-1", NOW.plusSeconds(45 * 60), 90)));
    SiteAllocation after = plan(soon, 3);
    System.out.printf(
        "without departure %s; c2-1 leaving in 45 min %s%n", before.bays(), after.bays());
    assertThat(after.bays().get("c2-1").milliamps())
        .isGreaterThan(before.bays().get("c2-1").milliamps())
        .isGreaterThan(after.bays().get("c1-1").milliamps());
  }

  @Test
  void a_departure_no_pack_can_make_is_recorded_as_infeasible() {
    // 40 Ah from about 3.6 V per cell to 90 % at 40 A: far more than the 10 minutes left
    List<SiteReport> reports =
        List.of(new SiteReport("c1", 2, -1, NOW, bay("c1-1", NOW.plusSeconds(600), 90)));
    SitePlanning.Planned planned =
        SitePlanning.planned(
            reports, NOW, SLOT_NO, SLOT, 10, Policy.PLANNED, Duration.ofSeconds(2), -1, "c1", 7);
    assertThat(planned.infeasible()).containsExactly("c1-1");
    PlanComputed e =
        SitePlanRecord.event(
            planned.allocation(),
            planned.infeasible(),
            reports,
            NOW,
            SLOT,
            Policy.PLANNED,
            Duration.ofSeconds(2),
            -1);
    assertThat(e.infeasible()).containsExactly("c1-1");
    // it still gets its full current, the most the cap allows
    assertThat(planned.allocation().bays().get("c1-1").milliamps()).isEqualTo(40_000);
  }

  @Test
  void a_plan_under_a_tariff_and_a_cap_schedule_is_recorded_with_them_and_replans_the_same()
      throws Exception {
    SitePlanning.Schedule schedule =
        new SitePlanning.Schedule(
            DailyWindows.parse("t", "22:00-24:00=0.12,00:00-06:00=0.12,06:00-22:00=0.31", 0),
            DailyWindows.parse("s", "17:00-20:00=3", 0),
            java.time.ZoneId.of("Europe/Berlin"));
    List<SiteReport> reports = new ArrayList<>();
    reports.add(new SiteReport("c1", 1, -1, NOW, bay("c1-1", NOW.plusSeconds(14 * 3600), 80)));
    reports.add(new SiteReport("c2", 1, -1, NOW, bay("c2-1", null, 0)));
    reports.add(new SiteReport("c2", 1, -1, NOW, bay("c2-2", NOW.plusSeconds(1800), 70)));
    reports.add(new SiteReport("c3", 1, -1, NOW.minusSeconds(60), bay("c3-1", null, 0)));
    SitePlanning.Planned planned =
        SitePlanning.planned(
            reports,
            NOW,
            SLOT_NO,
            SLOT,
            10,
            schedule,
            Policy.PLANNED,
            Duration.ofSeconds(2),
            -1,
            "c1",
            7);
    SiteAllocation a = planned.allocation();
    // 19:00 in Berlin: the schedule's 3 kW is in force
    assertThat(a.capKw()).isEqualTo(3);
    assertThat(a.boundKw()).isLessThanOrEqualTo(3 + 1e-9);
    // without the schedule the same input plans otherwise: the record must carry it
    assertThat(plan(reports, 10)).isNotEqualTo(a);
    PlanComputed e =
        SitePlanRecord.event(
            a,
            planned.infeasible(),
            reports,
            NOW,
            SLOT,
            10,
            schedule,
            Policy.PLANNED,
            Duration.ofSeconds(2),
            -1);
    assertThat(e.input())
        .contains("\"siteCapKw\":10.0")
        .contains("\"capKw\":3.0")
        .contains("\"zone\":\"Europe/Berlin\"")
        .contains("{\"from\":\"22:00\",\"to\":\"00:00\",\"value\":0.12}");
    assertThat(SitePlanRecord.recorded(e.input())).isEqualTo(a);
    assertThat(SitePlanRecord.replan(e.input())).isEqualTo(a);

    // an input recorded before there were schedules (no siteCapKw, no schedule) replans as before
    PlanComputed old =
        SitePlanRecord.event(
            plan(reports, 10),
            List.of(),
            reports,
            NOW,
            SLOT,
            Policy.PLANNED,
            Duration.ofSeconds(2),
            -1);
    assertThat(old.input()).doesNotContain("schedule").doesNotContain("siteCapKw");
    assertThat(SitePlanRecord.replan(old.input())).isEqualTo(plan(reports, 10));

    String badZone = e.input().replace("Europe/Berlin", "Mars/Base");
    assertThatThrownBy(() -> SitePlanRecord.replan(badZone)).hasMessageContaining("schedule.zone");
  }

  @Test
  void an_input_that_is_not_a_site_plan_is_refused() {
    assertThatThrownBy(() -> SitePlanRecord.replan("{\"start\":\"x\"}"))
        .hasMessageContaining("kafka-site");
    assertThatThrownBy(() -> SitePlanRecord.replan("nope")).hasMessageContaining("not JSON");
  }
}
