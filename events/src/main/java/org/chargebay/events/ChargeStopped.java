package org.chargebay.events;

import java.time.Instant;

/** An operator stopped the session before it completed. */
public record ChargeStopped(
    String sessionId, Instant at, String by, String reason, Evidence evidence)
    implements ChargeEvent {}
