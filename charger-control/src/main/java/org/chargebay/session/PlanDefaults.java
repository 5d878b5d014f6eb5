package org.chargebay.session;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;

/**
 * A bay's configured charge policy, for every start that asks for none (an operator's start without
 * policy fields, an automatic start): a target state of charge and a daily finish time.
 *
 * @param targetSocPct the state of charge to stop at, null: full
 * @param finishBy the time of day the charge is to be complete by (the next one after the start),
 *     null: at once
 * @param zone the zone of {@code finishBy}
 */
public record PlanDefaults(
    @Nullable Integer targetSocPct, @Nullable LocalTime finishBy, ZoneId zone) {

  /** The plan of a start at {@code now}, or null when the bay configures none. */
  public @Nullable ChargePlan planAt(Instant now) {
    if (targetSocPct == null && finishBy == null) {
      return null;
    }
    Instant finish = null;
    if (finishBy != null) {
      ZonedDateTime here = now.atZone(zone);
      ZonedDateTime next = here.with(finishBy);
      if (!next.isAfter(here)) {
        next = next.plusDays(1);
      }
      finish = next.toInstant();
    }
    return new ChargePlan(null, finish, targetSocPct);
  }
}
