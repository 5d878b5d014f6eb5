package org.chargebay.bay;

import org.chargebay.events.ChargeProfile;
import org.jspecify.annotations.Nullable;

/**
 * What an operator (the API, the demo's auto-start aside) asks a bay to do. Queued by any thread
 * and run inside the bay's next tick, in order; recorded in the tick's transcript.
 */
public sealed interface OperatorCommand {

  /**
   * Start a session with this profile (already checked to only tighten the bay's own).
   *
   * @param by the login that asked; null in recordings made before it was recorded
   */
  record Start(String sessionId, ChargeProfile profile, @Nullable String by)
      implements OperatorCommand {

    /** A start recorded without who asked. */
    public Start(String sessionId, ChargeProfile profile) {
      this(sessionId, profile, null);
    }
  }

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
