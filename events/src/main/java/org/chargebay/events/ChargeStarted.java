package org.chargebay.events;

import java.time.Instant;

/** A session started: the pre-start checks passed and current may flow under this profile. */
public record ChargeStarted(
    String sessionId, Instant at, ChargeProfile profile, Evidence evidence)
    implements ChargeEvent {}
