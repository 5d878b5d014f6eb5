package org.chargebay.events;

import java.time.Instant;

/**
 * A fact recorded in a bay's stream. Every event names the charge session it belongs to and the
 * instant (from the controller's clock, which is virtual in tests and demos) at which it was
 * decided.
 *
 * <p>Most events live in a bay's stream {@code bay-<id>}. Configuration ({@link BayConfigured},
 * {@link BayRemoved}) lives in the stream {@value BayConfigured#STREAM} and belongs to no session
 * (its {@link #sessionId()} is empty); a pack's identity and resistance ({@link PackIdentified},
 * {@link ResistanceMeasured}) live in the stream {@code pack-<packId>}; the depot planner's {@link
 * PlanComputed}, {@link AllocationChanged} and {@link DepartureSet} live in the stream {@value
 * PlanComputed#STREAM}; the audit trail ({@link CommandAudited}) lives in the stream {@value
 * CommandAudited#STREAM}.
 *
 * <p>A released record is never changed incompatibly: a breaking change bumps the type's schema
 * version in {@code org.chargebay.events.codec.EventTypes} and adds an upcaster.
 */
public sealed interface ChargeEvent
    permits ChargeStarted,
        StartRefused,
        PhaseChanged,
        SetpointChanged,
        CutOff,
        FaultLatched,
        FaultAcknowledged,
        ChargeCompleted,
        ChargeStopped,
        ChargeSuspended,
        ChargeResumed,
        BayConfigured,
        BayRemoved,
        PackIdentified,
        ResistanceMeasured,
        CeilingAdjusted,
        BaySlept,
        TopUpStarted,
        PlanComputed,
        AllocationChanged,
        CommandAudited,
        ChargePlanned,
        RampDownStarted,
        BalanceHoldStarted,
        BalanceWarned,
        DepartureSet {

  /** The session this event belongs to; a refused start gets a session id of its own. */
  String sessionId();

  /** When the decision was taken, on the controller clock. */
  Instant at();
}
