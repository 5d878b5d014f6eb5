package org.chargebay.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An operator set when the pack on a bay leaves and the state of charge it must have by then: the
 * depot planner's input for that bay. Recorded in the stream {@value PlanComputed#STREAM} before
 * the plan it causes, so that the departure survives a restart (the latest one per bay counts).
 * Belongs to no charge session.
 *
 * @param at when it was set (the controller clock)
 * @param bayId the bay
 * @param departure when the pack leaves; null clears the bay's departure
 * @param targetSocPercent the state of charge wanted at departure, 1..100
 * @param by the authenticated user who set it
 */
public record DepartureSet(
    Instant at, String bayId, @Nullable Instant departure, int targetSocPercent, String by)
    implements ChargeEvent {

  /** A departure belongs to no charge session: the empty string. */
  @Override
  public String sessionId() {
    return "";
  }
}
