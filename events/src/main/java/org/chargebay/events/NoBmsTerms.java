package org.chargebay.events;

import java.time.Instant;

/**
 * How a session runs on a pack without a smart BMS (the bay's {@code bms.family=none}, accepted by
 * its operator): the supply is the controller's only eye, so nothing sees the cells. The supply's
 * voltage is held at a pack ceiling below the cells' ceiling times the series count, by a headroom
 * per cell that absorbs the imbalance nobody can measure, and the session ends when the current
 * tapers or at the latest when the maximum charge time runs out.
 *
 * @param packCeilingMillivolts the supply's voltage setpoint: series count x (cell ceiling - the
 *     headroom per cell)
 * @param maxChargeSeconds the longest the session may charge, seconds
 * @param chargeUntil the session's start plus the maximum charge time: charging stops then at the
 *     latest, and the supervisor cuts a session still charging after it
 * @param detail one sentence for the operator naming the numbers and what is missing
 */
public record NoBmsTerms(
    int packCeilingMillivolts, long maxChargeSeconds, Instant chargeUntil, String detail) {

  public NoBmsTerms {
    if (packCeilingMillivolts <= 0 || maxChargeSeconds <= 0) {
      throw new IllegalArgumentException(
          "pack ceiling and maximum charge time must be positive, were "
              + packCeilingMillivolts
              + " mV and "
              + maxChargeSeconds
              + " s");
    }
  }
}
