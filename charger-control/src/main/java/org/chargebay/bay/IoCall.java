package org.chargebay.bay;

import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeProfile;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * One exchange of a bay's loop with the outside world, with its outcome: a device call or an
 * operator command taken from the inbox. A tick's calls, in order, are everything the pure part
 * of the loop (supervisor, decider) saw, so replaying them re-runs the same decisions.
 *
 * @param kind what was called
 * @param bms the snapshot a successful {@link Kind#BMS_READ} returned
 * @param supply the reading a successful {@link Kind#SUPPLY_READ} returned
 * @param setpoint the argument of {@link Kind#SUPPLY_APPLY}
 * @param ovpMillivolts the argument of {@link Kind#SUPPLY_PROTECTION}
 * @param ocpMilliamps the argument of {@link Kind#SUPPLY_PROTECTION}
 * @param on the argument of {@link Kind#BMS_CHARGE_FET}
 * @param error null if the call succeeded, else {@code retriable}, {@code fatal} (supply) or
 *     {@code bms}
 * @param message the failure's message
 * @param command the command of a {@link Kind#COMMAND}
 * @param capabilities what a {@link Kind#SUPPLY_CAPABILITIES} returned (null: the model was not
 *     known yet); absent in recordings made before capabilities were recorded
 */
public record IoCall(
    Kind kind,
    @Nullable BmsSnapshot bms,
    @Nullable SupplyReading supply,
    @Nullable SupplySetpoint setpoint,
    @Nullable Integer ovpMillivolts,
    @Nullable Integer ocpMilliamps,
    @Nullable Boolean on,
    @Nullable String error,
    @Nullable String message,
    @Nullable Command command,
    @Nullable SupplyCapabilities capabilities) {

  /** The calls a bay loop makes. */
  public enum Kind {
    BMS_READ,
    BMS_CHARGE_FET,
    SUPPLY_READ,
    SUPPLY_APPLY,
    SUPPLY_OUTPUT_OFF,
    SUPPLY_PROTECTION,
    COMMAND,
    /** The supply's capabilities as handed to a start decision. */
    SUPPLY_CAPABILITIES
  }

  /** A call without capabilities (every kind but {@link Kind#SUPPLY_CAPABILITIES}). */
  public IoCall(
      Kind kind,
      @Nullable BmsSnapshot bms,
      @Nullable SupplyReading supply,
      @Nullable SupplySetpoint setpoint,
      @Nullable Integer ovpMillivolts,
      @Nullable Integer ocpMilliamps,
      @Nullable Boolean on,
      @Nullable String error,
      @Nullable String message,
      @Nullable Command command) {
    this(kind, bms, supply, setpoint, ovpMillivolts, ocpMilliamps, on, error, message, command, null);
  }

  static IoCall capabilities(@Nullable SupplyCapabilities capabilities) {
    return new IoCall(
        Kind.SUPPLY_CAPABILITIES, null, null, null, null, null, null, null, null, null, capabilities);
  }

  /**
   * An operator command as queued: {@code START} (sessionId, profile), {@code STOP} (by, reason)
   * or {@code ACKNOWLEDGE} (by = operator, reason = note).
   */
  public record Command(
      String type, @Nullable String sessionId, @Nullable ChargeProfile profile, @Nullable String by, @Nullable String reason) {}

  static IoCall of(Kind kind) {
    return new IoCall(kind, null, null, null, null, null, null, null, null, null);
  }

  IoCall failed(String error, @Nullable String message) {
    return new IoCall(
        kind, bms, supply, setpoint, ovpMillivolts, ocpMilliamps, on, error, message, command, capabilities);
  }

  /** True if the call failed. */
  public boolean isFailure() {
    return error != null;
  }
}
