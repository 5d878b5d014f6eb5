package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.chargebay.bay.BayRuntime;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.SetpointChanged;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The meter's two failure cases on the virtual clock: a reading above the cap (another load
 * switched on) and a meter that stops answering.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SiteMeterIT {

  /** Polls (bays, meter, plans) until every bay draws current. */
  private static void untilAllCharge(SiteRig rig) {
    for (int i = 0; i < 120; i++) {
      poll(rig);
      if (rig.bays.stream()
          .allMatch(b -> b.state().phase().charging() && b.state().commandedMilliamps() > 0)) {
        return;
      }
    }
    throw new AssertionError("the bays did not all start");
  }

  private static double poll(SiteRig rig) {
    rig.tickBays();
    double kw = rig.meterNow();
    rig.planner.pollMeter();
    rig.runPlans();
    return kw;
  }

  @Test
  void a_reading_above_the_cap_cuts_the_allocations_at_that_poll_and_the_next_poll_is_under_it()
      throws Exception {
    double cap = 0.6;
    try (SiteRig rig = new SiteRig(SiteRig.settings(cap, 0.3), 0.15)) {
      for (int i = 1; i <= 4; i++) {
        rig.addBay("m" + i, 2.0, 40, true);
      }
      untilAllCharge(rig);
      for (int i = 0; i < 10; i++) {
        assertThat(poll(rig)).isLessThanOrEqualTo(cap);
      }
      // another load switches on, half the chargers' power above the cap
      rig.tickBays();
      double chargers = rig.chargersKw();
      assertThat(chargers).isGreaterThan(0.05);
      rig.otherKw = cap - chargers / 2;
      double over = rig.meterNow();
      assertThat(over).isGreaterThan(cap);
      rig.planner.pollMeter(); // the cut: before any replan has run
      double allowedKw = 0;
      for (BayRuntime b : rig.bays) {
        int ma = rig.planner.milliampsFor(b.id()).orElseThrow();
        allowedKw += ma / 1000.0 * b.status().packVolts() / 1000;
      }
      assertThat(rig.otherKw + allowedKw).isLessThanOrEqualTo(cap);

      // the next poll: every bay is at its cut allocation, the site under the cap
      rig.tickBays();
      double after = rig.meterNow();
      assertThat(after).isLessThanOrEqualTo(cap);
      for (BayRuntime b : rig.bays) {
        assertThat(b.state().commandedMilliamps())
            .isLessThanOrEqualTo(rig.planner.milliampsFor(b.id()).orElseThrow());
      }
      rig.planner.pollMeter();
      rig.runPlans(); // the replan with the new other load
      for (int i = 0; i < 30; i++) {
        assertThat(poll(rig)).isLessThanOrEqualTo(cap);
      }
      System.out.printf(
          "meter cut: %.3f kW read (cap %.2f), %.3f kW one poll later%n", over, cap, after);
    }
  }

  @Test
  void a_lost_meter_falls_back_to_the_safe_cap_and_a_returning_one_to_the_cap() throws Exception {
    double cap = 2.0;
    double safe = 0.3;
    try (SiteRig rig = new SiteRig(SiteRig.settings(cap, safe), 0.2)) {
      for (int i = 1; i <= 4; i++) {
        rig.addBay("l" + i, 2.0, 40, true);
      }
      untilAllCharge(rig);
      for (int i = 0; i < 5; i++) {
        poll(rig);
      }
      assertThat(rig.chargersKw()).isGreaterThan(safe);
      assertThat(rig.planner.status().meterState()).isEqualTo(LocalSitePlanner.MeterState.OK);

      rig.meterDown = true;
      for (int i = 0; i < 2; i++) {
        poll(rig);
        assertThat(rig.planner.status().meterState()).isEqualTo(LocalSitePlanner.MeterState.OK);
      }
      rig.tickBays();
      rig.planner.pollMeter(); // the third poll without a reading
      assertThat(rig.planner.status().meterState()).isEqualTo(LocalSitePlanner.MeterState.LOST);
      assertThat(rig.planner.status().meterError()).contains("not answering");
      rig.runPlans();
      assertThat(rig.planner.status().snapshot().capKw()).isEqualTo(safe);
      assertThat(rig.planner.status().snapshot().reason()).contains("meter lost");
      for (int i = 0; i < 20; i++) {
        rig.tickBays();
        assertThat(rig.chargersKw()).isLessThanOrEqualTo(safe);
        rig.planner.pollMeter();
        rig.runPlans();
      }
      String input =
          rig.store.readStream(PlanComputed.STREAM, 1).stream()
              .filter(e -> e.type().equals("PlanComputed"))
              .map(e -> ((PlanComputed) rig.codec.decode(e)).input())
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(input).contains("\"cap_kw\":0.27"); // the safe cap less the 10 % margin

      rig.meterDown = false;
      for (int i = 0; i < 10; i++) {
        assertThat(poll(rig)).isLessThanOrEqualTo(cap);
      }
      assertThat(rig.planner.status().meterState()).isEqualTo(LocalSitePlanner.MeterState.OK);
      assertThat(rig.planner.status().snapshot().capKw()).isEqualTo(cap);
      assertThat(rig.chargersKw()).isGreaterThan(safe);
      long limited =
          rig.bays.stream()
              .flatMap(
                  b ->
                      rig.store.readStream("bay-" + b.id(), 1).stream()
                          .map(rig.codec::decode)
                          .toList()
                          .stream())
              .filter(SiteMeterIT::allocationLimited)
              .count();
      assertThat(limited).isGreaterThan(0);
    }
  }

  private static boolean allocationLimited(ChargeEvent e) {
    return e instanceof SetpointChanged s && s.cause().contains("site allocation");
  }
}
