package org.chargebay.planner;

import java.util.Locale;
import java.util.Optional;

/** How the site's power is shared out over time. */
public enum Policy {
  /**
   * Optimised: each step, the headroom goes first to the bays that cannot wait (least slack, then
   * priority, then id), then to the bays for which this step is among the cheapest they can still
   * use; a bay waits for a cheaper window only if that window, shared with every bay leaving
   * earlier that also waits for it, has room for it.
   */
  PLANNED,
  /**
   * Everyone starts at once; the cap is shared equally (power a tapering pack leaves is shared).
   */
  AT_PLUG_IN,
  /**
   * Each bay starts as late as it can and still finish at its maximum current; under the cap the
   * least slack goes first.
   */
  LATEST_START;

  /** The name on the command line and in the output: {@code planned}, {@code at-plug-in}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The policy of this label, or empty. */
  public static Optional<Policy> ofLabel(String label) {
    for (Policy p : values()) {
      if (p.label().equals(label)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
