package org.chargebay.events;

import java.time.Instant;

/**
 * A start was refused before any current flowed.
 *
 * @param reason why, by a stable name
 * @param detail a sentence for the operator naming the numbers
 */
public record StartRefused(
    String sessionId,
    Instant at,
    ChargeProfile profile,
    RefusalReason reason,
    String detail,
    Evidence evidence)
    implements ChargeEvent {}
