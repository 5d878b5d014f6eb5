package org.chargebay.events;

import java.time.Instant;

/**
 * The open session's per-cell ceiling was changed while it ran. From this event on the decider
 * steers the highest cell to {@code toMillivolts}, and the safety supervisor, the status, the
 * metrics and a replay all use it as the session's ceiling.
 *
 * @param fromMillivolts the session's ceiling before
 * @param toMillivolts the session's ceiling from now on (never above the bay's configured profile
 *     nor the chemistry's maximum)
 * @param by who asked (operator name or client)
 * @param evidence what the bay saw when the change was taken
 */
public record CeilingAdjusted(
    String sessionId,
    Instant at,
    int fromMillivolts,
    int toMillivolts,
    String by,
    Evidence evidence)
    implements ChargeEvent {}
