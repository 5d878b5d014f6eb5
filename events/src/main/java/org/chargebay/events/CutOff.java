package org.chargebay.events;

import java.time.Instant;
import java.util.List;

/**
 * The safety supervisor cut the charge. The actions were taken before this event was recorded.
 *
 * @param reason a stable code, e.g. {@code CELL_OVER_VOLTAGE}, {@code BMS_STALE}
 * @param detail a sentence naming the numbers
 * @param actions what was done and how it went, e.g. {@code "supply-output-off: ok"}
 */
public record CutOff(
    String sessionId,
    Instant at,
    String reason,
    String detail,
    List<String> actions,
    Evidence evidence)
    implements ChargeEvent {
  public CutOff {
    actions = List.copyOf(actions);
  }
}
