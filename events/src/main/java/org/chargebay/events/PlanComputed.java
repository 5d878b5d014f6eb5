package org.chargebay.events;

import java.time.Instant;
import java.util.List;

/**
 * The depot planner computed a plan. Recorded in the stream {@value #STREAM} with the plan's whole
 * input, so that planning it again (same input, same policy) gives the same allocations: a replay
 * explains every {@link AllocationChanged} that follows it. Belongs to no charge session.
 *
 * @param planId the plan's id, named by each of its {@link AllocationChanged}
 * @param at when it was computed
 * @param policy the policy ({@code planned}, {@code at-plug-in}, {@code latest-start})
 * @param input the depot as the planner read it (its JSON input); for a site planned through Kafka,
 *     the site planner's input (its {@code "kind"} is {@code kafka-site})
 * @param bays how many bays it plans
 * @param infeasible the bays that will not reach their target by their departure, by id
 * @param peakWatts the bays' planned peak power
 * @param energyWattHours the energy planned into every pack
 * @param energyCostMillis that energy at the tariff, in thousandths of the currency
 */
public record PlanComputed(
    String planId,
    Instant at,
    String policy,
    String input,
    int bays,
    List<String> infeasible,
    long peakWatts,
    long energyWattHours,
    long energyCostMillis)
    implements ChargeEvent {

  /** The stream plans and allocations are recorded in. */
  public static final String STREAM = "plans";

  public PlanComputed {
    infeasible = List.copyOf(infeasible);
  }

  /** A plan belongs to no charge session: the empty string. */
  @Override
  public String sessionId() {
    return "";
  }
}
