package org.chargebay.events;

import java.time.Instant;

/** The bay refuses to charge until an operator acknowledges this fault. */
public record FaultLatched(String sessionId, Instant at, CutOffReason reason, String detail)
    implements ChargeEvent {}
