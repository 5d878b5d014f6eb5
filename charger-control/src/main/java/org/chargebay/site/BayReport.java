package org.chargebay.site;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One bay's state as the site planner needs it, reported by the bay loop after a cycle.
 *
 * @param bayId the bay
 * @param at when the readings were taken (the bay's clock)
 * @param chemistry the session's or the configured profile's chemistry label
 * @param series cells in series
 * @param capacityMilliampHours the pack's capacity (0: unknown)
 * @param cellMaxMillivolts the highest cell now (0: no BMS reading)
 * @param packMillivolts the pack voltage now
 * @param milliamps the charge current now
 * @param ceilingMillivolts the session's per-cell ceiling
 * @param maxMilliamps the bay's maximum charge current (its profile's)
 * @param charging true while a session may draw current (charging, not complete, not faulted)
 * @param departure when the pack leaves, if an operator set one
 * @param targetSocPercent the state of charge wanted at departure
 * @param priority 1 is the most important
 * @param switchOnly the bay's charger can only be switched (a fixed charger on a relay): it draws
 *     {@code maxMilliamps} (its nameplate) or nothing, and {@code ceilingMillivolts} is its fixed
 *     voltage per cell; an allocation below its nameplate holds it off
 */
public record BayReport(
    String bayId,
    Instant at,
    String chemistry,
    int series,
    int capacityMilliampHours,
    int cellMaxMillivolts,
    int packMillivolts,
    int milliamps,
    int ceilingMillivolts,
    int maxMilliamps,
    boolean charging,
    @Nullable Instant departure,
    int targetSocPercent,
    int priority,
    boolean switchOnly) {

  /** A report of a bay whose current can be set (not {@link #switchOnly}). */
  public BayReport(
      String bayId,
      Instant at,
      String chemistry,
      int series,
      int capacityMilliampHours,
      int cellMaxMillivolts,
      int packMillivolts,
      int milliamps,
      int ceilingMillivolts,
      int maxMilliamps,
      boolean charging,
      @Nullable Instant departure,
      int targetSocPercent,
      int priority) {
    this(
        bayId,
        at,
        chemistry,
        series,
        capacityMilliampHours,
        cellMaxMillivolts,
        packMillivolts,
        milliamps,
        ceilingMillivolts,
        maxMilliamps,
        charging,
        departure,
        targetSocPercent,
        priority,
        false);
  }

  /**
   * What the bay can do with an allocation of {@code milliamps}: itself for a bay whose current can
   * be set; for a {@link #switchOnly} bay its nameplate when the allocation covers it (a milliamp
   * or two lost to rounding included), else nothing.
   */
  public int usable(int milliamps) {
    if (!switchOnly) {
      return milliamps;
    }
    return milliamps >= maxMilliamps - 2 ? maxMilliamps : 0;
  }
}
