package org.chargebay.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A normal end (completion on the taper, or an operator's stop) begins: the current setpoint steps
 * down over the next {@code steps} polls (each a {@code SetpointChanged}), then the output opens
 * and the session's {@code ChargeCompleted} or {@code ChargeStopped} is recorded. A safety cut-off
 * never ramps: it opens both paths at once.
 *
 * @param sessionId the session that ends
 * @param stop true for an operator's stop, false for a completion
 * @param by who stopped (null for a completion)
 * @param reason why it ends
 * @param fromMilliamps the current the ramp starts from (the lower of the setpoint and the measured
 *     current)
 * @param steps how many polls the current steps down over before the output opens
 * @param evidence what the bay saw
 */
public record RampDownStarted(
    String sessionId,
    Instant at,
    boolean stop,
    @Nullable String by,
    String reason,
    int fromMilliamps,
    int steps,
    Evidence evidence)
    implements ChargeEvent {}
