package org.chargebay.events;

import java.time.Instant;

/**
 * A session started whose ceiling is below the voltage the bay's BMS balancer starts at: the
 * balancer (a passive, bleeding one typically) does not work during this charge, and the cells are
 * not balanced by it. Recorded once per session, right after its {@code ChargeStarted}; it changes
 * nothing of the charge.
 *
 * @param balancer the balancer's kind, e.g. {@code passive}
 * @param startMillivolts the cell voltage the balancer starts at
 * @param ceilingMillivolts the session's per-cell ceiling
 * @param warning for the operator
 */
public record BalanceWarned(
    String sessionId,
    Instant at,
    String balancer,
    int startMillivolts,
    int ceilingMillivolts,
    String warning)
    implements ChargeEvent {}
