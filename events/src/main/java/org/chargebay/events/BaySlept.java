package org.chargebay.events;

import java.time.Instant;

/**
 * The bay sleeps after a completed charge: output off, the BMS polled slowly, until {@code wakeAt}.
 * Recorded at completion and again each time it wakes and finds the pack holding its charge, so
 * that the timer is rebuilt from the journal after a restart.
 *
 * @param sessionId the session that completed (or the last top-up)
 * @param wakeAt when the bay next wakes to look at the pack
 * @param referenceMillivolts the highest cell at the completion; a top-up starts when it has
 *     dropped by more than the bay's top-up drop
 * @param topUps top-ups done since the pack was plugged in
 * @param cause why it sleeps, for the operator
 * @param evidence what the bay saw
 */
public record BaySlept(
    String sessionId,
    Instant at,
    Instant wakeAt,
    int referenceMillivolts,
    int topUps,
    String cause,
    Evidence evidence)
    implements ChargeEvent {}
