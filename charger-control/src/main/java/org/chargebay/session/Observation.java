package org.chargebay.session;

import java.util.List;
import org.chargebay.events.Evidence;
import org.jspecify.annotations.Nullable;

/**
 * What the bay runtime saw on this poll, as the decider needs it.
 *
 * @param evidence the latest readings with their ages and the session's charge totals
 * @param fresh true if both the BMS and the supply answered recently (within the stale limit)
 *     during this controller's lifetime
 * @param recentCurrentMilliamps BMS currents of the most recent fresh polls, oldest first, for
 *     taper and resume decisions (a window, so that one noisy sample decides nothing)
 * @param tempDeciCelsius the BMS's temperature sensors, deci-degrees Celsius (empty: none read)
 * @param capacityMilliampHours the pack's nominal capacity as the BMS reports it (0: unknown), the
 *     C of C-rates
 * @param allocationMilliamps the bay's share of the site's power now ({@code
 *     org.chargebay.site.SiteAllocations}): the current may not exceed it, 0 holds the session at
 *     no current until its slot; null when the site imposes no limit (then nothing changes)
 */
public record Observation(
    Evidence evidence,
    boolean fresh,
    List<Integer> recentCurrentMilliamps,
    List<Integer> tempDeciCelsius,
    int capacityMilliampHours,
    @Nullable Integer allocationMilliamps) {
  public Observation {
    recentCurrentMilliamps = List.copyOf(recentCurrentMilliamps);
    tempDeciCelsius = List.copyOf(tempDeciCelsius);
  }

  /** An observation without a site allocation. */
  public Observation(
      Evidence evidence,
      boolean fresh,
      List<Integer> recentCurrentMilliamps,
      List<Integer> tempDeciCelsius,
      int capacityMilliampHours) {
    this(evidence, fresh, recentCurrentMilliamps, tempDeciCelsius, capacityMilliampHours, null);
  }

  /** This observation with the site's allocation (null: no site limit). */
  public Observation withAllocation(@Nullable Integer milliamps) {
    return new Observation(
        evidence, fresh, recentCurrentMilliamps, tempDeciCelsius, capacityMilliampHours, milliamps);
  }

  /** An observation without temperatures or capacity. */
  public Observation(Evidence evidence, boolean fresh, List<Integer> recentCurrentMilliamps) {
    this(evidence, fresh, recentCurrentMilliamps, List.of(), 0);
  }

  /** Nothing seen yet. */
  public static Observation none() {
    return new Observation(Evidence.none(), false, List.of());
  }
}
