package org.chargebay.bay;

import java.time.Instant;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.Phase;
import org.chargebay.supply.SupplyReading;
import org.jspecify.annotations.Nullable;

/**
 * One poll's raw readings (a measurement, not an event). Null where the device did not answer on
 * this poll.
 */
public record BaySample(
    String bayId,
    Instant at,
    @Nullable BmsSnapshot bms,
    @Nullable SupplyReading supply,
    Phase phase) {}
