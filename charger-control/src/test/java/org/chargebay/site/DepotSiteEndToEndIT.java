package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chargebay.bay.BayRuntime;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.Phase;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.SetpointChanged;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The depot planner end to end on the virtual clock: simulated bays on loopback, the SDM630
 * emulator metering the site (other loads plus the simulated supplies' power), the local site
 * planner reading it over Modbus TCP.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DepotSiteEndToEndIT {

  @Test
  void twenty_bays_keep_the_metered_site_power_under_the_cap_through_plug_ins_and_completions()
      throws Exception {
    double cap = 1.5;
    try (SiteRig rig = new SiteRig(SiteRig.settings(cap, 0.8), 0.4)) {
      for (int i = 0; i < 15; i++) {
        rig.addBay("b" + (i + 1), 0.5, 30 + (i * 7) % 35, true);
      }
      Map<Instant, BayRuntime> lateStarts = new LinkedHashMap<>();
      for (int i = 15; i < 20; i++) {
        BayRuntime late = rig.addBay("b" + (i + 1), 0.5, 40, false);
        lateStarts.put(rig.clock.instant().plus(Duration.ofMinutes(3L * (i - 14))), late);
      }
      double maxKw = 0;
      List<String> overCap = new ArrayList<>();
      List<String> overAllocation = new ArrayList<>();
      int polls = 0;
      int completedWhileOthersCharged = 0;
      int startedWhileOthersCharged = 0;
      StringBuilder left = new StringBuilder();
      while (!rig.bays.stream().allMatch(b -> b.state().phase() == Phase.COMPLETE)) {
        if (polls++ >= 2 * 3600) {
          for (BayRuntime b : rig.bays) {
            if (b.state().phase() != Phase.COMPLETE) {
              left.append('\n')
                  .append(b.status())
                  .append(" allocation ")
                  .append(rig.planner.milliampsFor(b.id()));
            }
          }
          break;
        }
        rig.clock.advance(SiteRig.POLL);
        Instant now = rig.clock.instant();
        BayRuntime due = lateStarts.remove(now);
        if (due != null) {
          due.start("late-" + due.id(), SiteRig.PROFILE);
          startedWhileOthersCharged += charging(rig) > 0 ? 1 : 0;
        }
        for (BayRuntime b : rig.bays) {
          Phase before = b.state().phase();
          int allocation = rig.planner.milliampsFor(b.id()).orElseThrow();
          b.tick();
          if (b.state().outputOn() && b.state().commandedMilliamps() > allocation) {
            overAllocation.add(
                now + " " + b.id() + " " + b.state().commandedMilliamps() + " > " + allocation);
          }
          if (before.charging() && b.state().phase() == Phase.COMPLETE && charging(rig) > 0) {
            completedWhileOthersCharged++;
          }
        }
        double site = rig.meterNow();
        maxKw = Math.max(maxKw, site);
        if (site > cap) {
          overCap.add(now + " " + site + " kW");
        }
        rig.planner.pollMeter();
        rig.runPlans();
      }
      long plans =
          rig.store.readStream(PlanComputed.STREAM, 1).stream()
              .filter(e -> e.type().equals("PlanComputed"))
              .count();
      long waited =
          rig.bays.stream()
              .flatMap(b -> events(rig, b).stream())
              .filter(e -> e instanceof SetpointChanged s && s.cause().contains("site allocation"))
              .count();
      System.out.printf(
          "depot E2E: 20 bays, cap %.2f kW, other loads %.2f kW: max metered site power %.3f kW"
              + " over %d polls (%d s simulated), %d plans, %d allocation-limited setpoints%n",
          cap, 0.4, maxKw, polls, polls, plans, waited);

      assertThat(overCap).as("polls with the metered site power above the cap").isEmpty();
      assertThat(left.toString()).as("bays not complete after 2 h simulated").isEmpty();
      assertThat(overAllocation).as("polls with a bay above its allocation").isEmpty();
      assertThat(maxKw).as("the cap was binding").isGreaterThan(cap * 0.8);
      assertThat(startedWhileOthersCharged).isEqualTo(5);
      assertThat(completedWhileOthersCharged).isGreaterThan(0);
      assertThat(waited).as("bays limited by their allocation").isGreaterThan(0);
      assertThat(plans).isGreaterThanOrEqualTo(20);
    }
  }

  private static long charging(SiteRig rig) {
    return rig.bays.stream().filter(b -> b.state().phase().charging()).count();
  }

  private static List<ChargeEvent> events(SiteRig rig, BayRuntime b) {
    return rig.store.readStream("bay-" + b.id(), 1).stream().map(rig.codec::decode).toList();
  }
}
