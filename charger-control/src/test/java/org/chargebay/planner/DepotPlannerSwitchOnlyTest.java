package org.chargebay.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.chargebay.planner.Plan.BayPlan;
import org.chargebay.planner.Plan.Slot;
import org.chargebay.session.Chemistries;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Bays whose charger can only be switched (a fixed charger on a relay): off or at the nameplate
 * current in every step, never a fraction, and the cap held with the charger's real power.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DepotPlannerSwitchOnlyTest {

  private static final Instant START = Instant.parse("2026-12-05T18:00:00Z");

  /** 13 NMC cells of 40 Ah, 2.5 mOhm, 10 A at 4.15 V: about 0.5 kW at full current. */
  private static BayRequest bay(
      String id, double soc, double target, Duration departure, boolean switchOnly) {
    return bay(id, soc, target, departure, 2.5, switchOnly);
  }

  private static BayRequest bay(
      String id,
      double soc,
      double target,
      Duration departure,
      double milliohms,
      boolean switchOnly) {
    return new BayRequest(
        id,
        Chemistries.NMC,
        13,
        40,
        soc,
        target,
        START.plus(departure),
        10,
        4.15,
        1,
        milliohms,
        switchOnly);
  }

  private static Depot depot(double capKw, BayRequest... bays) {
    return new Depot(
        START, 5, capKw, List.of(), List.of(), List.of(), OptionalDouble.of(0.2), List.of(bays));
  }

  private static BayPlan of(Plan plan, String id) {
    return plan.bays().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
  }

  /** The bay's current limit in each step (0 between its slots). */
  private static double[] perStep(Plan plan, String id) {
    double[] out = new double[plan.siteKw().size()];
    for (Slot s : of(plan, id).slots()) {
      int from = (int) (Duration.between(plan.start(), s.from()).toMinutes() / plan.stepMinutes());
      int to = (int) (Duration.between(plan.start(), s.to()).toMinutes() / plan.stepMinutes());
      for (int t = from; t < to; t++) {
        out[t] = s.amps();
      }
    }
    return out;
  }

  /** The bays' power in each step, from the slots. */
  private static double[] siteKw(Plan plan) {
    double[] out = new double[plan.siteKw().size()];
    for (BayPlan b : plan.bays()) {
      for (Slot s : b.slots()) {
        int from =
            (int) (Duration.between(plan.start(), s.from()).toMinutes() / plan.stepMinutes());
        int to = (int) (Duration.between(plan.start(), s.to()).toMinutes() / plan.stepMinutes());
        for (int t = from; t < to; t++) {
          out[t] += s.kw();
        }
      }
    }
    return out;
  }

  @Test
  void an_on_off_bay_is_off_or_at_its_nameplate_current_in_every_step_under_every_policy() {
    Depot depot =
        depot(
            5,
            bay("fixed", 20, 80, Duration.ofHours(8), true),
            bay("free", 30, 90, Duration.ofHours(8), false));

    for (Policy policy : Policy.values()) {
      Plan plan = DepotPlanner.plan(depot, policy);

      double[] amps = perStep(plan, "fixed");
      assertThat(amps).as(policy.label()).containsOnly(0.0, 10.0);
      assertThat(of(plan, "fixed").meetsTarget()).as(policy.label()).isTrue();
      // 60 % of 40 Ah = 24 Ah at 10 A: 2.4 h, so 29 whole steps of 5 minutes (the last overshoots)
      assertThat(Arrays.stream(amps).filter(a -> a > 0).count()).as(policy.label()).isEqualTo(29);
    }
  }

  @Test
  void
      under_a_tight_cap_an_on_off_bay_waits_for_whole_steps_where_a_continuous_one_gets_a_fraction() {
    // 0.8 kW: the more urgent bay takes about 0.5 kW, leaving about 0.3 kW, less than the other's
    // full current; both can still make their departure one after the other
    BayRequest urgent = bay("a", 20, 80, Duration.ofHours(4), false);
    Plan continuous =
        DepotPlanner.plan(
            depot(0.8, urgent, bay("b", 20, 60, Duration.ofHours(6), false)), Policy.PLANNED);
    Plan onOff =
        DepotPlanner.plan(
            depot(0.8, urgent, bay("b", 20, 60, Duration.ofHours(6), true)), Policy.PLANNED);

    assertThat(Arrays.stream(perStep(continuous, "b")).anyMatch(a -> a > 0 && a < 10)).isTrue();

    double[] b = perStep(onOff, "b");
    double[] a = perStep(onOff, "a");
    double[] site = siteKw(onOff);
    for (int t = 0; t < b.length; t++) {
      assertThat(b[t]).isIn(0.0, 10.0);
      assertThat(site[t]).isLessThanOrEqualTo(0.8 + 1e-9);
      if (b[t] > 0) {
        assertThat(a[t]).as("step %d: the two do not fit together", t).isZero();
      }
    }
    assertThat(of(onOff, "b").meetsTarget()).isTrue();
    assertThat(of(onOff, "a").meetsTarget()).isTrue();
    assertThat(onOff.infeasible()).isEmpty();
    // while b is off the headroom it cannot use goes to a, which charges at full current first
    assertThat(a[0]).isEqualTo(10.0);
    assertThat(b[0]).isZero();
  }

  @Test
  void the_headroom_an_on_off_bay_cannot_use_goes_to_the_next_bay_in_the_same_step() {
    // the on/off bay is the more urgent, and is on; what is left goes to the continuous one
    BayRequest fixed = bay("a", 20, 80, Duration.ofHours(3), true);
    BayRequest free = bay("b", 20, 80, Duration.ofHours(9), false);
    Plan plan = DepotPlanner.plan(depot(0.8, fixed, free), Policy.PLANNED);

    double[] a = perStep(plan, "a");
    double[] b = perStep(plan, "b");
    assertThat(a[0]).isEqualTo(10.0);
    assertThat(b[0]).isBetween(0.01, 9.99);
    assertThat(siteKw(plan)[0]).isCloseTo(0.8, within(0.01));
    assertThat(plan.infeasible()).isEmpty();
  }

  @Test
  void an_on_off_bay_whose_power_never_fits_the_cap_is_said_infeasible_and_gets_nothing() {
    // 0.3 kW: a continuous bay charges at about 6 A; the fixed charger's 10 A never fits
    Plan continuous =
        DepotPlanner.plan(
            depot(0.3, bay("b", 20, 60, Duration.ofHours(12), false)), Policy.PLANNED);
    assertThat(continuous.infeasible()).isEmpty();

    for (Policy policy : Policy.values()) {
      Plan plan =
          DepotPlanner.plan(depot(0.3, bay("b", 20, 60, Duration.ofHours(12), true)), policy);
      BayPlan b = of(plan, "b");
      assertThat(b.slots()).as(policy.label()).isEmpty();
      assertThat(b.meetsTarget()).isFalse();
      assertThat(b.expectedSocAtDeparture()).isEqualTo(20);
      assertThat(plan.infeasible()).containsExactly("b");
      assertThat(plan.peakKw()).isZero();
    }
  }

  @Test
  void an_on_off_bay_short_of_time_is_said_infeasible_with_what_whole_steps_reach() {
    // one hour at 10 A: 10 Ah = 25 % of 40 Ah, from 20 % to 45 % of the 80 % wanted
    Plan plan =
        DepotPlanner.plan(
            depot(5, bay("b", 20, 80, Duration.ofHours(1), true)), Policy.LATEST_START);

    BayPlan b = of(plan, "b");
    assertThat(b.meetsTarget()).isFalse();
    assertThat(b.expectedSocAtDeparture()).isCloseTo(45, within(1e-9));
    assertThat(plan.infeasible()).containsExactly("b");
    assertThat(perStep(plan, "b")).containsOnly(10.0);
  }

  @Test
  void in_the_taper_the_slot_keeps_the_nameplate_current_and_bounds_the_chargers_real_power() {
    // 40 mOhm: at 10 A the cell reaches 4.15 V from a resting 3.75 V (about 53 %), so from 60 %
    // the fixed charger delivers less than its 10 A, falling as the pack fills
    BayRequest taper = bay("t", 60, 85, Duration.ofHours(10), 40, true);
    PackCurve curve = new PackCurve(taper);
    Plan plan = DepotPlanner.plan(depot(5, taper), Policy.AT_PLUG_IN);

    BayPlan b = of(plan, "t");
    assertThat(b.meetsTarget()).isTrue();
    assertThat(b.slots()).isNotEmpty();
    for (Slot s : b.slots()) {
      assertThat(s.amps()).isEqualTo(10.0);
      assertThat(s.reason()).contains("cv taper");
      // the charger's current at the slot's start (then falling), at its voltage
      double startAmps = Math.min(10, (4.15 - curve.ocv(s.socAtStart())) / 0.040);
      assertThat(startAmps).isLessThan(10);
      assertThat(s.kw()).isCloseTo(13 * 4.15 * startAmps / 1000, within(1e-9));
      // the charge counted is the constant current that just reaches 4.15 V at the step's end:
      // less than the charger's current at the start
      double hours = (s.to().getEpochSecond() - s.from().getEpochSecond()) / 3600.0;
      double countedAmps = (s.socAtEnd() - s.socAtStart()) / 100 * 40 / hours;
      assertThat(countedAmps).isLessThan(startAmps).isGreaterThan(0);
    }
  }

  @Test
  void an_urgent_on_off_bay_gets_whole_steps_under_every_policy_when_others_crowd_the_cap() {
    // 1 kW over five bays: an equal share (0.2 kW) is below the fixed charger's 0.5 kW; it needs
    // 1.6 h of its 2 h, so it must be on in nearly every step
    List<BayRequest> bays = new ArrayList<>();
    bays.add(bay("fixed", 20, 60, Duration.ofHours(2), true));
    for (int i = 0; i < 4; i++) {
      bays.add(bay("free-" + i, 20, 90, Duration.ofHours(12), false));
    }
    Depot depot = depot(1, bays.toArray(BayRequest[]::new));

    for (Policy policy : Policy.values()) {
      Plan plan = DepotPlanner.plan(depot, policy);
      assertThat(of(plan, "fixed").meetsTarget()).as(policy.label()).isTrue();
      assertThat(perStep(plan, "fixed")).as(policy.label()).containsOnly(0.0, 10.0);
      for (double kw : siteKw(plan)) {
        assertThat(kw).as(policy.label()).isLessThanOrEqualTo(1 + 1e-9);
      }
    }
  }

  @Test
  void the_eleven_argument_constructor_makes_a_continuous_bay() {
    BayRequest b =
        new BayRequest(
            "b", Chemistries.NMC, 13, 40, 20, 80, START.plusSeconds(3600), 10, 4.15, 1, 2.5);
    assertThat(b.switchOnly()).isFalse();
  }
}
