package org.chargebay.planner;

import java.time.Duration;
import java.time.Instant;
import org.chargebay.planner.Depot.Window;

/**
 * The site's other loads from a live grid meter, for a new plan from the present state: the meter
 * measures the whole site, chargers included, so the other loads are its reading less what the
 * chargers draw now. Export (a negative reading, e.g. solar) is not counted as extra headroom: the
 * cap stays the cap. Pure.
 */
public final class LiveSite {
  private LiveSite() {}

  /**
   * The other load measured now, held for {@code hold} (until the next reading and plan).
   *
   * @param meterKw the meter's total active power, positive = import
   * @param chargersKw what the bays' chargers draw now
   */
  public static Window otherLoadNow(Instant now, Duration hold, double meterKw, double chargersKw) {
    if (!Double.isFinite(meterKw) || !Double.isFinite(chargersKw) || chargersKw < 0) {
      throw new IllegalArgumentException(
          "meter " + meterKw + " kW, chargers " + chargersKw + " kW: not a reading");
    }
    return new Window(now, now.plus(hold), Math.max(0, meterKw - chargersKw));
  }
}
