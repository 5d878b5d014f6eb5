package org.chargebay.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.chargebay.events.BalanceHoldStarted;
import org.chargebay.events.BayConfigured;
import org.chargebay.events.BayRemoved;
import org.chargebay.events.BaySlept;
import org.chargebay.events.CeilingAdjusted;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargePlanned;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.Evidence;
import org.chargebay.events.FaultAcknowledged;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.PackIdentified;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RampDownStarted;
import org.chargebay.events.RefusalReason;
import org.chargebay.events.ResistanceMeasured;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.SupplyTerms;
import org.chargebay.events.TopUpStarted;
import org.chargebay.events.replay.Decider;
import org.chargebay.session.ChargeCommand.AcknowledgeFault;
import org.chargebay.session.ChargeCommand.AdjustCeiling;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.RecoverAfterRestart;
import org.chargebay.session.ChargeCommand.StartCharge;
import org.chargebay.session.ChargeCommand.StopCharge;
import org.jspecify.annotations.Nullable;

/**
 * The charge decider (Chassaing's Decider): {@code decide(command, state) -> events} and {@code
 * evolve(state, event) -> state}, both pure (no clock, no I/O, no logging).
 *
 * <p>CC then CV. The voltage setpoint is steered from the <em>highest cell</em>, not the pack
 * average: {@code V = V_out + gain x (ceiling - highest cell)}. In CV the supply's output equals
 * the setpoint, so this integrates the highest cell's headroom to zero; a cell above the ceiling
 * drives the setpoint below the pack and the current to zero. The session completes when the
 * current has stayed below the taper threshold for a window of fresh samples with the highest cell
 * near the ceiling. The BMS's own SoC decides nothing.
 */
public final class ChargeDecider implements Decider<ChargeCommand, ChargeState, ChargeEvent> {
  /** A current limit moves by at least this (and 5 %) before a new setpoint is sent. */
  private static final int MIN_CURRENT_STEP_MILLIAMPS = 50;

  private final DeciderSettings settings;
  private final @Nullable SleepSettings sleep;
  private final @Nullable SupplyOnlyCharge supplyOnly;

  /** A decider whose bay does not sleep after a completed charge (its output just stays off). */
  public ChargeDecider(DeciderSettings settings) {
    this(settings, null);
  }

  /**
   * @param sleep how the bay sleeps and tops up after a completed charge; null: it does not
   */
  public ChargeDecider(DeciderSettings settings, @Nullable SleepSettings sleep) {
    this(settings, sleep, null);
  }

  /**
   * @param sleep how the bay sleeps and tops up after a completed charge; null: it does not
   * @param noBms how a bay without a BMS charges (supply only, {@link SupplyOnlyCharge}); null: the
   *     bay has a BMS. A bay without a BMS does not sleep: nothing would see its cells drop.
   */
  public ChargeDecider(
      DeciderSettings settings, @Nullable SleepSettings sleep, @Nullable NoBmsSettings noBms) {
    this.settings = settings;
    this.sleep = noBms == null ? sleep : null;
    this.supplyOnly = noBms == null ? null : new SupplyOnlyCharge(settings, noBms);
  }

  @Override
  public ChargeState initialState() {
    return ChargeState.initial();
  }

  /** A bay's stream never ends; a state is terminal only in the sense of "no open session". */
  @Override
  public boolean isTerminal(ChargeState state) {
    return !state.phase().inSession() && state.phase() != Phase.FAULT;
  }

  @Override
  public List<ChargeEvent> decide(ChargeCommand command, ChargeState state) {
    return withBalanceWarning(decideCommand(command, state));
  }

