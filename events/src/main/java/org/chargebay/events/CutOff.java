package org.chargebay.events;

import java.time.Instant;
import java.util.List;

/**
 * The safety supervisor cut the charge. The actions were taken before this event was recorded.
 *
 * @param reason why, by a stable name
 * @param detail a sentence naming the numbers
 * @param actions what was done and how it went, one per path, each {@code "<path>: confirmed"},
 *     {@code "<path>: failed: <why>"} or {@code "<path>: not available: <why>"} (e.g. {@code
 *     "bms-charge-fet-off: confirmed"}); kept as written since version 1
 * @param paths the same outcomes, one per path, as data ({@link PathOutcome#of}); schema version 2
 *     (events of version 1 get them from their actions)
 */
public record CutOff(
    String sessionId,
    Instant at,
    CutOffReason reason,
    String detail,
    List<String> actions,
    List<PathOutcome> paths,
    Evidence evidence)
    implements ChargeEvent {
  public CutOff {
    actions = List.copyOf(actions);
    paths = List.copyOf(paths);
  }

  /** A cut-off whose {@link #paths} are read from its actions. */
  public CutOff(
      String sessionId,
      Instant at,
      CutOffReason reason,
      String detail,
      List<String> actions,
      Evidence evidence) {
    this(sessionId, at, reason, detail, actions, PathOutcome.ofAll(actions), evidence);
  }
}
