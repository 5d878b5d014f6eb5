package org.chargebay.events;

import java.time.Instant;

/**
 * The output is held off while the session stays open, e.g. after a controller restart until fresh
 * telemetry passes the checks.
 */
public record ChargeSuspended(
    String sessionId, Instant at, Phase resumePhase, String reason, Evidence evidence)
    implements ChargeEvent {}
