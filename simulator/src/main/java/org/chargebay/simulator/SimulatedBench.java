package org.chargebay.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.chargebay.simulator.jbd.JbdEmulator;
import org.chargebay.simulator.supply.Rd60xxEmulator;

/**
 * One simulated bay on loopback: a pack, an RD6018 serving Modbus TCP and a JBD BMS serving its
 * frames over TCP (as behind an RS485-to-Ethernet gateway), all on one virtual clock.
 */
public final class SimulatedBench implements AutoCloseable {
  private final SimulatedBay bay;
  private final Rd60xxEmulator supply;
  private final JbdEmulator bms;

  private SimulatedBench(SimulatedBay bay, Rd60xxEmulator supply, JbdEmulator bms) {
    this.bay = bay;
    this.supply = supply;
    this.bms = bms;
  }

  /** Starts both emulators on 127.0.0.1 at ephemeral ports; the physics follows {@code clock}. */
  public static SimulatedBench start(java.time.Clock clock, PackModel pack) {
    Faults faults = new Faults();
    SimulatedBay bay = new SimulatedBay(clock, pack, faults);
    Rd60xxEmulator supply = Rd60xxEmulator.start(bay, 1);
    try {
      JbdEmulator bms =
          pack.serial().isEmpty()
              ? JbdEmulator.start(bay)
              : JbdEmulator.start(bay, 0, pack.serial());
      return new SimulatedBench(bay, supply, bms);
    } catch (IOException e) {
      supply.close();
      throw new UncheckedIOException("cannot start the JBD emulator", e);
    }
  }

  /**
   * The demo pack: 13S NMC (48 V class), 2.0 Ah cells of 30 mOhm, starting near 30 % with the
   * resting cell voltages spread by 40 mV; its BMS reports the serial {@code SIM-13S-0001}.
   */
  public static PackModel demoPack() {
    return PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 30.0, 40.0).withSerial("SIM-13S-0001");
  }

  public SimulatedBay bay() {
    return bay;
  }

  public Faults faults() {
    return bay.faults();
  }

  /** Fault switch: the BMS stops answering while its link stays up. */
  public void bmsSilent(boolean silent) {
    bms.setSilent(silent);
  }

  public Rd60xxEmulator supply() {
    return supply;
  }

  public JbdEmulator bms() {
    return bms;
  }

  /** Where a driver reaches the supply, e.g. {@code modbus-tcp://127.0.0.1:40123}. */
  public String supplyUrl() {
    return "modbus-tcp://127.0.0.1:" + supply.port();
  }

  /** Where a BMS client reaches the BMS, e.g. {@code tcp://127.0.0.1:40124}. */
  public String bmsUrl() {
    return "tcp://127.0.0.1:" + bms.port();
  }

  @Override
  public void close() {
    bms.close();
    supply.close();
  }
}
