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
   * @param plan the charge policy asked for (delayed start, finish time, target state of charge),
   *     null for none (absent from recordings made before plans existed)
   */
  record Start(
      String sessionId,
      ChargeProfile profile,
      @Nullable String by,
      org.chargebay.session.@Nullable ChargePlan plan)
      implements OperatorCommand {

    /** A start asked for by {@code by}, at once, to the profile's ceiling. */
    public Start(String sessionId, ChargeProfile profile, @Nullable String by) {
      this(sessionId, profile, by, null);
    }

    /** A start with a charge policy, recorded without who asked. */
    public Start(
        String sessionId, ChargeProfile profile, org.chargebay.session.@Nullable ChargePlan plan) {
      this(sessionId, profile, null, plan);
    }

    /** A start at once, to the profile's ceiling, recorded without who asked. */
    public Start(String sessionId, ChargeProfile profile) {
      this(sessionId, profile, null, null);
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
