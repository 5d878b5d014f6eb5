package org.chargebay.events;

import java.time.Instant;

/**
 * The controller commands the supply to these values.
 *
 * @param millivolts the voltage setpoint (the CV limit)
 * @param milliamps the current setpoint (the CC limit)
 * @param outputOn whether the output is to be on
 * @param cause why, e.g. {@code "start"}, {@code "steer highest cell"}
 */
public record SetpointChanged(
    String sessionId,
    Instant at,
    int millivolts,
    int milliamps,
    boolean outputOn,
    String cause,
    Evidence evidence)
    implements ChargeEvent {}
