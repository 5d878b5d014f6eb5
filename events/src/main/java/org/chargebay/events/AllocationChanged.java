package org.chargebay.events;

import java.time.Instant;

/**
 * A plan changes a bay's current limit from {@code from} on: a new limit, or 0 when the bay stops
 * drawing. Recorded after its {@link PlanComputed} in the stream {@value PlanComputed#STREAM}, with
 * what the planner saw when it took the decision. Belongs to no charge session.
 *
 * @param planId the plan this allocation belongs to
 * @param at when the plan was computed
 * @param bayId the bay
 * @param from from when the limit applies
 * @param milliamps the current limit (0: none)
 * @param milliwatts the pack's highest power at that limit in the first step
 * @param socPermille the pack's planned state of charge at {@code from}, per mille
 * @param slackMinutes time to departure minus the time still needed at full current, at {@code
 *     from}; negative when the departure cannot be met
 * @param reason why, for the operator ({@code urgent}, {@code cheapest window}, {@code cv taper},
 *     {@code cap}, {@code target reached}, ...)
 */
public record AllocationChanged(
    String planId,
    Instant at,
    String bayId,
    Instant from,
    int milliamps,
    int milliwatts,
    int socPermille,
    int slackMinutes,
    String reason)
    implements ChargeEvent {

  /** An allocation belongs to no charge session: the empty string. */
  @Override
  public String sessionId() {
    return "";
  }
}
