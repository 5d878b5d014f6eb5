package org.chargebay.bay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.ChargeFetUnavailableException;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;

/**
 * A bay's two devices as its loop uses them: every call recorded in the tick's transcript and timed
 * (for the watchdog: a call in flight is progress until its deadline), and {@link DeviceCommand}s
 * executed with their outcome (confirmed by the drivers' read-back, or failed with the reason).
 * After the watchdog cut the bay, nothing that could switch it on is sent ({@link
 * Effects#allowedAfterWatchdogCut}) until the loop has recorded the cut.
 */
final class BayDevices implements AutoCloseable {
  private final RecordingSupply supply;
  private final RecordingBms bms;
  private final LongSupplier nanos;
  private volatile boolean switchingOnBlocked;

  /** When the call in flight started, or -1 between calls. */
  private volatile long callSinceNanos = -1;

  /** When the last call ended, or -1 before the first. */
  private volatile long callEndedNanos = -1;

  BayDevices(SupplyDriver supply, BmsClient bms, Consumer<IoCall> transcript, LongSupplier nanos) {
    this.supply = new RecordingSupply(supply, transcript);
    this.bms = new RecordingBms(bms, transcript);
    this.nanos = nanos;
  }

  /** Start of the device call in flight (monotonic nanos), or -1 if none is. */
  long callSinceNanos() {
    return callSinceNanos;
  }

  /** End of the last device call (monotonic nanos), or -1 before the first. */
  long callEndedNanos() {
    return callEndedNanos;
  }

  private void enter() {
    callSinceNanos = nanos.getAsLong();
  }

  private void leave() {
    callEndedNanos = nanos.getAsLong();
    callSinceNanos = -1;
  }

  BmsSnapshot readBms() throws BmsException {
    enter();
    try {
      return bms.read();
    } finally {
      leave();
    }
  }

  SupplyReading readSupply() throws SupplyException {
    enter();
    try {
      return supply.read();
    } finally {
      leave();
    }
  }

  /** The supply's capabilities for a start decision, recorded for the replay. */
  Optional<SupplyCapabilities> recordCapabilities() {
    return supply.recordCapabilities();
  }

  /** From now on (until {@link #allowSwitchingOn}) only commands that turn things off are sent. */
  void blockSwitchingOn() {
    switchingOnBlocked = true;
  }

  void allowSwitchingOn() {
    switchingOnBlocked = false;
  }

  /** Each command in order, each attempted whatever happened to the ones before. */
  List<DeviceCommand.Outcome> executeAll(List<DeviceCommand> commands) {
    List<DeviceCommand.Outcome> outcomes = new ArrayList<>(commands.size());
    for (DeviceCommand c : commands) {
      outcomes.add(execute(c));
    }
    return outcomes;
  }

  DeviceCommand.Outcome execute(DeviceCommand command) {
    if (switchingOnBlocked && !Effects.allowedAfterWatchdogCut(command)) {
      return new DeviceCommand.Outcome(
          command, "not sent: the watchdog cut this bay while its loop was stalled");
    }
    enter();
    try {
      if (command instanceof DeviceCommand.SetProtection c) {
        supply.setProtection(c.ovpMillivolts(), c.ocpMilliamps());
      } else if (command instanceof DeviceCommand.Apply c) {
        supply.apply(c.setpoint());
      } else if (command instanceof DeviceCommand.OutputOff) {
        supply.outputOff();
      } else if (command instanceof DeviceCommand.ChargeFet c) {
        bms.setChargeFet(c.on());
      } else {
        throw new IllegalArgumentException("unhandled command " + command.getClass().getName());
      }
      return new DeviceCommand.Outcome(command, null);
    } catch (ChargeFetUnavailableException e) {
      return new DeviceCommand.Outcome(command, String.valueOf(e.getMessage()), true);
    } catch (SupplyException | BmsException e) {
      return new DeviceCommand.Outcome(command, String.valueOf(e.getMessage()));
    } finally {
      leave();
    }
  }

  static List<String> describe(List<DeviceCommand.Outcome> outcomes) {
    return outcomes.stream().map(DeviceCommand.Outcome::describe).toList();
  }

  @Override
  public void close() {
    supply.close();
    bms.close();
  }
}
