package org.chargebay.events;

import java.time.Instant;

/**
 * A sleeping bay woke and found the highest cell dropped by more than the bay's top-up drop since
 * completion: a top-up session starts (its {@code ChargeStarted} follows, or a {@code StartRefused}
 * if the pre-start checks fail).
 *
 * @param sessionId the top-up session's id
 * @param afterSessionId the session that completed before the sleep
 * @param dropMillivolts how far the highest cell dropped since completion
 * @param topUp which top-up since the pack was plugged in, from 1
 * @param evidence what the bay saw on waking
 */
public record TopUpStarted(
    String sessionId,
    Instant at,
    String afterSessionId,
    int dropMillivolts,
    int topUp,
    Evidence evidence)
    implements ChargeEvent {}
