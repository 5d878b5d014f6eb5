package org.chargebay.bay;

import java.util.function.Supplier;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;

/**
 * The watchdog's paths to a bay's devices: every call opens its own client (its own connection
 * where the link allows a second one, e.g. Modbus TCP; on a shared serial port or BMS gateway the
 * call waits for the port's lock, so it goes out as soon as the stalled call's deadline frees it),
 * acts, and closes. Off is confirmed by the drivers' read-back.
 */
public final class DeviceEmergencyPaths implements LoopWatchdog.EmergencyPaths {
  private final Supplier<SupplyDriver> supply;
  private final Supplier<BmsClient> bms;

  /**
   * @param supply opens a new supply driver to the bay's supply (no I/O until the first call)
   * @param bms opens a new BMS client to the bay's BMS (no I/O until the first call)
   */
  public DeviceEmergencyPaths(Supplier<SupplyDriver> supply, Supplier<BmsClient> bms) {
    this.supply = supply;
    this.bms = bms;
  }

  @Override
  public DeviceCommand.Outcome outputOff() {
    DeviceCommand command = new DeviceCommand.OutputOff();
    try (SupplyDriver d = supply.get()) {
      d.outputOff();
      return new DeviceCommand.Outcome(command, null);
    } catch (SupplyException | RuntimeException e) {
      return new DeviceCommand.Outcome(command, String.valueOf(e.getMessage()));
    }
  }

  @Override
  public DeviceCommand.Outcome chargeFetOff() {
    DeviceCommand command = new DeviceCommand.ChargeFet(false);
    try (BmsClient c = bms.get()) {
      c.setChargeFet(false);
      return new DeviceCommand.Outcome(command, null);
    } catch (org.chargebay.bms.ChargeFetUnavailableException e) {
      return new DeviceCommand.Outcome(command, String.valueOf(e.getMessage()), true);
    } catch (BmsException | RuntimeException e) {
      return new DeviceCommand.Outcome(command, String.valueOf(e.getMessage()));
    }
  }
}
