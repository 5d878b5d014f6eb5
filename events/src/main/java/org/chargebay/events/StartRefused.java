package org.chargebay.events;

import java.time.Instant;

/**
 * A start was refused before any current flowed.
 *
 * @param reason a stable code, e.g. {@code CELL_COUNT_MISMATCH}
 * @param detail a sentence for the operator naming the numbers
 */
public record StartRefused(
    String sessionId,
    Instant at,
    ChargeProfile profile,
    String reason,
    String detail,
    Evidence evidence)
    implements ChargeEvent {}