  /**
   * A session that starts with its ceiling below the balancer's start voltage (a passive balancer
   * typically): {@code BalanceWarned} right after its {@code ChargeStarted}, once per session. Bays
   * without a balancer's start voltage (and recordings made before it) never warn.
   */
  private List<ChargeEvent> withBalanceWarning(List<ChargeEvent> events) {
    BalanceSettings balance = settings.balance();
    if (balance == null || balance.startMillivolts() == null) {
      return events;
    }
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof ChargeStarted started) {
        int ceiling = started.profile().cellCeilingMillivolts();
        String warning = balance.warning(ceiling);
        if (warning == null) {
          return events;
        }
        List<ChargeEvent> out = new ArrayList<>(events);
        out.add(
            i + 1,
            new org.chargebay.events.BalanceWarned(
                started.sessionId(),
                started.at(),
                balance.kind().name().toLowerCase(java.util.Locale.ROOT),
                balance.startMillivolts(),
                ceiling,
                warning));
        return List.copyOf(out);
      }
    }
    return events;
  }

  private List<ChargeEvent> decideCommand(ChargeCommand command, ChargeState state) {
    if (command instanceof StartCharge c) {
      return start(c, state);
    } else if (command instanceof StopCharge c) {
      return stop(c, state);
    } else if (command instanceof Observe c) {
      return observe(c, state);
    } else if (command instanceof AcknowledgeFault c) {
      return state.phase() == Phase.FAULT
          ? List.of(new FaultAcknowledged(sessionOf(state), c.now(), c.operator(), c.note()))
          : List.of();
    } else if (command instanceof RecoverAfterRestart c) {
      return recover(c, state);
    } else if (command instanceof ChargeCommand.SuspendForShutdown c) {
      return suspendForShutdown(c, state);
    } else if (command instanceof AdjustCeiling c) {
      return adjustCeiling(c, state);
    }
    throw new IllegalArgumentException("unhandled command " + command.getClass().getName());
  }

  @Override
  public ChargeState evolve(ChargeState state, ChargeEvent event) {
    ChargeState next = apply(state, event);
    Evidence ev = evidenceOf(event);
    if (ev != null && next.phase().inSession()) {
      next = next.withTotals(ev.chargedMilliampHours(), ev.chargedMilliwattHours());
    }
    return next.withVersion(state.version() + 1);
  }

  private static ChargeState apply(ChargeState state, ChargeEvent event) {
    if (event instanceof ChargeStarted e) {
      ChargeState.Rest rest = state.rest();
      ChargeState.Rest kept =
          rest != null && rest.topUpStarting()
              ? new ChargeState.Rest(null, rest.referenceMillivolts(), rest.topUps(), false)
              : null;
      return state
          .withSession(e.sessionId(), e.profile(), e.supply(), e.noBms())
          .withPhase(Phase.CC)
          .withFault(null)
          .withRest(kept)
          .withScheduled(null)
          .withRamp(null)
          .withBalanceUntil(null);
    } else if (event instanceof ChargePlanned e) {
      return state.withScheduled(
          e.waits() ? new ChargeState.Scheduled(e.sessionId(), e.profile(), e.startAt()) : null);
    } else if (event instanceof StartRefused e
        && state.scheduled() != null
        && state.scheduled().sessionId().equals(e.sessionId())) {
      return state.withScheduled(null);
    } else if (event instanceof ChargeStopped && !state.phase().inSession()) {
      return state.withScheduled(null); // a waiting start cancelled
    } else if (event instanceof BalanceHoldStarted e) {
      return state.withBalanceUntil(e.until());
    } else if (event instanceof RampDownStarted e) {
      return state.withRamp(
          new ChargeState.Ramp(e.stop(), e.by(), e.reason(), e.fromMilliamps(), e.steps(), 0));
    } else if (event instanceof BaySlept e) {
      return state.withRest(
          new ChargeState.Rest(e.wakeAt(), e.referenceMillivolts(), e.topUps(), false));
    } else if (event instanceof TopUpStarted e) {
      ChargeState.Rest rest = state.rest();
      return state.withRest(
          new ChargeState.Rest(
              null, rest == null ? 0 : rest.referenceMillivolts(), e.topUp(), true));
    } else if (event instanceof StartRefused
        || event instanceof org.chargebay.events.BalanceWarned
        || outsideBayStreams(event)) {
      return state;
    } else if (event instanceof PhaseChanged e) {
      return state.withPhase(e.to());
    } else if (event instanceof SetpointChanged e) {
      ChargeState.Ramp r = state.ramp();
      ChargeState next = state.withSetpoint(e.millivolts(), e.milliamps(), e.outputOn(), e.at());
      return r == null
          ? next
          : next.withRamp(
              new ChargeState.Ramp(
                  r.stop(), r.by(), r.reason(), r.fromMilliamps(), r.steps(), r.stepsDone() + 1));
    } else if (event instanceof CutOff e) {
      return state
          .withPhase(Phase.FAULT)
          .withOutputOff()
          .withFault(e.reason())
          .withRamp(null)
          .withBalanceUntil(null);
    } else if (event instanceof FaultLatched e) {
      return state
          .withPhase(Phase.FAULT)
          .withOutputOff()
          .withFault(e.reason())
          .withRamp(null)
          .withBalanceUntil(null);
    } else if (event instanceof FaultAcknowledged) {
      return state.withPhase(Phase.IDLE).withFault(null);
    } else if (event instanceof ChargeCompleted e) {
      return state
          .withPhase(Phase.COMPLETE)
          .withOutputOff()
          .withTotals(e.chargedMilliampHours(), e.chargedMilliwattHours())
          .withRamp(null)
          .withBalanceUntil(null);
    } else if (event instanceof ChargeStopped) {
      return state.withPhase(Phase.IDLE).withOutputOff().withRamp(null).withBalanceUntil(null);
    } else if (event instanceof ChargeSuspended) {
      return state.withPhase(Phase.SUSPENDED).withOutputOff();
    } else if (event instanceof ChargeResumed e) {
      return state.withPhase(e.phase());
    } else if (event instanceof CeilingAdjusted e) {
      ChargeProfile p = state.profile();
      if (p == null) {
        return state;
      }
      ChargeProfile adjusted =
          new ChargeProfile(
              p.chemistry(),
              p.cellCount(),
              e.toMillivolts(),
              p.chargeCurrentMilliamps(),
              p.taperCurrentMilliamps());
      ChargeState.CeilingLowered lowered =
          e.toMillivolts() < e.fromMillivolts()
              ? new ChargeState.CeilingLowered(e.at(), e.fromMillivolts())
              : state.ceilingLowered();
      return state.withCeiling(adjusted, lowered);
    }
    throw new IllegalArgumentException("unhandled event " + event.getClass().getName());
  }

  /**
   * Events of the configuration, pack and plan streams: they never appear in a bay's stream, and
   * change nothing of a bay's state if folded there by mistake.
   */
  private static boolean outsideBayStreams(ChargeEvent event) {
    return event instanceof BayConfigured
        || event instanceof BayRemoved
        || event instanceof PackIdentified
        || event instanceof ResistanceMeasured
        || event instanceof org.chargebay.events.PlanComputed
        || event instanceof org.chargebay.events.AllocationChanged
        || event instanceof org.chargebay.events.DepartureSet
        || event instanceof org.chargebay.events.CommandAudited;
  }

  private static @Nullable Evidence evidenceOf(ChargeEvent event) {
    if (event instanceof ChargeStarted e) {
      return e.evidence();
    } else if (event instanceof PhaseChanged e) {
      return e.evidence();
    } else if (event instanceof SetpointChanged e) {
      return e.evidence();
    } else if (event instanceof CutOff e) {
      return e.evidence();
    } else if (event instanceof ChargeSuspended e) {
      return e.evidence();
    } else if (event instanceof ChargeResumed e) {
      return e.evidence();
    } else if (event instanceof CeilingAdjusted e) {
      return e.evidence();
    } else if (event instanceof TopUpStarted e) {
      return e.evidence();
    } else if (event instanceof RampDownStarted e) {
      return e.evidence();
    } else if (event instanceof BalanceHoldStarted e) {
      return e.evidence();
    }
    return null;
  }

  // ---- start -------------------------------------------------------------------------------

  private List<ChargeEvent> start(StartCharge c, ChargeState state) {
    SupplyOnlyCharge dumb = supplyOnly;
    if (dumb != null) {
      return dumb.start(c, state);
    }
    Evidence ev = c.observation().evidence();
    ChargePlan plan = c.plan() == null || c.plan().empty() ? null : c.plan();
    ChargeProfile p = c.profile();
    Refusal refusal;
    if (state.phase() == Phase.FAULT) {
      refusal =
          new Refusal(
              RefusalReason.FAULT_LATCHED,
              "a fault is latched (" + state.fault() + "); acknowledge it first");
    } else if (state.phase().inSession()) {
      refusal =
          new Refusal(
              RefusalReason.ALREADY_CHARGING,
              "session " + state.sessionId() + " is open in phase " + state.phase());
    } else {
      refusal = profileProblem(p);
      if (refusal == null && plan != null) {
        String problem = plan.problem(c.now());
        if (problem == null && plan.targetSocPct() != null) {
          problem = targetProblem(p, plan.targetSocPct());
          p = atTarget(p, plan.targetSocPct());
        }
        refusal = problem == null ? null : new Refusal(RefusalReason.PLAN_NOT_POSSIBLE, problem);
      }
      if (refusal == null) {
        refusal = startProblem(c.observation(), p, c.supply());
      }
    }
    if (refusal != null) {
      return List.of(
          new StartRefused(c.sessionId(), c.now(), p, refusal.reason(), refusal.detail(), ev));
    }
    if (plan == null) {
      return startNow(c, p);
    }
    ChargePlanned planned = planned(c, p, plan);
    if (planned.waits()) {
      return List.of(planned);
    }
    List<ChargeEvent> out = new ArrayList<>();
    out.add(planned);
    out.addAll(startNow(c, p));
    return out;
  }

  /** The start's events once every check passed: current flows now. */
  private List<ChargeEvent> startNow(StartCharge c, ChargeProfile p) {
    Evidence ev = c.observation().evidence();
    Evidence.Bms bms = ev.bms();
    SupplyTerms terms = terms(c.supply(), p);
    Integer fixed = terms == null ? null : terms.fixedMillivolts();
    SupplyFacts facts = c.supply();
    if (fixed != null && facts != null) {
      // a fixed charger can only be switched: its own voltage and current (checked above), and
      // only while the site's allocation covers its whole current
      String heldOff = fixedHeldOff(c.observation(), facts.maxMilliamps());
      return List.of(
          new ChargeStarted(c.sessionId(), c.now(), p, ev, terms, c.by()),
          new SetpointChanged(
              c.sessionId(),
              c.now(),
              fixed,
              facts.maxMilliamps(),
              heldOff == null,
              heldOff == null ? "start: fixed charger switched on" : "start: " + heldOff,
              ev));
    }
    int target = steer(ev, p, bms.packMillivolts());
    int limit = currentLimit(c.observation(), p);
    return List.of(
        new ChargeStarted(c.sessionId(), c.now(), p, ev, terms, c.by()),
        new SetpointChanged(
            c.sessionId(),
            c.now(),
            target,
            limit,
            true,
            limit < p.chargeCurrentMilliamps()
                ? "start: " + limitCause(c.observation(), p)
                : "start",
            ev));
  }

  /**
   * The profile that stops at {@code targetSocPct}: its ceiling lowered to the target's resting
   * voltage on the chemistry's OCV curve. The session then charges CC/CV to that voltage and
   * completes on the taper: a cell held at its resting voltage for a state of charge until its
   * current has nearly stopped rests at that state of charge. A target whose resting voltage is at
   * or above the profile's ceiling leaves the profile as it is (the ceiling is the stricter limit).
   * The BMS's own state of charge decides nothing.
   */
  public static ChargeProfile atTarget(ChargeProfile p, int targetSocPct) {
    Optional<Chemistry> chemistry = Chemistries.of(p.chemistry());
    if (chemistry.isEmpty() || targetProblem(p, targetSocPct) != null) {
      return p;
    }
    int resting = chemistry.get().ocv().millivoltsAt(targetSocPct * 10);
    if (resting >= p.cellCeilingMillivolts()) {
      return p;
    }
    return new ChargeProfile(
        p.chemistry(),
        p.cellCount(),
        resting,
        p.chargeCurrentMilliamps(),
        p.taperCurrentMilliamps());
  }

  /**
   * Why this profile cannot stop at {@code targetSocPct}, naming the field, or null: the target's
   * resting voltage must be an allowed ceiling of the chemistry.
   */
  public static @Nullable String targetProblem(ChargeProfile p, int targetSocPct) {
    Optional<Chemistry> chemistry = Chemistries.of(p.chemistry());
    if (chemistry.isEmpty()) {
      return "targetSocPct: chemistry '" + p.chemistry() + "' has no OCV curve in this controller";
    }
    if (targetSocPct < ChargePlan.MIN_TARGET_SOC_PCT || targetSocPct > 100) {
      return "targetSocPct must be " + ChargePlan.MIN_TARGET_SOC_PCT + "..100, was " + targetSocPct;
    }
    int resting = chemistry.get().ocv().millivoltsAt(targetSocPct * 10);
    if (resting >= p.cellCeilingMillivolts()) {
      return null;
    }
    return chemistry
        .get()
        .ceilingProblem(resting)
        .map(
            why -> "targetSocPct " + targetSocPct + " %: its resting voltage is no ceiling: " + why)
        .orElse(null);
  }

  /**
   * The plan's record: when current starts (at once, at {@code startAt}, or at the latest time that
   * still finishes by {@code finishBy} on the estimated time to full), and the target.
   */
  private static ChargePlanned planned(StartCharge c, ChargeProfile p, ChargePlan plan) {
    Instant now = c.now();
    Chemistry chemistry = Chemistries.of(p.chemistry()).orElseThrow();
    Long estimate = TimeToFull.seconds(chemistry, p, c.observation());
    Instant startAt = null;
    List<String> cause = new ArrayList<>();
    if (plan.targetSocPct() != null) {
      cause.add(
          p.cellCeilingMillivolts() < c.profile().cellCeilingMillivolts()
              ? "stops at "
                  + plan.targetSocPct()
                  + " % state of charge: cell ceiling "
                  + p.cellCeilingMillivolts()
                  + " mV, its resting voltage on the "
                  + chemistry.name()
                  + " OCV curve, completing on the taper"
              : "target "
                  + plan.targetSocPct()
                  + " % is at or above the ceiling's "
                  + chemistry.ocv().socPermilleAt(p.cellCeilingMillivolts()) / 10
                  + " %: charges to the ceiling");
    }
    String estimated =
        estimate == null
            ? "time to full unknown (the BMS reports no capacity)"
            : "estimated " + minutes(estimate) + " to full with margin";
    Instant finishBy = plan.finishBy();
    if (plan.startAt() != null) {
      startAt = plan.startAt();
      cause.add("starts at " + startAt + "; " + estimated);
    } else if (finishBy != null) {
      Instant latest = estimate == null ? null : finishBy.minusSeconds(estimate);
      if (latest == null) {
        startAt = now;
        cause.add("finish by " + finishBy + ": " + estimated + ", so it starts at once");
      } else if (latest.isAfter(now)) {
        startAt = latest;
        cause.add("finish by " + finishBy + ": " + estimated + ", starting at " + latest);
      } else {
        startAt = now;
        cause.add(
            "finish by "
                + finishBy
                + ": "
                + estimated
                + ", more than the time left; starts at once");
      }
    }
    return new ChargePlanned(
        c.sessionId(),
        now,
        p,
        plan.targetSocPct(),
        startAt,
        finishBy,
        estimate,
        String.join("; ", cause),
        c.observation().evidence());
  }

  private static String minutes(long seconds) {
    long m = (seconds + 59) / 60;
    return m >= 60 ? (m / 60) + " h " + (m % 60) + " min" : m + " min";
  }

  /**
   * How the session will use the supply: with its OVP/OCP at the profile plus the bay's margins
   * (the hardware backstop), or, on a supply that has none and only when the operator accepted
   * that, without. Null when the supply was not known to the start (the runtime then sets OVP/OCP
   * at its margins, as before these terms were recorded).
   */
  static @Nullable SupplyTerms terms(@Nullable SupplyFacts f, ChargeProfile p) {
    if (f == null) {
      return null;
    }
    SupplyFacts caps = f;
    if (caps.hardwareProtection()) {
      int ovp = p.packCeilingMillivolts() + f.ovpMarginMillivolts();
      int ocp = p.chargeCurrentMilliamps() + f.ocpMarginMilliamps();
      return new SupplyTerms(
          caps.model(),
          true,
          ovp,
          ocp,
          caps.fixedMillivolts(),
          "hardware backstop: OVP "
              + ovp
              + " mV / OCP "
              + ocp
              + " mA (capabilities: "
              + caps.describe()
              + ")");
    }
    return new SupplyTerms(
        caps.model(),
        false,
        null,
        null,
        caps.fixedMillivolts(),
        "no hardware backstop (capabilities: "
            + caps.describe()
            + "; "
            + caps.notes()
            + "); accepted by "
            + f.acceptKey()
            + "=true: the safety supervisor and the BMS"
            + " charge MOSFET are the limits");
  }

  /**
   * The first reason this supply must not charge this profile, or null: a profile above what the
   * model can set (voltage, current, or its OVP/OCP with the margins), a fixed charger above the
   * pack ceiling plus the OVP margin or above the profile's current, or a supply without settable
   * OVP/OCP on a bay whose operator has not accepted that.
   */
  static @Nullable Refusal supplyProblem(SupplyFacts f, ChargeProfile p) {
    SupplyFacts caps = f;
    int ceiling = p.packCeilingMillivolts();
    int current = p.chargeCurrentMilliamps();
    String asked =
        " (profile: "
            + p.cellCount()
            + "S x "
            + p.cellCeilingMillivolts()
            + " mV = "
            + ceiling
            + " mV at "
            + current
            + " mA)";
    Integer fixed = caps.fixedMillivolts();
    if (fixed != null) {
      int limit = ceiling + f.ovpMarginMillivolts();
      if (fixed > limit) {
        return new Refusal(
            RefusalReason.FIXED_VOLTAGE_ABOVE_CEILING,
            caps.describe()
                + ": its "
                + fixed
                + " mV is above the pack ceiling "
                + ceiling
                + " mV + margin "
                + f.ovpMarginMillivolts()
                + " mV = "
                + limit
                + " mV, and a fixed charger cannot be turned down"
                + asked);
      }
      if (caps.maxMilliamps() > current) {
        return new Refusal(
            RefusalReason.SUPPLY_CANNOT_SERVE,
            caps.describe()
                + ": it delivers "
                + caps.maxMilliamps()
                + " mA, more than the profile's "
                + current
                + " mA, and a fixed charger cannot be turned down"
                + asked);
      }
    } else {
      Optional<String> why = caps.cannotServe(ceiling, current);
      if (why.isPresent()) {
        return new Refusal(RefusalReason.SUPPLY_CANNOT_SERVE, why.get() + asked);
      }
    }
    if (!caps.hardwareProtection() && !f.acceptNoHardwareLimits()) {
      return new Refusal(
          RefusalReason.NO_HARDWARE_LIMITS,
          caps.describe()
              + " ("
              + caps.notes()
              + "): safety layer 1, the supply's own OVP/OCP,"
              + " would be missing; to charge on it anyway, with the safety supervisor and the BMS"
              + " charge MOSFET as the limits, set "
              + f.acceptKey()
              + "=true");
    }
    return null;
  }

  /** The first reason not to put current into this pack, or null. */
  private @Nullable Refusal startProblem(
      Observation obs, ChargeProfile p, @Nullable SupplyFacts supplyFacts) {
    Evidence ev = obs.evidence();
    Evidence.Bms bms = ev.bms();
    Evidence.Supply supply = ev.supply();
    if (!obs.fresh() || bms == null || supply == null) {
      return new Refusal(
          RefusalReason.NO_TELEMETRY,
          "need fresh readings from both the BMS and the supply before any current flows"
              + (bms == null ? "; no BMS reading" : "")
              + (supply == null ? "; no supply reading" : ""));
    }
    if (supplyFacts != null) {
      Refusal problem = supplyProblem(supplyFacts, p);
      if (problem != null) {
        return problem;
      }
    }
    Refusal implausible = plausibility(bms, p);
    if (implausible != null) {
      return implausible;
    }
    Chemistry chemistry = chemistryOf(p);
    if (bms.cellMinMillivolts() < chemistry.cells().refuseBelowMillivolts()) {
      return new Refusal(
          RefusalReason.CELL_BELOW_MINIMUM,
          "lowest cell "
              + bms.cellMinMillivolts()
              + " mV is below the "
              + chemistry.name()
              + " minimum chargeable "
              + chemistry.cells().refuseBelowMillivolts()
              + " mV per cell (deeply discharged: check the pack before charging)");
    }
    String temperature = chemistry.temperatureProblem(obs.tempDeciCelsius());
    if (temperature != null) {
      return new Refusal(RefusalReason.TEMPERATURE_OUT_OF_WINDOW, temperature);
    }
    if (bms.cellMaxMillivolts()
        >= p.cellCeilingMillivolts() - settings.refuseAboveHeadroomMillivolts()) {
      return new Refusal(
          RefusalReason.ALREADY_FULL,
          "highest cell "
              + bms.cellMaxMillivolts()
              + " mV is already at the ceiling "
              + p.cellCeilingMillivolts()
              + " mV");
    }
    if (!bms.chargeFet()) {
      return new Refusal(
          RefusalReason.CHARGE_FET_OFF,
          "the BMS charge MOSFET is off; check the BMS before charging");
    }
    return null;
  }

  /**
   * The profile's own problem, or null: a chemistry without limits, or a ceiling its chemistry does
   * not allow.
   */
  static @Nullable Refusal profileProblem(ChargeProfile p) {
    Optional<Chemistry> chemistry = Chemistries.of(p.chemistry());
    if (chemistry.isEmpty()) {
      return new Refusal(
          RefusalReason.UNKNOWN_CHEMISTRY,
          "chemistry '"
              + p.chemistry()
              + "' has no limits in this controller; known: "
              + Chemistries.names());
    }
    Optional<String> ceiling = chemistry.get().ceilingProblem(p.cellCeilingMillivolts());
    return ceiling
        .map(why -> new Refusal(RefusalReason.CEILING_ABOVE_CHEMISTRY_MAX, why))
        .orElse(null);
  }

  /** The profile's chemistry; a profile that passed {@link #profileProblem} has one. */
  static Chemistry chemistryOf(ChargeProfile p) {
    return Chemistries.of(p.chemistry()).orElse(Chemistries.NMC);
  }

  /**
   * The current limit now: the profile's, derated for temperature, C/10 in pre-charge, and never
   * above the site's allocation when there is one.
   */
  private static int currentLimit(Observation obs, ChargeProfile p) {
    int own = ownCurrentLimit(obs, p);
    Integer site = obs.allocationMilliamps();
    return site == null ? own : Math.min(own, Math.max(0, site));
  }

  /**
   * True when the site's allocation, not the pack, keeps the current below the taper: the limit
   * commanded is below the taper current and the pack takes (about) all of it. A tapered current
   * then says nothing about the pack being full (at 0 mA the session waits for its slot).
   */
  static boolean siteHolds(Observation obs, ChargeState state, ChargeProfile p) {
    Integer site = obs.allocationMilliamps();
    if (site == null) {
      return false;
    }
    int limit = Math.min(Math.max(0, site), state.commandedMilliamps());
    if (limit >= p.taperCurrentMilliamps()) {
      return false;
    }
    List<Integer> recent = obs.recentCurrentMilliamps();
    int last = recent.isEmpty() ? 0 : recent.get(recent.size() - 1);
    return last >= limit - Math.max(MIN_CURRENT_STEP_MILLIAMPS, limit / 10);
  }

  /** The profile's current limit, derated for temperature, C/10 in pre-charge. */
  private static int ownCurrentLimit(Observation obs, ChargeProfile p) {
    Evidence.Bms bms = obs.evidence().bms();
    if (bms == null) {
      return p.chargeCurrentMilliamps();
    }
    return chemistryOf(p)
        .currentLimitMilliamps(
            p.chargeCurrentMilliamps(),
            obs.capacityMilliampHours(),
            obs.tempDeciCelsius(),
            bms.cellMinMillivolts());
  }

  /** Why the current is below the profile's, for the event's cause. */
  private static String limitCause(Observation obs, ChargeProfile p) {
    Integer site = obs.allocationMilliamps();
    if (site != null && site < ownCurrentLimit(obs, p)) {
      return site <= 0
          ? "site allocation 0 mA: waiting for its slot"
          : "site allocation " + site + " mA";
    }
    Chemistry chemistry = chemistryOf(p);
    Evidence.Bms bms = obs.evidence().bms();
    if (bms != null && bms.cellMinMillivolts() < chemistry.cells().preChargeBelowMillivolts()) {
      return "pre-charge at C/10: lowest cell "
          + bms.cellMinMillivolts()
          + " mV below "
          + chemistry.cells().preChargeBelowMillivolts()
          + " mV";
    }
    return "current derated for temperature " + obs.tempDeciCelsius() + " (deci-degC)";
  }

  /** The first implausible reading, or null. */
  private static @Nullable Refusal plausibility(Evidence.Bms bms, ChargeProfile p) {
    List<Integer> cells = bms.cellMillivolts();
    if (cells.size() != p.cellCount()) {
      return new Refusal(
          RefusalReason.CELL_COUNT_MISMATCH,
          "the BMS reports "
              + cells.size()
              + " cells but the profile is for "
              + p.cellCount()
              + " (wrong pack on the bay, or wrong profile)");
    }
    int sum = 0;
    for (int i = 0; i < cells.size(); i++) {
      int mv = cells.get(i);
      Chemistry.CellRange range = chemistryOf(p).cells();
      if (mv < range.minPlausibleMillivolts() || mv > range.maxPlausibleMillivolts()) {
        return new Refusal(
            RefusalReason.CELL_IMPLAUSIBLE,
            "cell " + (i + 1) + " reads " + mv + " mV (sense lead or board fault)");
      }
      sum += mv;
    }
    int tolerance = Math.max(500, bms.packMillivolts() / 50);
    if (Math.abs(sum - bms.packMillivolts()) > tolerance) {
      return new Refusal(
          RefusalReason.PACK_SUM_MISMATCH,
          "sum of cells "
              + sum
              + " mV differs from pack voltage "
              + bms.packMillivolts()
              + " mV by more than "
              + tolerance
              + " mV");
    }
    if (bms.packMillivolts() > p.packCeilingMillivolts()) {
      return new Refusal(
          RefusalReason.PACK_ABOVE_CEILING,
          "pack "
              + bms.packMillivolts()
              + " mV is above the profile's pack ceiling "
              + p.packCeilingMillivolts()
              + " mV");
    }
    return null;
  }

  // ---- stop, recover -------------------------------------------------------------------------

  private List<ChargeEvent> stop(StopCharge c, ChargeState state) {
    ChargeState.Scheduled waiting = state.scheduled();
    if (!state.phase().inSession() && waiting != null) {
      return List.of(
          new ChargeStopped(
              waiting.sessionId(),
              c.now(),
              c.by(),
              c.reason() + " (the start waiting for " + waiting.startAt() + " is cancelled)",
              c.observation().evidence()));
    }
    if (!state.phase().inSession()) {
      return List.of();
    }
    if (state.ramp() == null) {
      List<ChargeEvent> ramp =
          rampDown(c.now(), state, c.observation().evidence(), true, c.by(), c.reason());
      if (!ramp.isEmpty()) {
        return ramp;
      }
    }
    // no ramp (none configured, the output off, a fixed charger), or a stop during a ramp: at once
    return List.of(
        new ChargeStopped(
            sessionOf(state), c.now(), c.by(), c.reason(), c.observation().evidence()));
  }

  private List<ChargeEvent> recover(RecoverAfterRestart c, ChargeState state) {
    if (!state.phase().charging()) {
      return List.of();
    }
    return List.of(
        new ChargeSuspended(
            sessionOf(state),
            c.now(),
            state.phase(),
            "controller restarted: output held off until fresh telemetry passes the checks",
            c.observation().evidence()));
  }

  private List<ChargeEvent> suspendForShutdown(
      ChargeCommand.SuspendForShutdown c, ChargeState state) {
    if (!state.phase().charging()) {
      return List.of();
    }
    return List.of(
        new ChargeSuspended(
            sessionOf(state),
            c.now(),
            state.phase(),
            "controller stopping: output turned off; the session resumes when the controller"
                + " starts again and fresh telemetry passes the checks",
            c.observation().evidence()));
  }

  // ---- live ceiling --------------------------------------------------------------------------

  /**
   * Why this ceiling may not be set on this session, or null: it must suit the chemistry (not above
   * its maximum) and may be raised only up to the bay's configured ceiling.
   */
  public static @Nullable String ceilingAdjustProblem(
      ChargeProfile session, int cellCeilingMillivolts, int configuredMillivolts) {
    Optional<Chemistry> chemistry = Chemistries.of(session.chemistry());
    if (chemistry.isEmpty()) {
      return "chemistry '" + session.chemistry() + "' has no limits in this controller";
    }
    Optional<String> problem = chemistry.get().ceilingProblem(cellCeilingMillivolts);
    if (problem.isPresent()) {
      return problem.get();
    }
    if (cellCeilingMillivolts > configuredMillivolts) {
      return "cell ceiling "
          + cellCeilingMillivolts
          + " mV is above the bay's configured "
          + configuredMillivolts
          + " mV: a ceiling may be raised only up to the configured profile";
    }
    return null;
  }

  private List<ChargeEvent> adjustCeiling(AdjustCeiling c, ChargeState state) {
    ChargeProfile p = state.profile();
    if (p == null || !state.phase().inSession()) {
      return List.of();
    }
    if (ceilingAdjustProblem(p, c.cellCeilingMillivolts(), c.configuredMillivolts()) != null
        || c.cellCeilingMillivolts() == p.cellCeilingMillivolts()) {
      return List.of();
    }
    return List.of(
        new CeilingAdjusted(
            sessionOf(state),
            c.now(),
            p.cellCeilingMillivolts(),
            c.cellCeilingMillivolts(),
            c.by(),
            c.observation().evidence()));
  }

  // ---- observe -------------------------------------------------------------------------------

  private List<ChargeEvent> observe(Observe c, ChargeState state) {
    Evidence ev = c.observation().evidence();
    ChargeCommand.Trip trip = c.trip();
    if (trip != null) {
      if (state.phase() == Phase.FAULT) {
        if (trip.reason() == CutOffReason.BMS_REBOOTED
            && state.fault() == CutOffReason.BMS_DROPOUT) {
          // the BMS that dropped out came back restarted: recorded, the fault stays latched
          return List.of(
              new CutOff(
                  sessionOf(state), c.now(), trip.reason(), trip.detail(), trip.actions(), ev));
        }
        return List.of();
      }
      String session = sessionOf(state);
      return List.of(
          new CutOff(session, c.now(), trip.reason(), trip.detail(), trip.actions(), ev),
          new FaultLatched(session, c.now(), trip.reason(), trip.detail()));
    }
    SupplyOnlyCharge dumb = supplyOnly;
    if (dumb != null) {
      ChargeState.Ramp dumbRamp = state.ramp();
      if (dumbRamp != null) {
        // an operator's stop on a bay without a BMS ramps down as on one with a BMS (held by a
        // suspension meanwhile: the output is off already, the stop ends the session)
        return dumbRamp.stepsDone() >= dumbRamp.steps() || !state.phase().charging()
            ? rampEnd(c, state, dumbRamp)
            : List.of(rampStep(c.now(), state, dumbRamp, ev));
      }
      return dumb.observe(c, state);
    }
    ChargeProfile p = state.profile();
    if (p == null || !c.observation().fresh() || ev.bms() == null || ev.supply() == null) {
      return List.of();
    }
    return switch (state.phase()) {
      case SUSPENDED -> resume(c, state, p);
      case CC, CV -> regulate(c, state, p);
      case COMPLETE -> wake(c, state, p);
      default -> List.of();
    };
  }

  // ---- sleep and top-up ----------------------------------------------------------------------

  /** The session completed; with sleep settings, the bay goes to sleep at once. */
  private List<ChargeEvent> completed(Observe c, ChargeState state, Evidence ev) {
    String session = sessionOf(state);
    ChargeCompleted done =
        new ChargeCompleted(
            session, c.now(), ev.chargedMilliampHours(), ev.chargedMilliwattHours(), ev);
    SleepSettings sl = sleep;
    if (sl == null) {
      return List.of(done);
    }
    ChargeState.Rest rest = state.rest();
    int topUps = rest == null ? 0 : rest.topUps();
    return List.of(
        done,
        new BaySlept(
            session,
            c.now(),
            c.now().plus(sl.wakeEvery()),
            ev.bms().cellMaxMillivolts(),
            topUps,
            "charge completed: output off, BMS polled every "
                + sl.slowPoll().toSeconds()
                + " s, waking every "
                + sl.wakeEvery().toHours()
                + " h to top up after a drop of more than "
                + sl.topUpDropMillivolts()
                + " mV",
            Evidence.none()));
  }

  /**
   * A sleeping bay at its timer: a top-up if the highest cell dropped by more than the top-up drop
   * since completion (and top-ups are left), else back to sleep until the next timer.
   */
  private List<ChargeEvent> wake(Observe c, ChargeState state, ChargeProfile p) {
    SleepSettings sl = sleep;
    ChargeState.Rest rest = state.rest();
    if (sl == null || rest == null || rest.wakeAt() == null || c.now().isBefore(rest.wakeAt())) {
      return List.of();
    }
    Evidence ev = c.observation().evidence();
    String session = sessionOf(state);
    int drop = rest.referenceMillivolts() - ev.bms().cellMaxMillivolts();
    if (drop > sl.topUpDropMillivolts() && rest.topUps() < sl.maxTopUps()) {
      int n = rest.topUps() + 1;
      String topUpId = baseSession(session) + "-top-up-" + n;
      TopUpStarted topUp = new TopUpStarted(topUpId, c.now(), session, drop, n, ev);
      ChargeState starting = evolve(state, topUp);
      List<ChargeEvent> out = new ArrayList<>();
      out.add(topUp);
      out.addAll(start(new StartCharge(c.now(), topUpId, p, c.observation()), starting));
      return out;
    }
    String cause =
        drop > sl.topUpDropMillivolts()
            ? "woke: highest cell dropped "
                + drop
                + " mV but the "
                + sl.maxTopUps()
                + " top-ups of this plug-in are done; sleeping on"
            : "woke: highest cell dropped "
                + drop
                + " mV (top-up after more than "
                + sl.topUpDropMillivolts()
                + " mV); sleeping on";
    return List.of(
        new BaySlept(
            session,
            c.now(),
            c.now().plus(sl.wakeEvery()),
            rest.referenceMillivolts(),
            rest.topUps(),
            cause,
            ev));
  }

  /** The session a top-up belongs to: {@code s-1} for {@code s-1-top-up-2}. */
  private static String baseSession(String session) {
    int i = session.indexOf("-top-up-");
    return i < 0 ? session : session.substring(0, i);
  }

  private List<ChargeEvent> resume(Observe c, ChargeState state, ChargeProfile p) {
    Observation obs = c.observation();
    Evidence ev = obs.evidence();
    if (state.ramp() != null) {
      return rampEnd(c, state, state.ramp()); // it was ending when held: the output is off already
    }
    if (obs.recentCurrentMilliamps().size() < settings.resumeSamples()) {
      return List.of();
    }
    if (plausibility(ev.bms(), p) != null || !ev.bms().chargeFet()) {
      return List.of(); // stays held; the operator sees why on the status page
    }
    Integer fixed = fixedMillivolts(state);
    String session = sessionOf(state);
    if (fixed != null) {
      String heldOff = fixedHeldOff(obs, state.commandedMilliamps());
      return List.of(
          new ChargeResumed(session, c.now(), Phase.CC, ev),
          new SetpointChanged(
              session,
              c.now(),
              fixed,
              state.commandedMilliamps(),
              heldOff == null,
              heldOff == null ? "resume: fixed charger" : "resume: " + heldOff,
              ev));
    }
    int target = steer(ev, p, ev.bms().packMillivolts());
    return List.of(
        new ChargeResumed(session, c.now(), Phase.CC, ev),
        new SetpointChanged(session, c.now(), target, currentLimit(obs, p), true, "resume", ev));
  }

  private static @Nullable Integer fixedMillivolts(ChargeState state) {
    SupplyTerms terms = state.supply();
    return terms == null ? null : terms.fixedMillivolts();
  }

  /**
   * A fixed charger can only be switched. It is switched off (the session completes) when the
   * highest cell reaches the ceiling (within the CV entry headroom), or when, after current has
   * flowed ({@code CV} here means "delivering, watching for the taper"), the current tapers below
   * the profile's threshold (the charger's own CV end, below the ceiling).
   */
  private List<ChargeEvent> regulateFixed(
      Observe c, ChargeState state, ChargeProfile p, int fixed) {
    Observation obs = c.observation();
    Evidence ev = obs.evidence();
    String session = sessionOf(state);
    int headroom = p.cellCeilingMillivolts() - ev.bms().cellMaxMillivolts();
    if (headroom <= settings.cvEntryHeadroomMillivolts()) {
      return completed(c, state, ev);
    }
    String heldOff = fixedHeldOff(obs, state.commandedMilliamps());
    if (heldOff != null) {
      // the site's allocation is below what the charger delivers: off until it covers it; back to
      // CC, so that the current seen while off is never taken for a taper
      List<ChargeEvent> off = new ArrayList<>(2);
      if (state.phase() == Phase.CV) {
        off.add(new PhaseChanged(session, c.now(), Phase.CV, Phase.CC, heldOff, ev));
      }
      if (state.outputOn()) {
        off.add(
            new SetpointChanged(
                session, c.now(), fixed, state.commandedMilliamps(), false, heldOff, ev));
      }
      return off;
    }
    if (state.phase() == Phase.CV && tapered(obs, p)) {
      return completed(c, state, ev);
    }
    List<ChargeEvent> out = new ArrayList<>(2);
    if (state.phase() == Phase.CC && flowing(obs, p)) {
      out.add(
          new PhaseChanged(
              session,
              c.now(),
              Phase.CC,
              Phase.CV,
              "fixed charger delivering current: completes when it tapers below "
                  + p.taperCurrentMilliamps()
                  + " mA or the highest cell reaches the ceiling",
              ev));
    }
    if (!state.outputOn()) {
      out.add(
          new SetpointChanged(
              session,
              c.now(),
              fixed,
              state.commandedMilliamps(),
              true,
              obs.allocationMilliamps() != null
                  ? "fixed charger: on again, site allocation "
                      + obs.allocationMilliamps()
                      + " mA covers its current"
                  : "fixed charger: on again",
              ev));
    }
    return out;
  }

  /**
   * Why a fixed charger delivering {@code chargerMilliamps} must stay off now: the site's
   * allocation is below its current (it cannot be turned down, only switched); null when it may be
   * on.
   */
  private static @Nullable String fixedHeldOff(Observation obs, int chargerMilliamps) {
    Integer site = obs.allocationMilliamps();
    if (site == null || site >= chargerMilliamps) {
      return null;
    }
    return "fixed charger held off: site allocation "
        + Math.max(0, site)
        + " mA is below its "
        + chargerMilliamps
        + " mA";
  }

  /** The last taper-window samples all at or above the taper current. */
  private boolean flowing(Observation obs, ChargeProfile p) {
    return lastWindowAll(obs, milliamps -> milliamps >= p.taperCurrentMilliamps());
  }

  private List<ChargeEvent> regulate(Observe c, ChargeState state, ChargeProfile p) {
    Integer fixed = fixedMillivolts(state);
    if (fixed != null) {
      return regulateFixed(c, state, p, fixed);
    }
    Observation obs = c.observation();
    Evidence ev = obs.evidence();
    Evidence.Bms bms = ev.bms();
    Evidence.Supply supply = ev.supply();
    String session = sessionOf(state);
    int headroom = p.cellCeilingMillivolts() - bms.cellMaxMillivolts();
    List<ChargeEvent> out = new ArrayList<>(2);
    ChargeState.Ramp ramp = state.ramp();
    if (ramp != null) {
      return ramp.stepsDone() >= ramp.steps()
          ? rampEnd(c, state, ramp)
          : List.of(rampStep(c.now(), state, ramp, ev));
    }

    Instant holdUntil = state.balanceUntil();
    int delta = bms.cellMaxMillivolts() - bms.cellMinMillivolts();
    if (state.phase() == Phase.CV && holdUntil != null && !c.now().isBefore(holdUntil)) {
      return end(c, state, ev, "balance hold timed out with the cells " + delta + " mV apart");
    }
    if (state.phase() == Phase.CV
        && tapered(obs, p)
        && headroom <= settings.completionHeadroomMillivolts()
        && !siteHolds(obs, state, p)) {
      String tapered = "current tapered below " + p.taperCurrentMilliamps() + " mA at the ceiling";
      BalanceSettings balance = settings.balance();
      if (balance == null
          || balance.kind() != BalanceSettings.Balancer.ACTIVE
          || delta <= BalanceSettings.BALANCED_MILLIVOLTS) {
        return end(
            c,
            state,
            ev,
            holdUntil == null
                ? tapered
                : "balanced: the cells within " + delta + " mV after the balance hold");
      }
      if (holdUntil == null) {
        Instant until = c.now().plus(balance.holdTimeout());
        return List.of(
            new BalanceHoldStarted(
                session,
                c.now(),
                delta,
                BalanceSettings.BALANCED_MILLIVOLTS,
                until,
                tapered
                    + " with the cells "
                    + delta
                    + " mV apart: holding CV at the ceiling for the active balancer until they"
                    + " are within "
                    + BalanceSettings.BALANCED_MILLIVOLTS
                    + " mV, at the latest "
                    + until,
                ev));
      }
      // holding: the highest cell stays steered at the ceiling while the balancer works
    }
    Phase phase = state.phase();
    if (phase == Phase.CC
        && (headroom <= settings.cvEntryHeadroomMillivolts()
            || (supply.outputOn() && "CV".equals(supply.mode()) && supply.outMilliamps() > 0))) {
      out.add(
          new PhaseChanged(
              session,
              c.now(),
              Phase.CC,
              Phase.CV,
              headroom <= settings.cvEntryHeadroomMillivolts()
                  ? "highest cell within " + settings.cvEntryHeadroomMillivolts() + " mV of ceiling"
                  : "supply entered CV",
              ev));
      phase = Phase.CV;
    }
    int base = supply.outputOn() ? supply.outMillivolts() : bms.packMillivolts();
    int target = steer(ev, p, base);
    int current = state.commandedMillivolts();
    int deadband =
        phase == Phase.CC ? settings.ccDeadbandMillivolts() : settings.cvDeadbandMillivolts();
    boolean raise = target - current >= deadband;
    boolean lower =
        current - target >= deadband
            || (headroom < 0 && current - target >= settings.supplyStepMillivolts());
    boolean outputLost = !state.outputOn();
    int limit = currentLimit(obs, p);
    boolean limitMoved =
        Math.abs(limit - state.commandedMilliamps())
                >= Math.max(MIN_CURRENT_STEP_MILLIAMPS, state.commandedMilliamps() / 20)
            || (obs.allocationMilliamps() != null && limit < state.commandedMilliamps());
    if (raise || lower || outputLost || limitMoved) {
      out.add(
          new SetpointChanged(
              session,
              c.now(),
              raise || lower || outputLost ? target : current,
              limit,
              true,
              lower && headroom < 0
                  ? "highest cell above ceiling"
                  : limitMoved
                      ? (limit < p.chargeCurrentMilliamps()
                          ? limitCause(obs, p)
                          : "current back to the profile's " + p.chargeCurrentMilliamps() + " mA")
                      : "steer highest cell to ceiling",
              ev));
    }
    return out;
  }

  // ---- ramp-down -----------------------------------------------------------------------------

  /** A normal end: ramped down first when the bay ramps, else complete at once. */
  private List<ChargeEvent> end(Observe c, ChargeState state, Evidence ev, String reason) {
    List<ChargeEvent> rampDown = rampDown(c.now(), state, ev, false, null, reason);
    return rampDown.isEmpty() ? completed(c, state, ev) : rampDown;
  }

  /**
   * A normal end's ramp-down: {@code RampDownStarted} and its first step, or nothing when the end
   * is to be at once (no ramp configured, the output off, a fixed charger that can only be
   * switched, no current flowing). The current steps from the lower of the setpoint and the
   * measured current down in equal steps ({@code from x (n - k + 1) / (n + 1)} at step k of n), one
   * per poll, the voltage setpoint kept (a lower current only lowers the cells), then the output
   * opens.
   */
  private List<ChargeEvent> rampDown(
      Instant now,
      ChargeState state,
      Evidence ev,
      boolean stop,
      @Nullable String by,
      String reason) {
    int steps = settings.rampDownSteps();
    if (steps == 0
        || !state.outputOn()
        || !state.phase().charging()
        || fixedMillivolts(state) != null) {
      return List.of();
    }
    int measured = ev.bms() == null ? state.commandedMilliamps() : ev.bms().currentMilliamps();
    int from = Math.min(state.commandedMilliamps(), measured);
    if (from <= steps + 1) {
      return List.of(); // nothing (worth ramping) flows
    }
    RampDownStarted started =
        new RampDownStarted(sessionOf(state), now, stop, by, reason, from, steps, ev);
    ChargeState ramping = evolve(state, started);
    return List.of(started, rampStep(now, ramping, ramping.ramp(), ev));
  }

  private SetpointChanged rampStep(
      Instant now, ChargeState state, ChargeState.Ramp ramp, Evidence ev) {
    int k = ramp.stepsDone() + 1;
    int milliamps =
        Math.max(
            1, (int) ((long) ramp.fromMilliamps() * (ramp.steps() - k + 1) / (ramp.steps() + 1)));
    return new SetpointChanged(
        sessionOf(state),
        now,
        state.commandedMillivolts(),
        milliamps,
        true,
        "ramp-down " + k + "/" + ramp.steps() + " before the output opens: " + ramp.reason(),
        ev);
  }

  /** The ramp is done (or was cut short by a restart): the output opens, the session ends. */
  private List<ChargeEvent> rampEnd(Observe c, ChargeState state, ChargeState.Ramp ramp) {
    Evidence ev = c.observation().evidence();
    if (ramp.stop()) {
      return List.of(
          new ChargeStopped(
              sessionOf(state), c.now(), String.valueOf(ramp.by()), ramp.reason(), ev));
    }
    return completed(c, state, ev);
  }

  /** The last taper-window samples all below the taper current. */
  private boolean tapered(Observation obs, ChargeProfile p) {
    return lastWindowAll(obs, milliamps -> milliamps < p.taperCurrentMilliamps());
  }

  /** True if the window is full and its last taper-window current samples all pass {@code test}. */
  private boolean lastWindowAll(Observation obs, IntPredicate test) {
    List<Integer> window = obs.recentCurrentMilliamps();
    if (window.size() < settings.taperSamples()) {
      return false;
    }
    for (int i = window.size() - settings.taperSamples(); i < window.size(); i++) {
      if (!test.test(window.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The voltage setpoint: base + gain x headroom of the highest cell, clamped to the pack ceiling
   * and to zero, rounded down to the supply's step.
   */
  private int steer(Evidence ev, ChargeProfile p, int base) {
    int headroom = p.cellCeilingMillivolts() - ev.bms().cellMaxMillivolts();
    long gainPercent = (long) p.cellCount() * settings.steerGainPercentOfCells();
    long target = base + gainPercent * headroom / 100;
    target = Math.min(target, p.packCeilingMillivolts());
    target = Math.max(0, target);
    int step = settings.supplyStepMillivolts();
    return (int) (target / step * step);
  }

  /** Why a start is refused, for the operator. */
  record Refusal(RefusalReason reason, String detail) {}

  private static String sessionOf(ChargeState state) {
    return state.sessionId() == null ? "none" : state.sessionId();
  }
}
