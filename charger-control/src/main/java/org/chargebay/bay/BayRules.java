package org.chargebay.bay;

import java.time.Instant;
import java.util.Optional;
import org.chargebay.events.Phase;
import org.chargebay.session.ChargeCommand;
import org.chargebay.session.ChargeState;
import org.chargebay.session.Observation;
import org.chargebay.session.SupplyFacts;
import org.chargebay.supply.SupplyCapabilities;
import org.jspecify.annotations.Nullable;

/**
 * The bay loop's small pure rules besides the supervisor, the decider and {@link Effects}: how an
 * operator's command becomes a decider command, when a bay starts by itself, and what a start knows
 * of the supply.
 */
public final class BayRules {
  private BayRules() {}

  /**
   * The decider command for an operator's command.
   *
   * @param supply for a start: the supply as known now (see {@link #supplyFacts}); null if the
   *     model is not known yet
   * @param configuredCeilingMillivolts the bay's configured per-cell ceiling (a live adjustment may
   *     raise the session's ceiling up to it, not above)
   */
  public static ChargeCommand toChargeCommand(
      OperatorCommand command,
      Instant now,
      Observation observation,
      @Nullable SupplyFacts supply,
      int configuredCeilingMillivolts) {
    if (command instanceof OperatorCommand.Start s) {
      return new ChargeCommand.StartCharge(
          now, s.sessionId(), s.profile(), observation, supply, s.by(), s.plan());
    } else if (command instanceof OperatorCommand.Stop s) {
      return new ChargeCommand.StopCharge(now, s.by(), s.reason(), observation);
    } else if (command instanceof OperatorCommand.Acknowledge a) {
      return new ChargeCommand.AcknowledgeFault(now, a.operator(), a.note());
    } else if (command instanceof OperatorCommand.AdjustCeiling a) {
      return new ChargeCommand.AdjustCeiling(
          now, a.cellCeilingMillivolts(), configuredCeilingMillivolts, a.by(), observation);
    }
    throw new IllegalArgumentException("unhandled command " + command.getClass().getName());
  }

  /**
   * How long after a lowering of the session's ceiling the supervisor still allows the cells up to
   * the previous ceiling plus margin: the decider ramps the current down at once, and the cells'
   * terminal voltage falls with it within seconds; a pack whose resting voltage is above the new
   * ceiling stops taking current and completes.
   */
  public static final java.time.Duration CEILING_LOWER_GRACE = java.time.Duration.ofSeconds(30);

  /**
   * What the supervisor enforces now: the configured limits at the session's ceiling (as started or
   * adjusted live), or at the previous ceiling within {@link #CEILING_LOWER_GRACE} of a lowering.
   * On a bay without a BMS, the supply-side limits follow the session's recorded pack ceiling and
   * maximum charge time (plus {@link #NO_BMS_TIME_GRACE} and the time the site held it at 0 mA).
   */
  public static org.chargebay.safety.SafetyLimits sessionLimits(
      org.chargebay.safety.SafetyLimits configured, ChargeState state, Instant now) {
    int ceiling = state.sessionCeilingMillivolts(configured.cellCeilingMillivolts());
    ChargeState.CeilingLowered lowered = state.ceilingLowered();
    if (lowered != null
        && state.phase().inSession()
        && now.isBefore(lowered.at().plus(CEILING_LOWER_GRACE))) {
      ceiling = Math.max(ceiling, lowered.fromMillivolts());
    }
    org.chargebay.safety.SafetyLimits limits = configured.withCellCeiling(ceiling);
    org.chargebay.safety.SafetyLimits.NoBms noBms = configured.noBms();
    org.chargebay.events.NoBmsTerms terms = state.noBms();
    if (noBms != null && terms != null && state.phase().inSession()) {
      limits =
          limits.withNoBms(
              new org.chargebay.safety.SafetyLimits.NoBms(
                  terms.packCeilingMillivolts(),
                  noBms.packMarginMillivolts(),
                  // time held at 0 mA by the site is not charging time: any current drawn then
                  // is above the commanded 0 mA, which the over-current rule cuts
                  terms
                      .chargeUntil()
                      .plus(NO_BMS_TIME_GRACE)
                      .plusMillis(state.heldMillisAt(now))
                      .toEpochMilli()));
    }
    return limits;
  }

  /**
   * Without a BMS, the supervisor cuts a session still charging this long after its maximum charge
   * time (the decider stops it at that time; this is the backstop if it did not).
   */
  public static final java.time.Duration NO_BMS_TIME_GRACE = java.time.Duration.ofMinutes(1);

