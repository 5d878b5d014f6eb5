package org.chargebay.events;

import java.time.Instant;
import java.util.List;

/**
 * The safety supervisor cut the charge. The actions were taken before this event was recorded.
 *
 * @param reason why, by a stable name
 * @param detail a sentence naming the numbers
 * @param actions what was done and how it went, one per path, each {@code "<path>: confirmed"} or
 *     {@code "<path>: failed: <why>"} (e.g. {@code "bms-charge-fet-off: confirmed"})
 */
public record CutOff(
    String sessionId,
    Instant at,
    CutOffReason reason,
    String detail,
    List<String> actions,
    Evidence evidence)
    implements ChargeEvent {
  public CutOff {
    actions = List.copyOf(actions);
  }
}
