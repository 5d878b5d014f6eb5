package org.chargebay.planner;

import java.time.Instant;
import java.util.List;

/**
 * The planner's result: per bay its current limits over time, and the site's totals.
 *
 * @param policy the policy that made it
 * @param start the first step's beginning
 * @param stepMinutes the step length
 * @param bays per bay, ordered by id
 * @param siteKw the bays' planned power per step (each step's highest), kW
 * @param peakKw the highest of {@code siteKw}: the bays' peak, other loads not included
 * @param energyKwh the energy planned into every pack
 * @param energyCost that energy at the tariff
 * @param infeasible the ids of the bays that will not reach their target by their departure
 */
public record Plan(
    Policy policy,
    Instant start,
    int stepMinutes,
    List<BayPlan> bays,
    List<Double> siteKw,
    double peakKw,
    double energyKwh,
    double energyCost,
    List<String> infeasible) {

  public Plan {
    bays = List.copyOf(bays);
    siteKw = List.copyOf(siteKw);
    infeasible = List.copyOf(infeasible);
  }

  /**
   * One bay's schedule.
   *
   * @param id the bay
   * @param slots the time spans with a current limit above zero, in time order; between them and
   *     after the last, the limit is zero
   * @param expectedSocAtDeparture the state of charge the plan reaches at departure, percent
   * @param meetsTarget true if that is at least the target
   * @param energyKwh the energy planned into this pack
   */
  public record BayPlan(
      String id,
      List<Slot> slots,
      double expectedSocAtDeparture,
      boolean meetsTarget,
      double energyKwh) {
    public BayPlan {
      slots = List.copyOf(slots);
    }
  }

  /**
   * One span of constant current limit.
   *
   * @param from inclusive
   * @param to exclusive
   * @param amps the current limit for the span
   * @param kw the pack's highest power in each step of the span
   * @param reason why the bay got this current, for the operator (e.g. {@code urgent}, {@code cheap
   *     window}, {@code cv taper})
   * @param socAtStart the pack's planned state of charge at {@code from}, percent
   * @param socAtEnd the pack's planned state of charge at {@code to}, percent
   * @param slackMinutes at {@code from}: time to departure minus the time still needed at full
   *     current; negative infinity when the target cannot be reached at all
   */
  public record Slot(
      Instant from,
      Instant to,
      double amps,
      double kw,
      String reason,
      double socAtStart,
      double socAtEnd,
      double slackMinutes) {}
}
