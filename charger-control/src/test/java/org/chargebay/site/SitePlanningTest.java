package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.planner.Policy;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SitePlanningTest {
  private static final Duration SLOT = Duration.ofSeconds(5);
  private static final Instant NOW = Instant.parse("2026-12-05T18:00:02Z");
  private static final long SLOT_NO = NOW.toEpochMilli() / SLOT.toMillis() + 1;

  private static List<SiteReport> controller(
      String id, int bays, double share, Instant sentAt, long held) {
    List<SiteReport> out = new ArrayList<>();
    for (BayReport b : SiteBays.nmcBays(id, bays, NOW)) {
      out.add(new SiteReport(id, share, held, sentAt, b));
    }
    return out;
  }

  private static SiteAllocation plan(List<SiteReport> reports, double cap, long requireHeld) {
    return SitePlanning.plan(
        reports,
        NOW,
        SLOT_NO,
        SLOT,
        cap,
        Policy.PLANNED,
        Duration.ofSeconds(2),
        requireHeld,
        "c1",
        3);
  }

  @Test
  void every_charging_bay_is_planned_within_the_cap_at_the_packs_highest_voltage() {
    for (double cap : new double[] {0.5, 3, 10, 17, 40, 200}) {
      List<SiteReport> reports = new ArrayList<>(controller("c1", 3, 4, NOW, -1));
      reports.addAll(controller("c2", 4, 5, NOW, -1));
      SiteAllocation a = plan(reports, cap, -1);
      assertThat(a.boundKw()).as("cap %s", cap).isLessThanOrEqualTo(cap + 1e-9);
      assertThat(a.bays()).hasSize(7);
      assertThat(a.fallback()).isEmpty();
      // the cap is used (the model's power at 3.7 V per cell is below the bound at the ceiling)
      double demand = 7 * SiteBays.maxKw(SiteBays.nmc("x", 0, NOW), 40_000);
      assertThat(a.boundKw()).isGreaterThanOrEqualTo(0.8 * Math.min(cap, demand));
      assertThat(a.from()).isEqualTo(Instant.ofEpochMilli(SLOT_NO * SLOT.toMillis()));
      assertThat(a.until()).isEqualTo(a.from().plus(SLOT));
    }
    // a generous cap: every bay at its maximum (40 A)
    List<SiteReport> reports = controller("c1", 2, 4, NOW, -1);
    assertThat(plan(reports, 200, -1).bays().values())
        .allSatisfy(b -> assertThat(b.milliamps()).isEqualTo(40_000));
  }

  @Test
  void a_silent_controller_is_left_on_fallback_with_its_share_or_its_last_draw_set_aside() {
    List<SiteReport> reports = new ArrayList<>(controller("c1", 3, 4, NOW, -1));
    reports.addAll(controller("c2", 2, 5, NOW.minusSeconds(3), -1));
    SiteAllocation a = plan(reports, 10, -1);
    assertThat(a.fallback()).containsExactly("c2");
    assertThat(a.reservedKw()).isEqualTo(5.0);
    assertThat(a.bays()).containsOnlyKeys("c1-1", "c1-2", "c1-3");
    assertThat(a.boundKw()).isLessThanOrEqualTo(10 + 1e-9);

    // drawing more than its share when it fell silent: that is set aside
    List<SiteReport> drawing = new ArrayList<>(controller("c1", 3, 4, NOW, -1));
    BayReport hot =
        new BayReport(
            "c2-1", NOW, "NMC", 20, 40_000, 3_900, 78_000, 40_000, 4_150, 40_000, true, null, 90,
            1);
    drawing.add(new SiteReport("c2", 1, -1, NOW.minusSeconds(3), hot));
    SiteAllocation b = plan(drawing, 10, -1);
    assertThat(b.reservedKw())
        .isCloseTo(78.0 * 40 / 1000, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(b.boundKw()).isLessThanOrEqualTo(10 + 1e-9);
  }

  @Test
  void a_controller_not_holding_the_previous_plan_is_left_on_fallback() {
    List<SiteReport> reports = new ArrayList<>(controller("c1", 2, 4, NOW, SLOT_NO - 1));
    reports.addAll(controller("c2", 2, 5, NOW, SLOT_NO - 2));
    SiteAllocation a = plan(reports, 10, SLOT_NO - 1);
    assertThat(a.fallback()).containsExactly("c2");
    assertThat(a.reservedKw()).isEqualTo(5.0);
    assertThat(plan(reports, 10, -1).fallback()).isEmpty();
  }

  @Test
  void bays_not_charging_or_not_plannable_get_no_current() {
    BayReport idle =
        new BayReport(
            "i", NOW, "NMC", 20, 40_000, 3_700, 74_000, 0, 4_150, 40_000, false, null, 0, 1);
    BayReport unknown =
        new BayReport(
            "u", NOW, "ZINC", 20, 40_000, 3_700, 74_000, 0, 4_150, 40_000, true, null, 0, 1);
    List<SiteReport> reports =
        List.of(new SiteReport("c1", 1, -1, NOW, idle), new SiteReport("c1", 1, -1, NOW, unknown));
    assertThat(plan(reports, 10, -1).bays()).isEmpty();
    assertThat(SitePlanning.request(unknown, NOW)).isEmpty();
  }

  @Test
  void the_same_reports_give_the_same_plan() {
    List<SiteReport> reports = new ArrayList<>(controller("c1", 3, 4, NOW, -1));
    reports.addAll(controller("c2", 4, 5, NOW, -1));
    List<SiteReport> reversed = new ArrayList<>(reports);
    java.util.Collections.reverse(reversed);
    assertThat(plan(reversed, 7, -1)).isEqualTo(plan(reports, 7, -1));
  }

  /** A 13S pack on a fixed 54.0 V / 8 A charger on a relay: on at 8 A or off. */
  private static BayReport relay(String id, Instant t) {
    return new BayReport(
        id, t, "NMC", 13, 40_000, 3_700, 48_100, 0, 4_154, 8_000, true, null, 0, 1, true);
  }

  @Test
  void a_bay_that_can_only_be_switched_is_planned_at_its_nameplate_or_off_and_never_scaled() {
    for (double cap : new double[] {0.3, 0.5, 1, 2, 5, 10}) {
      List<SiteReport> reports = new ArrayList<>(controller("c1", 3, 4, NOW, -1));
      reports.add(new SiteReport("c1", 4, -1, NOW, relay("c1-r", NOW)));
      SiteAllocation a = plan(reports, cap, -1);
      assertThat(a.bays().get("c1-r").milliamps()).as("cap %s", cap).isIn(0, 8_000);
      assertThat(a.boundKw()).as("cap %s", cap).isLessThanOrEqualTo(cap + 1e-9);
    }
    // the relay alone under a cap that covers it: on
    SiteAllocation alone =
        plan(List.of(new SiteReport("c1", 4, -1, NOW, relay("c1-r", NOW))), 1, -1);
    assertThat(alone.bays().get("c1-r").milliamps()).isEqualTo(8_000);
    assertThat(SitePlanning.request(relay("c1-r", NOW), NOW).orElseThrow().switchOnly()).isTrue();
  }

  private static final DailyWindows NIGHT =
      DailyWindows.parse("tariff", "22:00-06:00=0.12,06:00-22:00=0.31", 0);

  /** A 20S NMC 40 Ah bay at 3.6 V per cell leaving at {@code departure} wanting 80 %. */
  private static BayReport leaving(String id, Instant at, Instant departure) {
    return new BayReport(
        id, at, "NMC", 20, 40_000, 3_600, 72_000, 0, 4_150, 40_000, true, departure, 80, 1);
  }

  private static SitePlanning.Planned planned(
      List<SiteReport> reports, Instant now, double cap, SitePlanning.Schedule schedule) {
    return SitePlanning.planned(
        reports,
        now,
        now.toEpochMilli() / SLOT.toMillis() + 1,
        SLOT,
        cap,
        schedule,
        Policy.PLANNED,
        Duration.ofSeconds(2),
        -1,
        "c1",
        3);
  }

  @Test
  void with_a_night_tariff_a_bay_with_time_waits_for_the_cheap_hours_and_charges_in_them() {
    SitePlanning.Schedule night = new SitePlanning.Schedule(NIGHT, null, ZoneOffset.UTC);
    Instant departure = Instant.parse("2026-12-06T07:00:00Z");
    // 18:00 UTC: the cheap hours begin at 22:00, long before it must charge
    SiteReport evening = new SiteReport("c1", 2, -1, NOW, leaving("b1", NOW, departure));
    SiteAllocation waits = planned(List.of(evening), NOW, 20, night).allocation();
    assertThat(waits.bays().get("b1").milliamps()).isZero();
    assertThat(waits.capKw()).isEqualTo(20);
    // one price: the same bay charges at once
    assertThat(
            planned(List.of(evening), NOW, 20, SitePlanning.Schedule.NONE)
                .allocation()
                .bays()
                .get("b1")
                .milliamps())
        .isEqualTo(40_000);
    // 23:00 UTC: in the cheap hours, full current
    Instant late = Instant.parse("2026-12-05T23:00:02Z");
    SiteReport night23 = new SiteReport("c1", 2, -1, late, leaving("b1", late, departure));
    SitePlanning.Planned charging = planned(List.of(night23), late, 20, night);
    assertThat(charging.allocation().bays().get("b1").milliamps()).isEqualTo(40_000);
    assertThat(charging.infeasible()).isEmpty();
  }

  @Test
  void a_cap_schedule_window_in_force_lowers_the_slots_total_to_it() {
    DailyWindows evening = DailyWindows.parse("cap-schedule", "17:00-20:00=3", 0);
    SitePlanning.Schedule lower = new SitePlanning.Schedule(null, evening, ZoneOffset.UTC);
    List<SiteReport> reports = new ArrayList<>(controller("c1", 3, 4, NOW, -1));
    reports.addAll(controller("c2", 4, 5, NOW, -1));
    SiteAllocation unscheduled = planned(reports, NOW, 20, SitePlanning.Schedule.NONE).allocation();
    assertThat(unscheduled.boundKw()).isGreaterThan(10);
    // 18:00 UTC: the schedule's 3 kW is in force
    SiteAllocation a = planned(reports, NOW, 20, lower).allocation();
    assertThat(a.capKw()).isEqualTo(3);
    assertThat(a.boundKw()).isLessThanOrEqualTo(3 + 1e-9).isGreaterThan(0.8 * 3);
    // with a silent controller's share set aside, the rest fits what it leaves of the 3 kW
    List<SiteReport> silent = new ArrayList<>(controller("c1", 3, 4, NOW, -1));
    silent.addAll(controller("c2", 2, 1, NOW.minusSeconds(3), -1));
    SiteAllocation b = planned(silent, NOW, 20, lower).allocation();
    assertThat(b.reservedKw()).isEqualTo(1.0);
    assertThat(b.boundKw()).isLessThanOrEqualTo(3 + 1e-9);
    // 21:00 UTC: outside the window, the cap
    Instant later = Instant.parse("2026-12-05T21:00:02Z");
    List<SiteReport> after = new ArrayList<>(controller("c1", 3, 4, later, -1));
    SiteAllocation c = planned(after, later, 20, lower).allocation();
    assertThat(c.capKw()).isEqualTo(20);
    assertThat(c.boundKw()).isGreaterThan(3);
  }
}
