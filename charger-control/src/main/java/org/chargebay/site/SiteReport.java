package org.chargebay.site;

import java.time.Instant;

/**
 * A bay's report as it travels on the bay states topic: the bay loop's {@link BayReport} and what
 * the planner needs to know of the controller that sent it.
 *
 * @param controller the sending controller's id (unique on the site)
 * @param fallbackShareKw that controller's share of the cap when it has no plan
 * @param heldSlot the latest slot the controller holds an allocation for (-1: none)
 * @param sentAt when the controller sent it (its clock): a controller whose latest report is older
 *     than the silence limit is planned as drawing its fallback share
 * @param report the bay's state
 */
public record SiteReport(
    String controller, double fallbackShareKw, long heldSlot, Instant sentAt, BayReport report) {

  /** The highest power a current can draw from this bay's pack: series x ceiling x current. */
  static double maxKw(BayReport r, int milliamps) {
    return (double) milliamps * r.series() * r.ceilingMillivolts() / 1e9;
  }

  /** The largest current (whole milliamps) whose {@link #maxKw} is at most {@code kw}. */
  static int milliampsWithin(BayReport r, double kw) {
    double perMilliamp = (double) r.series() * r.ceilingMillivolts() / 1e9;
    if (!(kw > 0) || !(perMilliamp > 0)) {
      return 0;
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.floor(kw / perMilliamp));
  }
}
