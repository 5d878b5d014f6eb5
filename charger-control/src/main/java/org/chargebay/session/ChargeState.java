package org.chargebay.session;

import java.time.Instant;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.NoBmsTerms;
import org.chargebay.events.Phase;
import org.chargebay.events.SupplyTerms;
import org.jspecify.annotations.Nullable;

/**
 * A bay's state as folded from its events.
 *
 * @param sessionId the current or last session, null before the first
 * @param profile the current or last session's profile
 * @param commandedMillivolts the supply voltage setpoint last commanded
 * @param commandedMilliamps the supply current setpoint last commanded
 * @param outputOn whether the supply output was last commanded on
 * @param fault the latched fault's reason, null if none
 * @param chargedMilliampHours charge delivered in the session, as last recorded
 * @param chargedMilliwattHours energy delivered in the session, as last recorded
 * @param version the stream version this state was folded to (for expected-version appends)
 * @param supply how the current or last session uses the supply (from its {@code ChargeStarted};
 *     null for sessions started without supply terms)
 * @param ceilingLowered the session's last lowering of its ceiling (when and from what), null if it
 *     was never lowered: the supervisor gives the cells a grace to come down
 * @param rest the sleep after a completed charge, null when the bay does not sleep
 * @param noBms the current or last session's terms without a BMS (from its {@code ChargeStarted}),
 *     null for a session with a BMS
 * @param scheduled a start waiting for its time, null if none
 * @param ramp the ramp-down of a normal end under way, null if none
 * @param balanceUntil the end of the session's balance hold ({@code BalanceHoldStarted}), null if
 *     it holds none
 * @param siteHold the session's time held at 0 mA by the site's allocation, null if never held
 */
