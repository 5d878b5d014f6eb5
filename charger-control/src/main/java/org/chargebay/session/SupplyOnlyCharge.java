package org.chargebay.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.Evidence;
import org.chargebay.events.NoBmsTerms;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RefusalReason;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.SupplyTerms;
import org.chargebay.session.ChargeCommand.Observe;
import org.chargebay.session.ChargeCommand.StartCharge;
import org.chargebay.session.ChargeDecider.Refusal;
import org.jspecify.annotations.Nullable;

/**
 * The decider's rules for a pack without a smart BMS ({@link NoBmsSettings}): nothing sees the
 * cells, so the supply is held at a pack ceiling of series count x (cell ceiling - headroom) and
 * the current limit, and its own CC/CV regulation charges the pack. The supply's readings stand in
 * for the BMS's: its output voltage (the pack's, with the output off) for the start checks, its
 * current for the taper. A session completes when the supply's current stays below the taper
 * current in CV near the pack ceiling, and stops at the latest after the maximum charge time. Pure,
 * like the decider it belongs to.
 */
final class SupplyOnlyCharge {
  private final DeciderSettings settings;
  private final NoBmsSettings noBms;

  SupplyOnlyCharge(DeciderSettings settings, NoBmsSettings noBms) {
    this.settings = settings;
    this.noBms = noBms;
  }

  /** The profile as the supply sees it: the cell ceiling lowered by the headroom. */
  private ChargeProfile supplyProfile(ChargeProfile p) {
    return new ChargeProfile(
        p.chemistry(),
        p.cellCount(),
        p.cellCeilingMillivolts() - noBms.cellHeadroomMillivolts(),
        p.chargeCurrentMilliamps(),
        p.taperCurrentMilliamps());
  }

  List<ChargeEvent> start(StartCharge c, ChargeState state) {
    ChargeProfile p = c.profile();
    Evidence ev = c.observation().evidence();
    Refusal refusal = refusal(c, state);
    if (refusal != null) {
      return List.of(
          new StartRefused(c.sessionId(), c.now(), p, refusal.reason(), refusal.detail(), ev));
    }
    SupplyFacts facts = java.util.Objects.requireNonNull(c.supply(), "checked by refusal");
    int packCeiling = noBms.packCeilingMillivolts(p);
    SupplyTerms terms = ChargeDecider.terms(facts, supplyProfile(p));
    long maxSeconds = noBms.maxChargeTime().toSeconds();
    int packMv = packMillivolts(ev);
    NoBmsTerms noBmsTerms =
        new NoBmsTerms(
            packCeiling,
            maxSeconds,
            c.now().plusSeconds(maxSeconds),
            "no BMS (bms.family=none): supply only, pack ceiling "
                + p.cellCount()
                + " x ("
                + p.cellCeilingMillivolts()
                + " - "
                + noBms.cellHeadroomMillivolts()
                + ") mV = "
                + packCeiling
                + " mV, ends on the taper below "
                + p.taperCurrentMilliamps()
                + " mA or after "
                + describe(noBms.maxChargeTime())
                + "; pack "
                + (packMv > 0
                    ? packMv + " mV at the start"
                    : "voltage not measurable with the output off")
                + "; no cell is seen: the supervisor judges the supply's side");
    int limit = limit(c.observation(), p);
    return List.of(
        new ChargeStarted(c.sessionId(), c.now(), p, ev, terms, noBmsTerms),
        new SetpointChanged(
            c.sessionId(),
            c.now(),
            packCeiling,
            limit,
            true,
            siteLimits(c.observation(), p)
                ? "start without BMS: " + siteCause(c.observation())
                : limit < p.chargeCurrentMilliamps()
                    ? "start without BMS: pre-charge at C/10 (pack average below the chemistry's"
                        + " pre-charge threshold)"
                    : "start without BMS: supply held at the pack ceiling",
            ev));
  }

