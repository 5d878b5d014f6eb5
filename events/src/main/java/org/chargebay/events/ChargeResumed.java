package org.chargebay.events;

import java.time.Instant;

/** A suspended session goes on in the given phase: fresh telemetry passed the checks. */
public record ChargeResumed(String sessionId, Instant at, Phase phase, Evidence evidence)
    implements ChargeEvent {}
