package org.chargebay.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The pack charged in a session, identified. Recorded in the pack's own stream {@code
 * pack-<packId>} when the session starts, so that a pack's history follows it from bay to bay.
 *
 * @param sessionId the session (in stream {@code bay-<bayId>})
 * @param at when the session started
 * @param bayId the bay the pack was on
 * @param packId the pack's id: the hardware id or serial its BMS reports, or the operator's label
 * @param source {@code bms} if the BMS reported the id, {@code label} if an operator gave it
 * @param bmsCycles the charge cycles the BMS counted at the start, null if it reports none
 * @param nominalMilliampHours the design capacity configured in the BMS, null if it reports none
 */
public record PackIdentified(
    String sessionId,
    Instant at,
    String bayId,
    String packId,
    String source,
    @Nullable Integer bmsCycles,
    @Nullable Integer nominalMilliampHours)
    implements ChargeEvent {

  /** The stream of a pack's own events. */
  public static String streamOf(String packId) {
    return "pack-" + packId;
  }
}
