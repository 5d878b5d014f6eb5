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
 * <p>Schema version 4 added {@code noBms}; earlier events read with {@code noBms == null} (every
 * session before version 4 had a BMS).
 *
 * @param supply how the session uses the supply (whether a hardware backstop is set, at what), or
 *     null as described above
 * @param by the login that asked for the start (never a name from a request body), or null as
 *     described above
 * @param noBms for a session on a pack without a smart BMS: its pack ceiling and maximum charge
 *     time; null for a session whose BMS the controller reads
 */
public record ChargeStarted(
    String sessionId,
    Instant at,
    ChargeProfile profile,
    Evidence evidence,
    @Nullable SupplyTerms supply,
    @Nullable String by,
    @Nullable NoBmsTerms noBms)
    implements ChargeEvent {

  /** A start with a BMS, asked for by {@code by} (or by nobody in particular: null). */
  public ChargeStarted(
      String sessionId,
      Instant at,
      ChargeProfile profile,
      Evidence evidence,
      @Nullable SupplyTerms supply,
      @Nullable String by) {
    this(sessionId, at, profile, evidence, supply, by, null);
  }

  /** A start on a pack without a BMS, nobody in particular asked for. */
  public ChargeStarted(
      String sessionId,
      Instant at,
      ChargeProfile profile,
      Evidence evidence,
      @Nullable SupplyTerms supply,
      @Nullable NoBmsTerms noBms) {
    this(sessionId, at, profile, evidence, supply, null, noBms);
  }

  /** A start with a BMS nobody in particular asked for (the version 2 shape). */
  public ChargeStarted(
      String sessionId,
      Instant at,
      ChargeProfile profile,
      Evidence evidence,
      @Nullable SupplyTerms supply) {
    this(sessionId, at, profile, evidence, supply, null, null);
  }

  /** A start without supply terms (the version 1 shape). */
  public ChargeStarted(String sessionId, Instant at, ChargeProfile profile, Evidence evidence) {
    this(sessionId, at, profile, evidence, null, null, null);
  }
}
