package org.chargebay.bay;

import org.chargebay.bms.BmsSnapshot;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * One exchange of a bay's loop with the outside world, with its outcome: a device call or an
 * operator command taken from the inbox. A tick's calls, in order, are everything the pure parts of
 * the loop (telemetry, supervisor, decider, effects) saw, so replaying them re-runs the same
 * decisions. One record per kind of call, each holding exactly its argument and its outcome.
 */
public sealed interface IoCall {

  /** The kinds of call, also the {@code kind} of the stored JSON form. */
  enum Kind {
    BMS_READ,
    BMS_CHARGE_FET,
    SUPPLY_READ,
    SUPPLY_APPLY,
    SUPPLY_OUTPUT_OFF,
    SUPPLY_PROTECTION,
    COMMAND,
    /** The supply's capabilities as handed to a start decision. */
    SUPPLY_CAPABILITIES,
    /** The site's allocation as the cycle read it (only on a site with a planner). */
    SITE_ALLOCATION
  }

  Kind kind();

  /** How a device call failed: null where it succeeded (and for calls that cannot fail). */
  @Nullable Failure failure();

  /** True if the call failed. */
  default boolean isFailure() {
    return failure() != null;
  }

  /**
   * A failed device call.
   *
   * @param kind {@code retriable} or {@code fatal} (supply, see {@code SupplyException}) or {@code
   *     bms}
   * @param message the failure's message as the driver worded it
   */
  record Failure(String kind, String message) {}

  /** A BMS read: the snapshot, or how it failed. */
  record BmsRead(@Nullable BmsSnapshot snapshot, @Nullable Failure failure) implements IoCall {
    public BmsRead {
      exactlyOne(snapshot, failure, "BMS read");
    }

    @Override
    public Kind kind() {
      return Kind.BMS_READ;
    }
  }

  /** A charge-MOSFET command (confirmed by the client's read-back when it succeeded). */
  record BmsChargeFet(boolean on, @Nullable Failure failure) implements IoCall {
    @Override
    public Kind kind() {
      return Kind.BMS_CHARGE_FET;
    }
  }

  /** A supply read: the reading, or how it failed. */
  record SupplyRead(@Nullable SupplyReading reading, @Nullable Failure failure) implements IoCall {
    public SupplyRead {
      exactlyOne(reading, failure, "supply read");
    }

    @Override
    public Kind kind() {
      return Kind.SUPPLY_READ;
    }
  }

  /** A setpoint written (and read back by the driver). */
  record SupplyApply(SupplySetpoint setpoint, @Nullable Failure failure) implements IoCall {
    @Override
    public Kind kind() {
      return Kind.SUPPLY_APPLY;
    }
  }

  /** Output off, confirmed by the driver's read-back when it succeeded. */
  record SupplyOutputOff(@Nullable Failure failure) implements IoCall {
    @Override
    public Kind kind() {
      return Kind.SUPPLY_OUTPUT_OFF;
    }
  }

  /** The supply's own OVP/OCP written and verified. */
  record SupplyProtection(int ovpMillivolts, int ocpMilliamps, @Nullable Failure failure)
      implements IoCall {
    @Override
    public Kind kind() {
      return Kind.SUPPLY_PROTECTION;
    }
  }

  /**
   * The supply's capabilities as a start decision used them.
   *
   * @param capabilities null while the model was not known yet
   */
  record SupplyCapabilitiesKnown(@Nullable SupplyCapabilities capabilities) implements IoCall {
    @Override
    public Kind kind() {
      return Kind.SUPPLY_CAPABILITIES;
    }

    @Override
    public @Nullable Failure failure() {
      return null;
    }
  }

  /**
   * The bay's share of the site's power as the cycle read it ({@code
   * org.chargebay.site.SiteAllocations}); recorded only when the site limits the bay.
   */
  record SiteAllocation(int milliamps) implements IoCall {
    @Override
    public Kind kind() {
      return Kind.SITE_ALLOCATION;
    }

    @Override
    public @Nullable Failure failure() {
      return null;
    }
  }

  /** An operator command taken from the inbox. */
  record Command(OperatorCommand command) implements IoCall {
    @Override
    public Kind kind() {
      return Kind.COMMAND;
    }

    @Override
    public @Nullable Failure failure() {
      return null;
    }
  }

  private static void exactlyOne(@Nullable Object value, @Nullable Failure failure, String what) {
    if ((value == null) == (failure == null)) {
      throw new IllegalArgumentException(
          what + " needs exactly one of a result and a failure, had " + value + " and " + failure);
    }
  }
}