public record ChargeState(
    Phase phase,
    @Nullable String sessionId,
    @Nullable ChargeProfile profile,
    int commandedMillivolts,
    int commandedMilliamps,
    boolean outputOn,
    @Nullable CutOffReason fault,
    long chargedMilliampHours,
    long chargedMilliwattHours,
    long version,
    @Nullable SupplyTerms supply,
    @Nullable CeilingLowered ceilingLowered,
    @Nullable Rest rest,
    @Nullable NoBmsTerms noBms,
    @Nullable Scheduled scheduled,
    @Nullable Ramp ramp,
    @Nullable Instant balanceUntil,
    @Nullable SiteHold siteHold) {

  ChargeState withBalanceUntil(@Nullable Instant until) {
    return new ChargeState(
        phase,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        ceilingLowered,
        rest,
        noBms,
        scheduled,
        ramp,
        until,
        siteHold);
  }

  /**
   * A normal end under way ({@code RampDownStarted}): the current steps down, then the output
   * opens.
   *
   * @param stop an operator's stop (else a completion)
   * @param stepsDone the setpoints of the ramp sent so far
   */
  public record Ramp(
      boolean stop,
      @Nullable String by,
      String reason,
      int fromMilliamps,
      int steps,
      int stepsDone) {}

  ChargeState withRamp(@Nullable Ramp r) {
    return new ChargeState(
        phase,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        ceilingLowered,
        rest,
        noBms,
        scheduled,
        r,
        balanceUntil,
        siteHold);
  }

  /**
   * A start that waits for its time ({@code ChargePlanned} with a later {@code startAt}); the
   * runtime starts it at {@code startAt}, so the timer is rebuilt from the journal after a restart.
   *
   * @param profile the profile it starts with (with a target, at the target's resting voltage)
   */
  public record Scheduled(String sessionId, ChargeProfile profile, Instant startAt) {}

  ChargeState withScheduled(@Nullable Scheduled s) {
    return new ChargeState(
        phase,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        ceilingLowered,
        rest,
        noBms,
        s,
        ramp,
        balanceUntil,
        siteHold);
  }

  /**
   * Time the session spent held at 0 mA by the site's allocation (waiting for its planned slot).
   *
   * @param heldMillis holds that ended, in all
   * @param since the hold under way began then, null if none
   */
  public record SiteHold(long heldMillis, @Nullable Instant since) {}

  /** The session's ceiling was lowered at {@code at} from {@code fromMillivolts}. */
  public long heldMillisAt(Instant now) {
    SiteHold h = siteHold;
    if (h == null) {
      return 0;
    }
    Instant since = h.since();
    return h.heldMillis()
        + (since == null ? 0 : Math.max(0, now.toEpochMilli() - since.toEpochMilli()));
  }

  /** The session's ceiling was lowered at {@code at} from {@code fromMillivolts}. */
  public record CeilingLowered(Instant at, int fromMillivolts) {}

  /**
   * The sleep after a completed charge.
   *
   * @param wakeAt when the bay wakes next; null while a top-up is under way
   * @param referenceMillivolts the highest cell at completion
   * @param topUps top-ups since the pack was plugged in
   * @param topUpStarting a {@code TopUpStarted} was recorded and its start is next
   */
  public record Rest(
      @Nullable Instant wakeAt, int referenceMillivolts, int topUps, boolean topUpStarting) {}

  public static ChargeState initial() {
    return new ChargeState(
        Phase.IDLE,
        null,
        null,
        0,
        0,
        false,
        null,
        0,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** True while the bay sleeps after a completed charge (its timer is {@code rest.wakeAt}). */
  public boolean asleep() {
    return phase == Phase.COMPLETE && rest != null && rest.wakeAt() != null;
  }

  ChargeState withRest(@Nullable Rest r) {
    return new ChargeState(
        phase,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        ceilingLowered,
        r,
        noBms,
        scheduled,
        ramp,
        balanceUntil,
        siteHold);
  }

  /**
   * The open session's per-cell ceiling (as started, or as adjusted since), or {@code
   * configuredMillivolts} when no session is open.
   */
  public int sessionCeilingMillivolts(int configuredMillivolts) {
    return profile != null && phase.inSession()
        ? profile.cellCeilingMillivolts()
        : configuredMillivolts;
  }

  ChargeState withCeiling(ChargeProfile adjusted, @Nullable CeilingLowered lowered) {
    return new ChargeState(
        phase,
        sessionId,
        adjusted,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        lowered,
        rest,
        noBms,
        scheduled,
        ramp,
        balanceUntil,
        siteHold);
  }

  ChargeState withPhase(Phase p) {
    return new ChargeState(
        p,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        ceilingLowered,
        rest,
        noBms,
        scheduled,
        ramp,
        balanceUntil,
        siteHold);
  }

  ChargeState withOutputOff() {
    return new ChargeState(
        phase,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        false,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        ceilingLowered,
        rest,
        noBms,
        scheduled,
        ramp,
        balanceUntil,
        siteHold);
  }

  ChargeState withSetpoint(int mv, int ma, boolean on) {
    return withSetpoint(mv, ma, on, null);
  }

  /**
   * The setpoint commanded at {@code at}; a setpoint of 0 mA with the output on (the site's
   * allocation holding the session until its slot) starts a hold, any other ends it.
   */
  ChargeState withSetpoint(int mv, int ma, boolean on, @Nullable Instant at) {
    SiteHold hold = siteHold;
    if (at != null) {
      boolean held = on && ma == 0;
      SiteHold h = hold == null ? new SiteHold(0, null) : hold;
      if (held && h.since() == null) {
        hold = new SiteHold(h.heldMillis(), at);
      } else if (!held && h.since() != null) {
        hold =
            new SiteHold(
                h.heldMillis() + Math.max(0, at.toEpochMilli() - h.since().toEpochMilli()), null);
      }
    }
    return new ChargeState(
        phase,
        sessionId,
        profile,
        mv,
        ma,
        on,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        ceilingLowered,
        rest,
        noBms,
        scheduled,
        ramp,
        balanceUntil,
        hold);
  }

  ChargeState withFault(@Nullable CutOffReason reason) {
    return new ChargeState(
        phase,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        reason,
        chargedMilliampHours,
        chargedMilliwattHours,
        version,
        supply,
        ceilingLowered,
        rest,
        noBms,
        scheduled,
        ramp,
        balanceUntil,
        siteHold);
  }

  ChargeState withSession(String id, ChargeProfile p, @Nullable SupplyTerms terms) {
    return withSession(id, p, terms, null);
  }

  ChargeState withSession(
      String id, ChargeProfile p, @Nullable SupplyTerms terms, @Nullable NoBmsTerms noBmsTerms) {
    return new ChargeState(
        phase,
        id,
        p,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        0,
        0,
        version,
        terms,
        null,
        rest,
        noBmsTerms,
        scheduled,
        ramp,
        balanceUntil,
        null);
  }

  ChargeState withTotals(long mah, long mwh) {
    return new ChargeState(
        phase,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        mah,
        mwh,
        version,
        supply,
        ceilingLowered,
        rest,
        noBms,
        scheduled,
        ramp,
        balanceUntil,
        siteHold);
  }

  /** The same state one event further in the stream. */
  public ChargeState withVersion(long v) {
    return new ChargeState(
        phase,
        sessionId,
        profile,
        commandedMillivolts,
        commandedMilliamps,
        outputOn,
        fault,
        chargedMilliampHours,
        chargedMilliwattHours,
        v,
        supply,
        ceilingLowered,
        rest,
        noBms,
        scheduled,
        ramp,
        balanceUntil,
        siteHold);
  }
}
