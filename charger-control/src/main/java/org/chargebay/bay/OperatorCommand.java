package org.chargebay.bay;

import org.chargebay.events.ChargeProfile;

/**
 * What an operator (the API, the demo's auto-start aside) asks a bay to do. Queued by any thread
 * and run inside the bay's next tick, in order; recorded in the tick's transcript.
 */
public sealed interface OperatorCommand {

  /** Start a session with this profile (already checked to only tighten the bay's own). */
  record Start(String sessionId, ChargeProfile profile) implements OperatorCommand {}

  /** Stop the open session. */
  record Stop(String by, String reason) implements OperatorCommand {}

  /**
   * Change the open session's per-cell ceiling (already checked against the chemistry and the bay's
   * configured profile).
   */
  record AdjustCeiling(int cellCeilingMillivolts, String by) implements OperatorCommand {}

  /** Clear a latched fault, saying what was checked. */
  record Acknowledge(String operator, String note) implements OperatorCommand {}
}
