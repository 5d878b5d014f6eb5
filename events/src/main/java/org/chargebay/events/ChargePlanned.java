package org.chargebay.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A start asked for a charge policy: a target state of charge, a delayed start ({@code startAt}) or
 * a finish time ({@code finishBy}). Recorded when the start is asked for, before its {@code
 * ChargeStarted} (or alone, when the start waits): the bay's timer is rebuilt from the journal
 * after a restart, and a waiting start is cancelled by a stop, a newer start or its own refusal.
 *
 * @param sessionId the session that starts (now or at {@code startAt})
 * @param profile the profile the session charges to: with a target, its ceiling is the target's
 *     resting voltage on the chemistry's OCV curve
 * @param targetSocPct the state of charge asked for, judged from the cell voltages on the
 *     chemistry's OCV curve (never from the BMS's own figure); null: full to the ceiling
 * @param startAt when current starts to flow; null or not after {@code at}: at once
 * @param finishBy the time the charge is to be complete by, null if none was asked for
 * @param estimatedSeconds the estimated time to full (charge from the cells' resting state to the
 *     ceiling at the profile's current, with the CV taper and a safety margin); null when it could
 *     not be estimated (the pack's capacity unknown)
 * @param cause how the start time was chosen, for the operator
 * @param evidence what the bay saw when the start was asked for
 */
public record ChargePlanned(
    String sessionId,
    Instant at,
    ChargeProfile profile,
    @Nullable Integer targetSocPct,
    @Nullable Instant startAt,
    @Nullable Instant finishBy,
    @Nullable Long estimatedSeconds,
    String cause,
    Evidence evidence)
    implements ChargeEvent {

  /** True if the session waits for {@code startAt} instead of starting at once. */
  public boolean waits() {
    return startAt != null && startAt.isAfter(at);
  }
}