  private @Nullable Refusal refusal(StartCharge c, ChargeState state) {
    ChargeProfile p = c.profile();
    if (state.phase() == Phase.FAULT) {
      return new Refusal(
          RefusalReason.FAULT_LATCHED,
          "a fault is latched (" + state.fault() + "); acknowledge it first");
    }
    if (state.phase().inSession()) {
      return new Refusal(
          RefusalReason.ALREADY_CHARGING,
          "session " + state.sessionId() + " is open in phase " + state.phase());
    }
    Refusal profile = ChargeDecider.profileProblem(p);
    if (profile != null) {
      return profile;
    }
    Evidence.Supply supply = c.observation().evidence().supply();
    SupplyFacts facts = c.supply();
    if (!c.observation().fresh() || supply == null || facts == null) {
      return new Refusal(
          RefusalReason.NO_TELEMETRY,
          "need a fresh reading from an identified supply before any current flows (no BMS on"
              + " this bay: the supply is the only eye)"
              + (supply == null ? "; no supply reading" : "")
              + (facts == null ? "; supply not identified yet" : ""));
    }
    if (facts.fixedMillivolts() != null) {
      return new Refusal(
          RefusalReason.SUPPLY_CANNOT_SERVE,
          facts.describe()
              + ": a fixed charger cannot be held at a pack ceiling, and without a BMS nothing"
              + " would see the cells reach theirs");
    }
    Refusal cannot = ChargeDecider.supplyProblem(facts, supplyProfile(p));
    if (cannot != null) {
      return cannot;
    }
    if (!facts.hardwareProtection()) {
      return new Refusal(
          RefusalReason.NO_HARDWARE_LIMITS,
          facts.describe()
              + ": without a BMS the supply's own OVP/OCP is required (there is no charge MOSFET"
              + " to open); "
              + facts.acceptKey()
              + " does not waive it for a bay without a BMS");
    }
    int packMv = packMillivolts(c.observation().evidence());
    if (packMv <= 0) {
      return null; // the supply cannot see the pack with its output off: nothing to check
    }
    Chemistry chemistry = ChargeDecider.chemistryOf(p);
    int packCeiling = noBms.packCeilingMillivolts(p);
    if (packMv > p.packCeilingMillivolts()) {
      return new Refusal(
          RefusalReason.PACK_ABOVE_CEILING,
          "pack "
              + packMv
              + " mV (the supply's output, off) is above the profile's pack ceiling "
              + p.packCeilingMillivolts()
              + " mV: wrong pack on the bay, or wrong profile");
    }
    if (packMv >= packCeiling - p.cellCount() * settings.refuseAboveHeadroomMillivolts()) {
      return new Refusal(
          RefusalReason.ALREADY_FULL,
          "pack " + packMv + " mV is already at the pack ceiling " + packCeiling + " mV (no BMS)");
    }
    int minimum = p.cellCount() * chemistry.cells().refuseBelowMillivolts();
    if (packMv < minimum) {
      return new Refusal(
          RefusalReason.CELL_BELOW_MINIMUM,
          "pack "
              + packMv
              + " mV is below "
              + p.cellCount()
              + " x the "
              + chemistry.name()
              + " minimum chargeable "
              + chemistry.cells().refuseBelowMillivolts()
              + " mV = "
              + minimum
              + " mV (deeply discharged, or fewer cells than the profile: check the pack)");
    }
    return null;
  }

  /** The pack's voltage as the supply measures it with its output off, 0 if not measurable. */
  private static int packMillivolts(Evidence ev) {
    Evidence.Supply s = ev.supply();
    return s == null || s.outputOn() ? 0 : Math.max(0, s.outMillivolts());
  }

  /** The profile's current, C/10 while the pack's average cell is below the pre-charge level. */
  private static int currentLimit(Evidence ev, ChargeProfile p) {
    Evidence.Supply s = ev.supply();
    if (s == null || s.outMillivolts() <= 0) {
      return p.chargeCurrentMilliamps();
    }
    return ChargeDecider.chemistryOf(p)
        .currentLimitMilliamps(
            p.chargeCurrentMilliamps(), 0, List.of(), s.outMillivolts() / p.cellCount());
  }

  /** The current limit now: the profile's (C/10 in pre-charge), never above the site's. */
  private static int limit(Observation obs, ChargeProfile p) {
    int own = currentLimit(obs.evidence(), p);
    Integer site = obs.allocationMilliamps();
    return site == null ? own : Math.min(own, Math.max(0, site));
  }

  /** True when the site's allocation, not the pack, sets the current limit now. */
  private static boolean siteLimits(Observation obs, ChargeProfile p) {
    Integer site = obs.allocationMilliamps();
    return site != null && site < currentLimit(obs.evidence(), p);
  }

  private static String siteCause(Observation obs) {
    Integer site = java.util.Objects.requireNonNull(obs.allocationMilliamps());
    return site <= 0
        ? "site allocation 0 mA: waiting for its slot"
        : "site allocation " + site + " mA";
  }

