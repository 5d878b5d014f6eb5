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
 * @param tempDeciCelsius the BMS's temperature sensors, deci-degrees Celsius (empty: none read)
 * @param capacityMilliampHours the pack's nominal capacity as the BMS reports it (0: unknown), the
 *     C of C-rates
 */
public record Observation(
    Evidence evidence,
    boolean fresh,
    List<Integer> recentCurrentMilliamps,
    List<Integer> tempDeciCelsius,
    int capacityMilliampHours) {
  public Observation {
    recentCurrentMilliamps = List.copyOf(recentCurrentMilliamps);
    tempDeciCelsius = List.copyOf(tempDeciCelsius);
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
