package org.chargebay.bay;

import java.util.List;
import org.chargebay.bms.BmsSnapshot;
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
import org.chargebay.events.FaultAcknowledged;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.PackIdentified;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RampDownStarted;
import org.chargebay.events.ResistanceMeasured;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.SupplyTerms;
import org.chargebay.events.TopUpStarted;
import org.chargebay.safety.SafetyVerdict;
import org.chargebay.session.ChargeState;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * The safety-relevant mapping from what was decided to what the devices are told: pure, so that
 * every rule is tested without a device. The I/O shell ({@link BayRuntime}) executes the commands
 * in order and reports each outcome; it decides nothing itself.
 */
public final class Effects {
  private Effects() {}

  /**
   * What a recorded event makes the devices do. Executed after the event is durable, in order; a
   * command whose {@link DeviceCommand#cutOffWhenFailed()} is set cuts the session off when it
   * fails, and the events after it are not acted on.
   *
   * <ul>
   *   <li>{@code ChargeStarted}: the supply's OVP/OCP as the session's terms say (or, for a start
   *       decided without supply terms, at the profile plus the bay's margins); nothing on a supply
   *       accepted without settable OVP/OCP.
   *   <li>{@code SetpointChanged}: the setpoint.
   *   <li>{@code ChargeCompleted}, {@code ChargeStopped}, {@code ChargeSuspended}: output off
   *       ({@code BaySlept} follows a completion: the output is already off).
   *   <li>{@code FaultAcknowledged}: the charge MOSFET on again (the cut-off opened it).
   *   <li>{@code CutOff}, {@code FaultLatched}: nothing: a cut-off acts before it is recorded
   *       ({@link #cutOff()}).
   *   <li>everything else: nothing.
   * </ul>
   */
  public static List<DeviceCommand> of(ChargeEvent event, BaySettings settings) {
    if (event instanceof ChargeStarted e) {
      SupplyTerms terms = e.supply();
      if (terms == null) {
        ChargeProfile p = e.profile();
        return List.of(
            new DeviceCommand.SetProtection(
                p.packCeilingMillivolts() + settings.hardwareVoltageMarginMillivolts(),
                p.chargeCurrentMilliamps() + settings.hardwareCurrentMarginMilliamps()));
      }
      if (terms.hardwareBackstop()) {
        return List.of(
            new DeviceCommand.SetProtection(
                requireValue(terms.ovpMillivolts(), "OVP"),
                requireValue(terms.ocpMilliamps(), "OCP")));
      }
      return List.of();
    } else if (event instanceof SetpointChanged e) {
      return List.of(
          new DeviceCommand.Apply(new SupplySetpoint(e.millivolts(), e.milliamps(), e.outputOn())));
    } else if (event instanceof ChargeCompleted
        || event instanceof ChargeStopped
        || event instanceof ChargeSuspended) {
      return List.of(new DeviceCommand.OutputOff());
    } else if (event instanceof FaultAcknowledged) {
      return settings.hasBms() ? List.of(new DeviceCommand.ChargeFet(true)) : List.of();
    } else if (event instanceof CutOff
        || event instanceof FaultLatched
        || event instanceof StartRefused
        || event instanceof PhaseChanged
        || event instanceof ChargeResumed
        || event instanceof BayConfigured
        || event instanceof BayRemoved
        || event instanceof PackIdentified
        || event instanceof ResistanceMeasured
        || event instanceof org.chargebay.events.CommandAudited
        || event instanceof CeilingAdjusted
        || event instanceof BaySlept
        || event instanceof TopUpStarted
        || event instanceof org.chargebay.events.PlanComputed
        || event instanceof org.chargebay.events.AllocationChanged
        || event instanceof org.chargebay.events.DepartureSet
        || event instanceof ChargePlanned
        || event instanceof RampDownStarted
        || event instanceof BalanceHoldStarted
        || event instanceof org.chargebay.events.BalanceWarned) {
      return List.of();
    }
    throw new IllegalArgumentException("unhandled event " + event.getClass().getName());
  }

  /**
   * A safety cut-off: both paths, the supply's output and the BMS charge MOSFET, each attempted
   * whatever happened to the other, supply first.
   */
  public static List<DeviceCommand> cutOff() {
    return List.of(new DeviceCommand.OutputOff(), new DeviceCommand.ChargeFet(false));
  }

  /**
   * The cut-off of a bay as configured: both paths ({@link #cutOff()}), or on a bay without a BMS
   * the supply's output alone (its BMS path is {@link #NO_BMS_PATH}).
   */
  public static List<DeviceCommand> cutOff(BaySettings settings) {
    return settings.hasBms() ? cutOff() : List.of(new DeviceCommand.OutputOff());
  }

  /** What a cut-off's evidence says of the BMS path on a bay without a BMS. */
  public static final String NO_BMS_PATH =
      "bms-charge-fet-off: not available: no BMS on this bay (bms.family=none)";

  /**
   * At start-up, for a bay whose stream shows a session: the output off before anything else (the
   * controller cannot know what happened while it was down).
   */
  public static List<DeviceCommand> atStartUp(ChargeState state) {
    return state.phase().inSession() ? List.of(new DeviceCommand.OutputOff()) : List.of();
  }

  /**
   * While a fault is latched, the charge MOSFET stays open: a BMS that closed it again (reboot,
   * firmware glitch) is told to open it.
   */
  public static List<DeviceCommand> whileFaulted(ChargeState state, @Nullable BmsSnapshot bms) {
    if (state.phase() == Phase.FAULT && bms != null && bms.chargeFet()) {
      return List.of(new DeviceCommand.ChargeFet(false));
    }
    return List.of();
  }

  /**
   * The line an operator reads in the log for this event, or null: refused starts, and sessions
   * that run without the supply's own OVP/OCP.
   */
  public static @Nullable String notice(ChargeEvent event) {
    if (event instanceof StartRefused e) {
      return "start of session " + e.sessionId() + " refused: " + e.reason() + ": " + e.detail();
    }
    if (event instanceof ChargeStarted e && e.supply() != null && !e.supply().hardwareBackstop()) {
      return "session " + e.sessionId() + " runs WITHOUT safety layer 1: " + e.supply().detail();
    }
    return null;
  }

  /**
   * After the watchdog cut a bay, its loop (when it runs again) may only turn things off: an
   * output-off, a charge-MOSFET-off, or a setpoint with the output off.
   */
  public static boolean allowedAfterWatchdogCut(DeviceCommand command) {
    if (command instanceof DeviceCommand.OutputOff) {
      return true;
    } else if (command instanceof DeviceCommand.ChargeFet f) {
      return !f.on();
    } else if (command instanceof DeviceCommand.Apply a) {
      return !a.setpoint().outputOn();
    }
    return false;
  }

  /** The event vocabulary's name for a supervisor verdict (the names are the same). */
  public static CutOffReason reasonOf(SafetyVerdict.Reason reason) {
    return CutOffReason.valueOf(reason.name());
  }

  private static int requireValue(@Nullable Integer value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(
          "session terms claim a hardware backstop without its " + what);
    }
    return value;
  }
}
