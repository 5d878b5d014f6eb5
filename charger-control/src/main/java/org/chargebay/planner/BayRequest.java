package org.chargebay.planner;

import java.time.Instant;
import org.chargebay.session.Chemistry;

/**
 * One bay's pack and what it must reach.
 *
 * @param id the bay's id; ties in every ordering are broken by it
 * @param chemistry the pack's chemistry (its OCV curve and ceiling limits)
 * @param series cells in series
 * @param capacityAh the pack's capacity
 * @param socPercent the present state of charge (from the BMS or the resting voltage), 0..100
 * @param targetSocPercent the state of charge wanted at departure
 * @param departure when the pack leaves; nothing is planned for it from then on
 * @param maxAmps the bay's maximum charge current
 * @param ceilingVolts the per-cell ceiling, never above the chemistry's maximum
 * @param priority 1 is the most important; among bays equally urgent the lower number goes first
 * @param resistanceMilliohms the internal resistance of one series group (cells in parallel), which
 *     sets where the CV taper begins
 * @param switchOnly true if the bay's charger can only be switched on or off (a fixed charger on a
 *     relay): when on it delivers its nameplate current {@code maxAmps} until the pack reaches its
 *     voltage, {@code ceilingVolts} per cell, and then whatever the pack takes at that voltage; it
 *     cannot be turned down, so the planner gives it, in each step, all of that or nothing
 */
public record BayRequest(
    String id,
    Chemistry chemistry,
    int series,
    double capacityAh,
    double socPercent,
    double targetSocPercent,
    Instant departure,
    double maxAmps,
    double ceilingVolts,
    int priority,
    double resistanceMilliohms,
    boolean switchOnly) {

  /** A bay whose charger's current can be set anywhere up to {@code maxAmps}. */
  public BayRequest(
      String id,
      Chemistry chemistry,
      int series,
      double capacityAh,
      double socPercent,
      double targetSocPercent,
      Instant departure,
      double maxAmps,
      double ceilingVolts,
      int priority,
      double resistanceMilliohms) {
    this(
        id,
        chemistry,
        series,
        capacityAh,
        socPercent,
        targetSocPercent,
        departure,
        maxAmps,
        ceilingVolts,
        priority,
        resistanceMilliohms,
        false);
  }

  public BayRequest {
    if (series < 1 || !(capacityAh > 0) || !(maxAmps > 0) || !(resistanceMilliohms > 0)) {
      throw new IllegalArgumentException("bay " + id + ": series, capacity, current, resistance");
    }
    if (!(socPercent >= 0 && socPercent <= 100 && targetSocPercent <= 100)) {
      throw new IllegalArgumentException("bay " + id + ": state of charge outside 0..100 %");
    }
  }
}
