package org.chargebay.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A session started: the pre-start checks passed and current may flow under this profile.
 *
 * <p>Schema version 2 added {@code supply}. Version 1 events (and starts decided without the
 * supply's capabilities) read with {@code supply == null}: the runtime then set the supply's
 * OVP/OCP at the pack ceiling and the charge current plus the bay's hardware margins, as every
 * session did before version 2.
 *
 * <p>Schema version 3 added {@code by}: the authenticated user who asked for the start. Events
 * before version 3, and starts nobody asked for (a bay's automatic start), read with {@code by ==
 * null}.
 *
 * @param supply how the session uses the supply (whether a hardware backstop is set, at what), or
 *     null as described above
 * @param by the login that asked for the start (never a name from a request body), or null as
 *     described above
 */
public record ChargeStarted(
    String sessionId,
    Instant at,
    ChargeProfile profile,
    Evidence evidence,
    @Nullable SupplyTerms supply,
    @Nullable String by)
    implements ChargeEvent {

  /** A start nobody in particular asked for, or recorded before version 3 ({@code by == null}). */
  public ChargeStarted(
      String sessionId,
      Instant at,
      ChargeProfile profile,
      Evidence evidence,
      @Nullable SupplyTerms supply) {
    this(sessionId, at, profile, evidence, supply, null);
  }

  /** A start without supply terms (the version 1 shape). */
  public ChargeStarted(String sessionId, Instant at, ChargeProfile profile, Evidence evidence) {
    this(sessionId, at, profile, evidence, null, null);
  }
}
