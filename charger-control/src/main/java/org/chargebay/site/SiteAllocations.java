package org.chargebay.site;

import java.util.OptionalInt;

/**
 * Where each bay's share of the site's power comes from. Thread-safe; neither method blocks (a bay
 * loop calls both on every cycle).
 */
public interface SiteAllocations {
  /**
   * The current the bay may draw now, in milliamps (0: none now), or empty when the site imposes no
   * limit on this bay.
   */
  OptionalInt milliampsFor(String bayId);

  /** The bay loop's report of its state after a cycle: the planner's input. */
  void report(BayReport report);

  /** No site limit: every bay draws what its own profile allows. */
  static SiteAllocations none() {
    return new SiteAllocations() {
      @Override
      public OptionalInt milliampsFor(String bayId) {
        return OptionalInt.empty();
      }

      @Override
      public void report(BayReport report) {}
    };
  }
}
