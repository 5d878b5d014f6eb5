package org.chargebay.site;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A controller without a plan splits its fallback share of the site cap over its own charging bays:
 * equally in kW, a bay that cannot take its part (its maximum current) leaving the rest to the
 * others. Each bay's current is converted at the pack's highest voltage (series x ceiling), so the
 * bays together can never draw more than the share. A bay that can only be switched gets its
 * nameplate current when its part covers it, else nothing (its part goes to the others). Pure.
 */
public final class FallbackSplit {
  private FallbackSplit() {}

  /**
   * The current of every charging bay in {@code reports} (bays not charging get none).
   *
   * @param shareKw the controller's fallback share
   */
  public static Map<String, Integer> split(double shareKw, List<BayReport> reports) {
    List<BayReport> charging =
        reports.stream()
            .filter(r -> r.charging() && r.series() > 0 && r.ceilingMillivolts() > 0)
            .sorted(
                Comparator.comparingDouble((BayReport r) -> SiteReport.maxKw(r, r.maxMilliamps()))
                    .thenComparing(BayReport::bayId))
            .toList();
    Map<String, Integer> out = new TreeMap<>();
    double left = Math.max(0, shareKw);
    int n = charging.size();
    for (int i = 0; i < n; i++) {
      BayReport r = charging.get(i);
      double part = Math.min(left / (n - i), SiteReport.maxKw(r, Math.max(0, r.maxMilliamps())));
      // a charger that can only be switched is on at its nameplate if that fits, else off
      int ma =
          r.usable(Math.min(Math.max(0, r.maxMilliamps()), SiteReport.milliampsWithin(r, part)));
      out.put(r.bayId(), ma);
      left -= SiteReport.maxKw(r, ma);
    }
    return out;
  }
}
