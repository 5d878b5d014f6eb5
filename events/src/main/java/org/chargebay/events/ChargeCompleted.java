package org.chargebay.events;

import java.time.Instant;

/** The charge ended normally: current tapered below the profile's threshold in CV. */
public record ChargeCompleted(
    String sessionId,
    Instant at,
    long chargedMilliampHours,
    long chargedMilliwattHours,
    Evidence evidence)
    implements ChargeEvent {}
