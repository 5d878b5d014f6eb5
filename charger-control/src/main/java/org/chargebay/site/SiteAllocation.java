package org.chargebay.site;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One slot's allocations for the whole site, as the planner publishes them. Valid from {@code from}
 * (inclusive) until {@code until} (exclusive) and never outside: slots do not overlap, so at any
 * instant at most one plan applies.
 *
 * @param planner the controller whose planner made it
 * @param generation the consumer group's generation in which that controller was assigned the
 *     planner's partition; a follower ignores plans of an older generation than one it has seen
 * @param slot the slot number ({@code from} in epoch milliseconds / the slot length)
 * @param from the slot's start
 * @param until the slot's end: the allocation is not used from then on
 * @param capKw the site cap it was planned under
 * @param reservedKw kW set aside for the controllers in {@code fallback}
 * @param bays per bay, its current and that current's highest power
 * @param fallback controllers the planner did not plan for (silent, or not holding the previous
 *     plan): they keep to their fallback share
 */
public record SiteAllocation(
    String planner,
    int generation,
    long slot,
    Instant from,
    Instant until,
    double capKw,
    double reservedKw,
    Map<String, Bay> bays,
    Set<String> fallback) {

  public SiteAllocation {
    bays = Map.copyOf(bays);
    fallback = Set.copyOf(fallback);
  }

  /** A plan id for logs and the API: {@code g<generation>-s<slot>}. */
  public String planId() {
    return "g" + generation + "-s" + slot;
  }

  /** The highest power the plan lets the bays draw, plus what it reserved: at most the cap. */
  public double boundKw() {
    return reservedKw + bays.values().stream().mapToDouble(Bay::maxKw).sum();
  }

  /**
   * One bay's allocation.
   *
   * @param milliamps the current the bay may draw during the slot
   * @param maxKw that current at the pack's highest voltage (series x ceiling): the most it can
   *     draw
   */
  public record Bay(int milliamps, double maxKw) {}
}
