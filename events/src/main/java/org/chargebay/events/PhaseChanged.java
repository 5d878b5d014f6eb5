package org.chargebay.events;

import java.time.Instant;

/** The session moved between phases (e.g. CC to CV when the highest cell reached the ceiling). */
public record PhaseChanged(
    String sessionId, Instant at, Phase from, Phase to, String cause, Evidence evidence)
    implements ChargeEvent {}
