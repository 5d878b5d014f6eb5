package org.chargebay.bay;

import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeProfile;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * The stored JSON form of an {@link IoCall}: one flat object whose {@code kind} says which fields
 * are set, the form every recording in the {@code samples} table and every golden recording has. It
 * exists only at the edge ({@link TickRecordJson}); the runtime works with the sealed types.
 */
record IoCallWire(
    IoCall.Kind kind,
    @Nullable BmsSnapshot bms,
    @Nullable SupplyReading supply,
    @Nullable SupplySetpoint setpoint,
    @Nullable Integer ovpMillivolts,
    @Nullable Integer ocpMilliamps,
    @Nullable Boolean on,
    @Nullable String error,
    @Nullable String message,
    @Nullable CommandWire command,
    @Nullable SupplyCapabilities capabilities,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @Nullable Integer allocationMilliamps) {

  /** A call of a kind recorded before site allocations existed (no allocation field). */
  IoCallWire(
      IoCall.Kind kind,
      @Nullable BmsSnapshot bms,
      @Nullable SupplyReading supply,
      @Nullable SupplySetpoint setpoint,
      @Nullable Integer ovpMillivolts,
      @Nullable Integer ocpMilliamps,
      @Nullable Boolean on,
      @Nullable String error,
      @Nullable String message,
      @Nullable CommandWire command,
      @Nullable SupplyCapabilities capabilities) {
    this(
        kind,
        bms,
        supply,
        setpoint,
        ovpMillivolts,
        ocpMilliamps,
        on,
        error,
        message,
        command,
        capabilities,
        null);
  }

  /**
   * An operator command as stored: {@code START} (sessionId, profile), {@code STOP} (by, reason) or
   * {@code ACKNOWLEDGE} (by = operator, reason = note) or {@code ADJUST_CEILING} (by,
   * cellCeilingMillivolts; the field is absent from every other command); a {@code START} with a
   * charge policy also has {@code plan} (absent otherwise).
   */
  record CommandWire(
      String type,
      @Nullable String sessionId,
      @Nullable ChargeProfile profile,
      @Nullable String by,
      @Nullable String reason,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          @Nullable Integer cellCeilingMillivolts,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          org.chargebay.session.@Nullable ChargePlan plan) {

    CommandWire(
        String type,
        @Nullable String sessionId,
        @Nullable ChargeProfile profile,
        @Nullable String by,
        @Nullable String reason,
        @Nullable Integer cellCeilingMillivolts) {
      this(type, sessionId, profile, by, reason, cellCeilingMillivolts, null);
    }

    CommandWire(
        String type,
        @Nullable String sessionId,
        @Nullable ChargeProfile profile,
        @Nullable String by,
        @Nullable String reason) {
      this(type, sessionId, profile, by, reason, null, null);
    }
  }

  /** Written as {@code "failure"}, as every stored recording has it; ignored on read. */
  public boolean isFailure() {
    return error != null;
  }

  static IoCallWire of(IoCall call) {
    IoCall.Failure f = call.failure();
    String error = f == null ? null : f.kind();
    String message = f == null ? null : f.message();
    if (call instanceof IoCall.BmsRead c) {
      return new IoCallWire(
          c.kind(), c.snapshot(), null, null, null, null, null, error, message, null, null);
    } else if (call instanceof IoCall.BmsChargeFet c) {
      return new IoCallWire(
          c.kind(), null, null, null, null, null, c.on(), error, message, null, null);
    } else if (call instanceof IoCall.SupplyRead c) {
      return new IoCallWire(
          c.kind(), null, c.reading(), null, null, null, null, error, message, null, null);
    } else if (call instanceof IoCall.SupplyApply c) {
      return new IoCallWire(
          c.kind(), null, null, c.setpoint(), null, null, null, error, message, null, null);
    } else if (call instanceof IoCall.SupplyOutputOff c) {
      return new IoCallWire(
          c.kind(), null, null, null, null, null, null, error, message, null, null);
    } else if (call instanceof IoCall.SupplyProtection c) {
      return new IoCallWire(
          c.kind(),
          null,
          null,
          null,
          c.ovpMillivolts(),
          c.ocpMilliamps(),
          null,
          error,
          message,
          null,
          null);
    } else if (call instanceof IoCall.SupplyCapabilitiesKnown c) {
      return new IoCallWire(
          c.kind(), null, null, null, null, null, null, null, null, null, c.capabilities());
    } else if (call instanceof IoCall.SiteAllocation c) {
      return new IoCallWire(
          c.kind(), null, null, null, null, null, null, null, null, null, null, c.milliamps());
    } else if (call instanceof IoCall.Command c) {
      return new IoCallWire(
          c.kind(), null, null, null, null, null, null, null, null, commandWire(c.command()), null);
    }
    throw new IllegalArgumentException("unhandled call " + call.getClass().getName());
  }

  private static CommandWire commandWire(OperatorCommand command) {
    if (command instanceof OperatorCommand.Start s) {
      return new CommandWire("START", s.sessionId(), s.profile(), s.by(), null, null, s.plan());
    } else if (command instanceof OperatorCommand.Stop s) {
      return new CommandWire("STOP", null, null, s.by(), s.reason());
    } else if (command instanceof OperatorCommand.Acknowledge a) {
      return new CommandWire("ACKNOWLEDGE", null, null, a.operator(), a.note());
    } else if (command instanceof OperatorCommand.AdjustCeiling a) {
      return new CommandWire("ADJUST_CEILING", null, null, a.by(), null, a.cellCeilingMillivolts());
    }
    throw new IllegalArgumentException("unhandled command " + command.getClass().getName());
  }

  /**
   * The call this document records.
   *
   * @throws IllegalArgumentException if a field its kind needs is missing
   */
  IoCall toCall() {
    IoCall.Failure failure =
        error == null ? null : new IoCall.Failure(error, String.valueOf(message));
    switch (kind) {
      case BMS_READ:
        return new IoCall.BmsRead(failure == null ? required(bms, "bms") : null, failure);
      case BMS_CHARGE_FET:
        return new IoCall.BmsChargeFet(required(on, "on"), failure);
      case SUPPLY_READ:
        return new IoCall.SupplyRead(failure == null ? required(supply, "supply") : null, failure);
      case SUPPLY_APPLY:
        return new IoCall.SupplyApply(required(setpoint, "setpoint"), failure);
      case SUPPLY_OUTPUT_OFF:
        return new IoCall.SupplyOutputOff(failure);
      case SUPPLY_PROTECTION:
        return new IoCall.SupplyProtection(
            required(ovpMillivolts, "ovpMillivolts"),
            required(ocpMilliamps, "ocpMilliamps"),
            failure);
      case SUPPLY_CAPABILITIES:
        return new IoCall.SupplyCapabilitiesKnown(capabilities);
      case SITE_ALLOCATION:
        return new IoCall.SiteAllocation(required(allocationMilliamps, "allocationMilliamps"));
      case COMMAND:
        return new IoCall.Command(toCommand(required(command, "command")));
    }
    throw new IllegalArgumentException("unknown call kind " + kind);
  }

  private static OperatorCommand toCommand(CommandWire c) {
    switch (c.type()) {
      case "START":
        return new OperatorCommand.Start(
            required(c.sessionId(), "sessionId"),
            required(c.profile(), "profile"),
            c.by(),
            c.plan());
      case "STOP":
        return new OperatorCommand.Stop(String.valueOf(c.by()), String.valueOf(c.reason()));
      case "ACKNOWLEDGE":
        return new OperatorCommand.Acknowledge(String.valueOf(c.by()), String.valueOf(c.reason()));
      case "ADJUST_CEILING":
        return new OperatorCommand.AdjustCeiling(
            required(c.cellCeilingMillivolts(), "cellCeilingMillivolts"), String.valueOf(c.by()));
      default:
        throw new IllegalArgumentException("unknown recorded command type '" + c.type() + "'");
    }
  }

  private static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("recorded call lacks '" + field + "'");
    }
    return value;
  }
}
