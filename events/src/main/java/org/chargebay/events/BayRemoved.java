package org.chargebay.events;

import java.time.Instant;

/**
 * An administrator removed a bay that was configured through the API. Recorded in the {@value
 * BayConfigured#STREAM} stream; the bay's own stream keeps its history.
 *
 * @param bayId the bay's id
 * @param at when it was removed, on the controller clock
 * @param by who removed it
 * @param reason why, as given
 */
public record BayRemoved(String bayId, Instant at, String by, String reason)
    implements ChargeEvent {

  /** Configuration belongs to no charge session: the empty string. */
  @Override
  public String sessionId() {
    return "";
  }
}
