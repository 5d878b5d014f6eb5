package org.chargebay.bay;

import java.time.Instant;
import org.chargebay.events.Phase;
import org.jspecify.annotations.Nullable;

/**
 * What an operator sees of a bay: the projection served by {@code GET /api/bays}. Volts, amps,
 * amp-hours and watt-hours as decimals for people; the integer milli-units stay in the events.
 *
 * @param bmsAgeMillis age of the last good BMS reading, null if none yet
 * @param lastError the last device or journal error, null if the last poll was clean
 * @param lastRefusal the last refused start since this controller started ("REASON: detail"),
 *     cleared when a session starts
 * @param supplyTerms how the current or last session uses the supply, e.g. whether the supply's
 *     own OVP/OCP backs it up; null before the first session or for sessions started without
 */
public record BayStatus(
    String id,
    Phase phase,
    @Nullable String sessionId,
    @Nullable Double packVolts,
    @Nullable Double currentAmps,
    @Nullable Double cellMaxVolts,
    @Nullable Double cellMinVolts,
    double ceilingVolts,
    double ampHours,
    double wattHours,
    @Nullable Double supplyVolts,
    @Nullable Double supplyAmps,
    @Nullable Boolean supplyOutputOn,
    @Nullable String supplyMode,
    @Nullable String fault,
    @Nullable Long bmsAgeMillis,
    @Nullable Long supplyAgeMillis,
    @Nullable String lastError,
    @Nullable String lastRefusal,
    @Nullable String supplyTerms,
    Instant updatedAt) {}
