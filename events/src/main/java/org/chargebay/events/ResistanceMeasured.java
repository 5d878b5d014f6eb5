package org.chargebay.events;

import java.time.Instant;

/**
 * A pack's internal resistance, estimated from the voltage step at a current step between two
 * consecutive polls (the state of charge does not move measurably in between): R = dV / dI, as the
 * BMS measured both. Recorded in the pack's stream {@code pack-<packId>}.
 *
 * @param sessionId the session it was measured in
 * @param at when (the later of the two polls)
 * @param bayId the bay
 * @param cause what stepped the current, e.g. {@code current applied}, {@code current removed}
 * @param milliohms the estimate, pack resistance in milliohms
 * @param beforeMillivolts pack voltage before the step
 * @param beforeMilliamps pack current before the step
 * @param afterMillivolts pack voltage after the step
 * @param afterMilliamps pack current after the step
 */
public record ResistanceMeasured(
    String sessionId,
    Instant at,
    String bayId,
    String cause,
    int milliohms,
    int beforeMillivolts,
    int beforeMilliamps,
    int afterMillivolts,
    int afterMilliamps)
    implements ChargeEvent {}
