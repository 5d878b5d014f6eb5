package org.chargebay.session;

import org.chargebay.events.ChargeProfile;
import org.chargebay.events.Evidence;
import org.jspecify.annotations.Nullable;

/**
 * An estimate of how long a charge takes from the pack's resting state to its ceiling, for a start
 * that is to finish by a time. Pure and deliberately pessimistic (a plan that finishes early is
 * fine, one that finishes late is not):
 *
 * <ul>
 *   <li>the state of charge now is the <em>average</em> cell's (pack voltage / series count) on the
 *       chemistry's OCV curve (the series string takes one charge; a leading highest cell only ends
 *       it earlier). The output is off when the plan is made, so the cells rest;
 *   <li>the end is the ceiling's state of charge on the same curve;
 *   <li>CC delivers at the current the session will get (the profile's, derated for temperature and
 *       pre-charge as the decider does), until the cells' terminal voltage (resting voltage plus
 *       the IR rise) reaches the ceiling: the charge of the last {@value #CV_ALLOWANCE_MILLIVOLTS}
 *       mV of the OCV curve below the ceiling is left to CV;
 *   <li>CV: the current decays about exponentially from the CC current {@code I} to the taper
 *       current {@code It}; with the CV charge {@code Q}, {@code tau = Q / I} and the taper takes
 *       {@code tau x ln(I / It)};
 *   <li>safety margin: {@value #MARGIN_PERCENT} % on top, plus {@value #MARGIN_SECONDS} s.
 * </ul>
 */
public final class TimeToFull {
  /** The OCV span below the ceiling charged in CV (the IR rise at 0.5..1 C, with a reserve). */
  public static final int CV_ALLOWANCE_MILLIVOLTS = 100;

  /** The estimate is raised by this percentage. */
  public static final int MARGIN_PERCENT = 15;

  /** And by this many seconds. */
  public static final int MARGIN_SECONDS = 600;

  private TimeToFull() {}

  /**
   * The estimated seconds from now to a complete charge, or null when it cannot be estimated (no
   * BMS reading, or the pack's capacity unknown).
   *
   * @param chemistry the profile's chemistry (its OCV curve and derating)
   * @param profile the session's profile (its ceiling is the end)
   * @param obs what the bay sees now
   */
  public static @Nullable Long seconds(
      Chemistry chemistry, ChargeProfile profile, Observation obs) {
    Evidence.Bms bms = obs.evidence().bms();
    int capacity = obs.capacityMilliampHours();
    if (bms == null || capacity <= 0 || bms.cellMillivolts().isEmpty()) {
      return null;
    }
    Chemistry.OcvTable ocv = chemistry.ocv();
    int average = bms.packMillivolts() / profile.cellCount();
    int ceiling = profile.cellCeilingMillivolts();
    int socNow = ocv.socPermilleAt(average);
    int socEnd = ocv.socPermilleAt(ceiling);
    double totalMah = Math.max(0, socEnd - socNow) * (double) capacity / 1000;
    int socCvFrom = ocv.socPermilleAt(ceiling - CV_ALLOWANCE_MILLIVOLTS);
    double cvMah = Math.min(totalMah, Math.max(0, socEnd - socCvFrom) * (double) capacity / 1000);
    double current =
        chemistry.currentLimitMilliamps(
            profile.chargeCurrentMilliamps(),
            capacity,
            obs.tempDeciCelsius(),
            bms.cellMinMillivolts());
    double taper = Math.min(profile.taperCurrentMilliamps(), current / 2);
    double ccHours = (totalMah - cvMah) / current;
    double cvHours = cvMah / current * Math.log(current / taper);
    double seconds = (ccHours + cvHours) * 3600 * (100 + MARGIN_PERCENT) / 100 + MARGIN_SECONDS;
    return (long) Math.ceil(seconds);
  }
}
