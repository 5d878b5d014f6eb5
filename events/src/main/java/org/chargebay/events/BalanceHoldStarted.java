package org.chargebay.events;

import java.time.Instant;

/**
 * The charge would complete (the current tapered at the ceiling) but the cells are more than the
 * balanced spread apart on a bay whose BMS balances actively: the decider holds CV at the ceiling
 * while the balancer moves charge from the highest cell to the lowest, and completes once the
 * spread is within the balanced spread or at {@code until}, whichever is first.
 *
 * @param deltaMillivolts the highest minus the lowest cell when the hold began
 * @param balancedMillivolts the spread that ends the hold
 * @param until when the hold ends at the latest (the bay's hold timeout)
 * @param cause for the operator
 * @param evidence what the bay saw
 */
public record BalanceHoldStarted(
    String sessionId,
    Instant at,
    int deltaMillivolts,
    int balancedMillivolts,
    Instant until,
    String cause,
    Evidence evidence)
    implements ChargeEvent {}
