package org.chargebay.events;

import java.time.Instant;

/** An operator acknowledged the latched fault; the bay may start again. */
public record FaultAcknowledged(String sessionId, Instant at, String operator, String note)
    implements ChargeEvent {}