  /** True if a start needs to know the supply (and so records its capabilities). */
  public static boolean needsSupplyFacts(OperatorCommand command) {
    return command instanceof OperatorCommand.Start;
  }

  /**
   * Whether an auto-start bay tries its one start now: once per controller lifetime, on the first
   * poll with fresh telemetry. The start itself happens only from {@link #autoStartable}.
   */
  public static boolean autoStartDue(BaySettings settings, boolean alreadyTried, boolean fresh) {
    return settings.autoStart() && !alreadyTried && fresh;
  }

  /**
   * A bay starts by itself only from idle or after a completed charge, never over a fault, and
   * never over a start that waits for its time.
   */
  public static boolean autoStartable(ChargeState state) {
    return (state.phase() == Phase.IDLE || state.phase() == Phase.COMPLETE)
        && state.scheduled() == null;
  }

  /**
   * The start that waits for its time and is due now (on a poll with fresh telemetry), or null. The
   * runtime starts it with the supply as known now; the decider checks it again.
   */
  public static ChargeState.@Nullable Scheduled scheduledStartDue(
      ChargeState state, Instant now, boolean fresh) {
    ChargeState.Scheduled s = state.scheduled();
    return s != null && fresh && !now.isBefore(s.startAt()) ? s : null;
  }

  /** The session id of an automatic start. */
  public static String autoSessionId(BaySettings settings, Instant now) {
    return settings.id() + "-" + now.toEpochMilli();
  }

  /**
   * Whether this tick reads the devices: always, except while the bay sleeps after a completed
   * charge; then every slow-poll interval and at the wake timer. The first poll after falling
   * asleep is never skipped: the supervisor must see the output off by a reading taken after it was
   * switched off.
   *
   * @param lastPolledAt when the devices were last read, null if never
   * @param lastPollAsleep whether the bay was already asleep at that read
   */
  public static boolean pollDue(
      BaySettings settings,
      ChargeState state,
      @Nullable Instant lastPolledAt,
      boolean lastPollAsleep,
      Instant now) {
    org.chargebay.session.SleepSettings sleep = settings.sleep();
    ChargeState.Rest rest = state.rest();
    if (sleep == null
        || !state.asleep()
        || rest == null
        || lastPolledAt == null
        || !lastPollAsleep) {
      return true;
    }
    Instant wakeAt = rest.wakeAt();
    return !now.isBefore(lastPolledAt.plus(sleep.slowPoll()))
        || (wakeAt != null && !now.isBefore(wakeAt));
  }

  /** The decider of a bay with these settings. */
  public static org.chargebay.session.ChargeDecider decider(BaySettings settings) {
    return new org.chargebay.session.ChargeDecider(
        settings.decider(), settings.sleep(), settings.noBms());
  }

  /** The configuration key of this bay's opt-in to a supply without settable OVP/OCP. */
  public static String acceptNoHardwareLimitsKey(String bayId) {
    return "chargebay.bays." + bayId + ".supply.accept-no-hardware-limits";
  }

  /** What a start decision knows of the supply: its capabilities and the bay's terms for it. */
  public static Optional<SupplyFacts> supplyFacts(
      Optional<SupplyCapabilities> capabilities, BaySettings settings) {
    return capabilities.map(
        caps ->
            new SupplyFacts(
                caps.model(),
                caps.maxMillivolts(),
                caps.maxMilliamps(),
                caps.hasHardwareProtection(),
                caps.fixedMillivolts(),
                caps.notes(),
                settings.hardwareVoltageMarginMillivolts(),
                settings.hardwareCurrentMarginMilliamps(),
                settings.acceptNoHardwareLimits(),
                acceptNoHardwareLimitsKey(settings.id())));
  }

  /**
   * What showed that the BMS restarted, when it did so after a dropout cut this bay (the fault
   * latched is {@code BMS_DROPOUT}): the cut-off is then recorded again as {@code BMS_REBOOTED}.
   * Null otherwise.
   */
  public static @Nullable String rebootAfterDropout(
      ChargeState state, org.chargebay.safety.SafetyHistory history) {
    String reboot = history.reboot();
    if (reboot == null
        || state.phase() != Phase.FAULT
        || state.fault() != org.chargebay.events.CutOffReason.BMS_DROPOUT) {
      return null;
    }
    return reboot + " after it dropped out";
  }
}
