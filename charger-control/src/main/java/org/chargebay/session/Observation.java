package org.chargebay.session;

import java.util.List;
import org.chargebay.events.Evidence;

/**
 * What the bay runtime saw on this poll, as the decider needs it.
 *
 * @param evidence the latest readings with their ages and the session's charge totals
 * @param fresh true if both the BMS and the supply answered recently (within the stale limit)
 *     during this controller's lifetime
 * @param recentCurrentMilliamps BMS currents of the most recent fresh polls, oldest first, for
 *     taper and resume decisions (a window, so that one noisy sample decides nothing)
 */
public record Observation(Evidence evidence, boolean fresh, List<Integer> recentCurrentMilliamps) {
  public Observation {
    recentCurrentMilliamps = List.copyOf(recentCurrentMilliamps);
  }

  /** Nothing seen yet. */
  public static Observation none() {
    return new Observation(Evidence.none(), false, List.of());
  }
}
