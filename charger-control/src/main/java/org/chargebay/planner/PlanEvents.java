package org.chargebay.planner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.chargebay.events.AllocationChanged;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.PlanComputed;
import org.chargebay.planner.Plan.BayPlan;
import org.chargebay.planner.Plan.Slot;

/**
 * A plan as journal events: one {@link PlanComputed} with the plan's input, then one {@link
 * AllocationChanged} each time a bay's current limit changes (a 0 limit when it stops drawing),
 * ordered by time, then bay id. Planning the recorded input again with the recorded policy gives
 * the same events, which is how a replay explains every allocation.
 */
public final class PlanEvents {

  private PlanEvents() {}

  /**
   * The events of a plan.
   *
   * @param planId the plan's id
   * @param at when it was computed
   * @param input the depot as given to the planner (its JSON text)
   */
  public static List<ChargeEvent> of(String planId, Instant at, String input, Plan plan) {
    List<AllocationChanged> changes = new ArrayList<>();
    for (BayPlan b : plan.bays()) {
      List<Slot> slots = b.slots();
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        changes.add(
            new AllocationChanged(
                planId,
                at,
                b.id(),
                s.from(),
                milli(s.amps()),
                milli(s.kw()),
                permille(s.socAtStart()),
                minutes(s.slackMinutes()),
                s.reason()));
        boolean gap = i + 1 == slots.size() || !slots.get(i + 1).from().equals(s.to());
        if (gap) {
          boolean done = i + 1 == slots.size() && b.meetsTarget();
          changes.add(
              new AllocationChanged(
                  planId,
                  at,
                  b.id(),
                  s.to(),
                  0,
                  0,
                  permille(s.socAtEnd()),
                  0,
                  done ? "target reached" : i + 1 == slots.size() ? "no allocation" : "waiting"));
        }
      }
    }
    changes.sort(
        Comparator.comparing(AllocationChanged::from).thenComparing(AllocationChanged::bayId));
    List<ChargeEvent> out = new ArrayList<>();
    out.add(
        new PlanComputed(
            planId,
            at,
            plan.policy().label(),
            input,
            plan.bays().size(),
            plan.infeasible(),
            Math.round(plan.peakKw() * 1000),
            Math.round(plan.energyKwh() * 1000),
            Math.round(plan.energyCost() * 1000)));
    out.addAll(changes);
    return out;
  }

  private static int milli(double units) {
    return (int) Math.round(units * 1000);
  }

  private static int permille(double percent) {
    return (int) Math.floor(percent * 10 + 1e-9);
  }

  private static int minutes(double slackMinutes) {
    if (Double.isInfinite(slackMinutes)) {
      return slackMinutes < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    }
    return (int) Math.floor(slackMinutes);
  }
}