  List<ChargeEvent> observe(Observe c, ChargeState state) {
    ChargeProfile p = state.profile();
    NoBmsTerms terms = state.noBms();
    Observation obs = c.observation();
    Evidence ev = obs.evidence();
    if (p == null || terms == null || !obs.fresh() || ev.supply() == null) {
      return List.of();
    }
    boolean open = state.phase() == Phase.SUSPENDED || state.phase().charging();
    // time held at 0 mA by the site (waiting for a planned slot) is not charging time
    Instant until = terms.chargeUntil().plusMillis(state.heldMillisAt(c.now()));
    if (open && !c.now().isBefore(until)) {
      return List.of(
          new ChargeStopped(
              sessionOf(state),
              c.now(),
              "controller",
              "maximum charge time of "
                  + describe(Duration.ofSeconds(terms.maxChargeSeconds()))
                  + " reached without the current tapering below "
                  + p.taperCurrentMilliamps()
                  + " mA (no BMS: the charge must end on time)",
              ev));
    }
    return switch (state.phase()) {
      case SUSPENDED -> resume(c, state, p, terms);
      case CC, CV -> regulate(c, state, p, terms);
      default -> List.of();
    };
  }

  private List<ChargeEvent> resume(Observe c, ChargeState state, ChargeProfile p, NoBmsTerms t) {
    Observation obs = c.observation();
    if (obs.recentCurrentMilliamps().size() < settings.resumeSamples()) {
      return List.of();
    }
    Evidence ev = obs.evidence();
    String session = sessionOf(state);
    return List.of(
        new ChargeResumed(session, c.now(), Phase.CC, ev),
        new SetpointChanged(
            session,
            c.now(),
            packCeiling(p, t),
            limit(obs, p),
            true,
            siteLimits(obs, p) ? "resume without BMS: " + siteCause(obs) : "resume without BMS",
            ev));
  }

  private List<ChargeEvent> regulate(Observe c, ChargeState state, ChargeProfile p, NoBmsTerms t) {
    Observation obs = c.observation();
    Evidence ev = obs.evidence();
    Evidence.Supply supply = java.util.Objects.requireNonNull(ev.supply());
    String session = sessionOf(state);
    int ceiling = packCeiling(p, t);
    int headroom = supply.outputOn() ? ceiling - supply.outMillivolts() : Integer.MAX_VALUE;
    if (state.phase() == Phase.CV
        && tapered(obs, p)
        && !ChargeDecider.siteHolds(obs, state, p)
        && headroom <= p.cellCount() * settings.completionHeadroomMillivolts()) {
      return List.of(
          new ChargeCompleted(
              session, c.now(), ev.chargedMilliampHours(), ev.chargedMilliwattHours(), ev));
    }
    List<ChargeEvent> out = new ArrayList<>(2);
    if (state.phase() == Phase.CC
        && supply.outputOn()
        && (headroom <= p.cellCount() * settings.cvEntryHeadroomMillivolts()
            || ("CV".equals(supply.mode()) && supply.outMilliamps() > 0))) {
      out.add(
          new PhaseChanged(
              session,
              c.now(),
              Phase.CC,
              Phase.CV,
              "pack within "
                  + Math.max(0, headroom)
                  + " mV of the pack ceiling "
                  + ceiling
                  + " mV (no BMS: the supply's CV holds it)",
              ev));
    }
    int limit = limit(obs, p);
    boolean limitMoved =
        Math.abs(limit - state.commandedMilliamps())
                >= Math.max(50, state.commandedMilliamps() / 20)
            || (obs.allocationMilliamps() != null && limit < state.commandedMilliamps());
    if (!state.outputOn() || state.commandedMillivolts() != ceiling || limitMoved) {
      out.add(
          new SetpointChanged(
              session,
              c.now(),
              ceiling,
              limit,
              true,
              limitMoved
                  ? (siteLimits(obs, p)
                      ? siteCause(obs) + " (no BMS)"
                      : limit < p.chargeCurrentMilliamps()
                          ? "pre-charge at C/10 (no BMS: pack average below the pre-charge level)"
                          : "current back to the profile's " + p.chargeCurrentMilliamps() + " mA")
                  : "supply held at the pack ceiling (no BMS)",
              ev));
    }
    return out;
  }

  /**
   * The pack ceiling now: the session's, or lower after its cell ceiling was lowered live (a raise
   * never goes above what the session started with, which the supervisor also holds it to).
   */
  private int packCeiling(ChargeProfile session, NoBmsTerms t) {
    return Math.min(t.packCeilingMillivolts(), noBms.packCeilingMillivolts(session));
  }

  /** The last taper-window supply currents all below the taper current. */
  private boolean tapered(Observation obs, ChargeProfile p) {
    List<Integer> window = obs.recentCurrentMilliamps();
    if (window.size() < settings.taperSamples()) {
      return false;
    }
    for (int i = window.size() - settings.taperSamples(); i < window.size(); i++) {
      if (window.get(i) >= p.taperCurrentMilliamps()) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Duration d) {
    long minutes = d.toMinutes();
    return minutes % 60 == 0 ? minutes / 60 + " h" : minutes + " min";
  }

  private static String sessionOf(ChargeState state) {
    return state.sessionId() == null ? "none" : state.sessionId();
  }
}
