package org.chargebay.bay;

import org.chargebay.events.CutOffReason;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * One thing the bay's I/O shell is to do to a device, as decided by the pure {@link Effects}. Each
 * names its {@link #path()}, the words a cut-off's evidence uses for it.
 */
public sealed interface DeviceCommand {

  /** The path this command acts on, e.g. {@code supply-output-off}. */
  String path();

  /**
   * The cut-off this command's failure calls for, or null when a failure is only reported (the next
   * poll and the supervisor deal with it).
   */
  default @Nullable CutOffReason cutOffWhenFailed() {
    return null;
  }

  /** The cut-off's sentence for this command failing with {@code failure}. */
  default String cutOffDetail(String failure) {
    return path() + " failed: " + failure;
  }

  /** Write the supply's own OVP/OCP (the hardware backstop) and verify them by read-back. */
  record SetProtection(int ovpMillivolts, int ocpMilliamps) implements DeviceCommand {
    @Override
    public String path() {
      return "supply-protection";
    }

    /** A session whose backstop could not be set must not push current. */
    @Override
    public CutOffReason cutOffWhenFailed() {
      return CutOffReason.HARDWARE_LIMITS_NOT_SET;
    }

    @Override
    public String cutOffDetail(String failure) {
      return "could not set the supply's OVP/OCP: " + failure;
    }
  }

  /** Write a setpoint (voltage, current, output) and read it back. */
  record Apply(SupplySetpoint setpoint) implements DeviceCommand {
    @Override
    public String path() {
      return "supply-apply";
    }
  }

  /** Turn the supply's output off, confirmed by read-back. */
  record OutputOff() implements DeviceCommand {
    @Override
    public String path() {
      return "supply-output-off";
    }
  }

  /** Switch the BMS charge MOSFET, confirmed by the client's read-back. */
  record ChargeFet(boolean on) implements DeviceCommand {
    @Override
    public String path() {
      return on ? "bms-charge-fet-on" : "bms-charge-fet-off";
    }
  }

  /**
   * How a command went, in the words a {@code CutOff}'s evidence records: {@code "<path>:
   * confirmed"}, {@code "<path>: failed: <why>"}, or {@code "<path>: not available: <why>"} for a
   * device that has no such command (JK PB, ANT 7E A1: no charge-MOSFET command).
   *
   * @param failure null when the device confirmed the command
   * @param unavailable the device has no such command (then {@code failure} says why)
   */
  record Outcome(DeviceCommand command, @Nullable String failure, boolean unavailable) {
    public Outcome(DeviceCommand command, @Nullable String failure) {
      this(command, failure, false);
    }

    public boolean confirmed() {
      return failure == null;
    }

    /** Failed on a device that has the command: worth trying again. */
    public boolean retriable() {
      return failure != null && !unavailable;
    }

    public String describe() {
      if (failure == null) {
        return command.path() + ": confirmed";
      }
      return command.path() + (unavailable ? ": not available: " : ": failed: ") + failure;
    }
  }
}
