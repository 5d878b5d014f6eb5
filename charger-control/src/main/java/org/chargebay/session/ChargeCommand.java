package org.chargebay.session;

import java.time.Instant;
import java.util.List;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.CutOffReason;
import org.jspecify.annotations.Nullable;

/**
 * An intent or an observation given to the decider. Commands carry {@code now}: the decider has no
 * clock.
 */
public sealed interface ChargeCommand {
  Instant now();

  /**
   * An operator (or the demo) asks to charge with this profile.
   *
   * @param supply the bay's supply as the runtime knew it; null when not known (a recording made
   *     before capabilities were recorded, or a caller that does not check): the decider then
   *     decides without supply checks, and the session's {@code ChargeStarted} leaves the OVP/OCP
   *     to the runtime's margins ({@code supply == null})
   * @param by the login that asked, recorded in {@code ChargeStarted}; null for a start nobody
   *     asked for (a bay's automatic start) and for recordings made before it was recorded
   * @param plan the charge policy asked for (a delayed start, a finish time, a target state of
   *     charge); null or empty: at once, to the profile's ceiling, as every start before plans
   */
  record StartCharge(
      Instant now,
      String sessionId,
      ChargeProfile profile,
      Observation observation,
      @Nullable SupplyFacts supply,
      @Nullable String by,
      @Nullable ChargePlan plan)
      implements ChargeCommand {

    /** A start asked for by {@code by} (null: nobody in particular), without a charge policy. */
    public StartCharge(
        Instant now,
        String sessionId,
        ChargeProfile profile,
        Observation observation,
        @Nullable SupplyFacts supply,
        @Nullable String by) {
      this(now, sessionId, profile, observation, supply, by, null);
    }

    /** A start with a charge policy nobody in particular asked for. */
    public StartCharge(
        Instant now,
        String sessionId,
        ChargeProfile profile,
        Observation observation,
        @Nullable SupplyFacts supply,
        @Nullable ChargePlan plan) {
      this(now, sessionId, profile, observation, supply, null, plan);
    }

    /** A start nobody in particular asked for, without a charge policy. */
    public StartCharge(
        Instant now,
        String sessionId,
        ChargeProfile profile,
        Observation observation,
        @Nullable SupplyFacts supply) {
      this(now, sessionId, profile, observation, supply, null, null);
    }

    /** A start without supply facts (see {@code supply}). */
    public StartCharge(
        Instant now, String sessionId, ChargeProfile profile, Observation observation) {
      this(now, sessionId, profile, observation, null, null, null);
    }
  }

  /** An operator stops the session. */
  record StopCharge(Instant now, String by, String reason, Observation observation)
      implements ChargeCommand {}

  /**
   * A poll's readings. If the safety supervisor tripped, {@code trip} says why and what was already
   * done (the cut-off acts before it is recorded).
   */
  record Observe(Instant now, Observation observation, @Nullable Trip trip)
      implements ChargeCommand {}

  /**
   * An operator changes the open session's per-cell ceiling. The caller has checked it against the
   * chemistry's maximum and the bay's configured profile ({@code configuredMillivolts}); the
   * decider checks both again and ignores a change it must not make.
   *
   * @param cellCeilingMillivolts the new per-cell ceiling
   * @param configuredMillivolts the bay's configured per-cell ceiling: raising goes no higher
   * @param by who asks
   */
  record AdjustCeiling(
      Instant now,
      int cellCeilingMillivolts,
      int configuredMillivolts,
      String by,
      Observation observation)
      implements ChargeCommand {}

  /** An operator acknowledges a latched fault. */
  record AcknowledgeFault(Instant now, String operator, String note) implements ChargeCommand {}

  /**
   * The controller started and found this stream mid-session: the output has been commanded off;
   * the session is to be held until fresh telemetry passes the checks.
   */
  record RecoverAfterRestart(Instant now, Observation observation) implements ChargeCommand {}

  /**
   * The controller is stopping (SIGTERM, a normal shutdown): a charging session is suspended, its
   * output turned off, and it resumes after the next start as after any restart.
   */
  record SuspendForShutdown(Instant now, Observation observation) implements ChargeCommand {}

  /**
   * A safety cut-off that has already been acted on.
   *
   * @param actions what was done, each with its outcome
   */
  record Trip(CutOffReason reason, String detail, List<String> actions) {
    public Trip {
      actions = List.copyOf(actions);
    }
  }
}
