package org.chargebay.session;

import java.time.Duration;
import org.chargebay.events.ChargeProfile;

/**
 * How a bay without a smart BMS charges ({@code bms.family=none}, accepted by its operator): the
 * supply alone, held at a pack ceiling below series count x cell ceiling, ending on the taper or at
 * the latest after a maximum charge time.
 *
 * @param cellHeadroomMillivolts the pack ceiling is series count x (cell ceiling - this): the room
 *     left for the imbalance nobody measures (50 mV: the highest cell of a pack whose cells are
 *     within 100 mV of each other stays at or below the cell ceiling)
 * @param maxChargeTime the longest a session charges (from its start, suspensions included)
 */
public record NoBmsSettings(int cellHeadroomMillivolts, Duration maxChargeTime) {

  /** The headroom per cell of {@link #defaults}. */
  public static final int DEFAULT_CELL_HEADROOM_MILLIVOLTS = 50;

  /** The maximum charge time of {@link #defaults}. */
  public static final Duration DEFAULT_MAX_CHARGE_TIME = Duration.ofHours(8);

  public NoBmsSettings {
    if (cellHeadroomMillivolts < 0 || cellHeadroomMillivolts > 500) {
      throw new IllegalArgumentException(
          "headroom per cell must be 0..500 mV, was " + cellHeadroomMillivolts);
    }
    if (maxChargeTime.compareTo(Duration.ofMinutes(1)) < 0
        || maxChargeTime.compareTo(Duration.ofHours(48)) > 0) {
      throw new IllegalArgumentException(
          "maximum charge time must be 1 min..48 h, was " + maxChargeTime);
    }
  }

  /** 50 mV per cell, 8 hours. */
  public static NoBmsSettings defaults() {
    return new NoBmsSettings(DEFAULT_CELL_HEADROOM_MILLIVOLTS, DEFAULT_MAX_CHARGE_TIME);
  }

  /** The same headroom with this maximum charge time. */
  public NoBmsSettings withMaxChargeTime(Duration d) {
    return new NoBmsSettings(cellHeadroomMillivolts, d);
  }

  /** The pack ceiling for a profile: series count x (cell ceiling - headroom), millivolts. */
  public int packCeilingMillivolts(ChargeProfile p) {
    return p.cellCount() * (p.cellCeilingMillivolts() - cellHeadroomMillivolts);
  }
}
