package org.chargebay.site;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reports of simulated bays for the site tests: 20S NMC packs, 40 A, charging. */
final class SiteBays {
  private SiteBays() {}

  /** A charging 20S NMC 40 Ah bay at 3.7 V per cell drawing {@code milliamps}. */
  static BayReport nmc(String id, int milliamps, Instant at) {
    return new BayReport(
        id, at, "NMC", 20, 40_000, 3_700, 74_000, milliamps, 4_150, 40_000, true, null, 90, 1);
  }

  /** {@code n} such bays named {@code <prefix>-1 .. <prefix>-n}. */
  static List<BayReport> nmcBays(String prefix, int n, Instant at) {
    List<BayReport> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(nmc(prefix + "-" + i, 0, at));
    }
    return out;
  }

  /** The most the bay can draw at this current: series x ceiling x current, kW. */
  static double maxKw(BayReport r, int milliamps) {
    return SiteReport.maxKw(r, milliamps);
  }
}
