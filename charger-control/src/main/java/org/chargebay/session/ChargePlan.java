package org.chargebay.session;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The charge policy a start asks for, each part optional: start at {@code startAt}, or late enough
 * to be complete by {@code finishBy} (not both), and stop at {@code targetSocPct}. Checked by the
 * API and the configuration with errors naming the field; the decider checks again and refuses a
 * plan it cannot follow ({@code PLAN_NOT_POSSIBLE}).
 *
 * @param startAt when current is to start flowing
 * @param finishBy when the charge is to be complete
 * @param targetSocPct the state of charge to stop at, {@value #MIN_TARGET_SOC_PCT}..100, judged
 *     from the cells on the chemistry's OCV curve
 */
public record ChargePlan(
    @Nullable Instant startAt, @Nullable Instant finishBy, @Nullable Integer targetSocPct) {

  /** A target below this is refused: the resting voltage there is too close to the knee. */
  public static final int MIN_TARGET_SOC_PCT = 20;

  /** A start or finish time may be at most this far ahead. */
  public static final Duration MAX_AHEAD = Duration.ofDays(7);

  /** True if the plan asks for nothing. */
  public boolean empty() {
    return startAt == null && finishBy == null && targetSocPct == null;
  }

  /**
   * Why this plan cannot be followed when asked for at {@code now}, naming the field, or null.
   *
   * @param now the time of the request
   */
  public @Nullable String problem(Instant now) {
    if (startAt != null && finishBy != null) {
      return "startAt and finishBy: give one of them, not both";
    }
    if (targetSocPct != null && (targetSocPct < MIN_TARGET_SOC_PCT || targetSocPct > 100)) {
      return "targetSocPct must be " + MIN_TARGET_SOC_PCT + "..100, was " + targetSocPct;
    }
    if (finishBy != null && !finishBy.isAfter(now)) {
      return "finishBy " + finishBy + " is not ahead of now (" + now + ")";
    }
    Instant time = startAt != null ? startAt : finishBy;
    if (time != null && time.isAfter(now.plus(MAX_AHEAD))) {
      String field = startAt != null ? "startAt" : "finishBy";
      return field + " " + time + " is more than " + MAX_AHEAD.toDays() + " days ahead";
    }
    return null;
  }
}
