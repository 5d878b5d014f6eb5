package org.chargebay.bay;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * The devices of a replay: each call is answered with the outcome recorded for the next call of the
 * same kind in the current tick. A call that was not recorded (the replay decided differently)
 * succeeds for a write and fails for a read, and counts as a mismatch, as does a recorded call the
 * replay did not make.
 */
final class ScriptedDevices {
  private final List<IoCall> script = new ArrayList<>();
  private final List<String> mismatches = new ArrayList<>();
  private String where = "start-up";

  void load(String where, List<IoCall> calls) {
    finish();
    this.where = where;
    for (IoCall c : calls) {
      if (c.kind() != IoCall.Kind.COMMAND) {
        script.add(c);
      }
    }
  }

  /** Counts the calls left over from the last tick as mismatches. */
  void finish() {
    for (IoCall c : script) {
      mismatches.add(where + ": recorded " + c.kind() + " was not made by the replay");
    }
    script.clear();
  }

  List<String> mismatches() {
    return List.copyOf(mismatches);
  }

  /**
   * The site's allocations of a replay: the one recorded in the current tick, or none when the tick
   * recorded none (as in every recording made without a site).
   */
  final org.chargebay.site.SiteAllocations site =
      new org.chargebay.site.SiteAllocations() {
        @Override
        public java.util.OptionalInt milliampsFor(String bayId) {
          for (int i = 0; i < script.size(); i++) {
            if (script.get(i) instanceof IoCall.SiteAllocation a) {
              script.remove(i);
              return java.util.OptionalInt.of(a.milliamps());
            }
          }
          return java.util.OptionalInt.empty();
        }

        @Override
        public void report(org.chargebay.site.BayReport report) {}
      };

  private @Nullable IoCall take(IoCall.Kind kind, @Nullable Object argument) {
    for (int i = 0; i < script.size(); i++) {
      IoCall c = script.get(i);
      if (c.kind() == kind) {
        script.remove(i);
        Object recorded = argumentOf(c);
        if (!Objects.equals(recorded, argument)) {
          mismatches.add(where + ": " + kind + " with " + argument + ", recorded " + recorded);
        }
        return c;
      }
    }
    mismatches.add(
        where + ": " + kind + (argument == null ? "" : " " + argument) + " was not recorded");
    return null;
  }

  private static @Nullable Object argumentOf(IoCall c) {
    if (c instanceof IoCall.SupplyApply a) {
      return a.setpoint();
    } else if (c instanceof IoCall.SupplyProtection p) {
      return List.of(p.ovpMillivolts(), p.ocpMilliamps());
    } else if (c instanceof IoCall.BmsChargeFet f) {
      return f.on();
    }
    return null;
  }

  private static void throwSupply(IoCall c) throws SupplyException {
    IoCall.Failure f = c.failure();
    if (f != null) {
      if ("fatal".equals(f.kind())) {
        throw new SupplyException.Fatal(f.message());
      }
      throw new SupplyException.Retriable(f.message(), null);
    }
  }

  private static void throwBms(IoCall c) throws BmsException {
    IoCall.Failure f = c.failure();
    if (f != null) {
      if (RecordingBms.UNAVAILABLE.equals(f.kind())) {
        throw new org.chargebay.bms.ChargeFetUnavailableException(f.message());
      }
      throw new BmsException(f.message());
    }
  }

  final BmsClient bms =
      new BmsClient() {
        @Override
        public BmsSnapshot read() throws BmsException {
          IoCall c = take(IoCall.Kind.BMS_READ, null);
          if (c == null) {
            throw new BmsException("replay: no BMS reading was recorded here");
          }
          throwBms(c);
          return Objects.requireNonNull(((IoCall.BmsRead) c).snapshot(), "recorded BMS reading");
        }

        @Override
        public void setChargeFet(boolean on) throws BmsException {
          IoCall c = take(IoCall.Kind.BMS_CHARGE_FET, on);
          if (c != null) {
            throwBms(c);
          }
        }

        @Override
        public void close() {}
      };

  final SupplyDriver supply =
      new SupplyDriver() {
        @Override
        public SupplyReading read() throws SupplyException {
          IoCall c = take(IoCall.Kind.SUPPLY_READ, null);
          if (c == null) {
            throw new SupplyException.Retriable(
                "replay: no supply reading was recorded here", null);
          }
          throwSupply(c);
          return Objects.requireNonNull(
              ((IoCall.SupplyRead) c).reading(), "recorded supply reading");
        }

        @Override
        public void apply(SupplySetpoint setpoint) throws SupplyException {
          IoCall c = take(IoCall.Kind.SUPPLY_APPLY, setpoint);
          if (c != null) {
            throwSupply(c);
          }
        }

        @Override
        public void outputOff() throws SupplyException {
          IoCall c = take(IoCall.Kind.SUPPLY_OUTPUT_OFF, null);
          if (c != null) {
            throwSupply(c);
          }
        }

        @Override
        public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
          IoCall c = take(IoCall.Kind.SUPPLY_PROTECTION, List.of(ovpMillivolts, ocpMilliamps));
          if (c != null) {
            throwSupply(c);
          }
        }

        @Override
        public SupplyCapabilities capabilities() {
          throw new UnsupportedOperationException(
              "the replay hands out recorded capabilities only (knownCapabilities)");
        }

        /**
         * The capabilities recorded for this call; empty if they were recorded as unknown, or if
         * the recording predates recorded capabilities (then the start is decided as it was then:
         * without supply checks, OVP/OCP at the margins). Neither counts as a mismatch.
         */
        @Override
        public Optional<SupplyCapabilities> knownCapabilities() {
          for (int i = 0; i < script.size(); i++) {
            IoCall c = script.get(i);
            if (c instanceof IoCall.SupplyCapabilitiesKnown known) {
              script.remove(i);
              return Optional.ofNullable(known.capabilities());
            }
          }
          return Optional.empty();
        }

        @Override
        public void close() {}
      };
}
