package org.chargebay.events;

import java.time.Instant;

/**
 * An administrator added a bay, or changed one, through the API. Recorded in the {@value #STREAM}
 * stream; the controller runs the latest definition of every bay there that has not been removed
 * since, on every start.
 *
 * @param bayId the bay's id (its charge events are in stream {@code bay-<id>})
 * @param at when it was configured, on the controller clock
 * @param by who configured it
 * @param bay the definition, already validated
 */
public record BayConfigured(String bayId, Instant at, String by, BayDefinition bay)
    implements ChargeEvent {

  /** The stream that holds the bays configured and removed through the API. */
  public static final String STREAM = "bays";

  /** Configuration belongs to no charge session: the empty string. */
  @Override
  public String sessionId() {
    return "";
  }
}
