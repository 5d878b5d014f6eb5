package org.chargebay.simulator.fleet;

import java.time.Clock;
import java.time.Instant;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.simulator.BmsBackend;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.jspecify.annotations.Nullable;

/**
 * One bay of a fleet: its simulated pack, where its supply and BMS listen, how it misbehaves, and
 * what its devices recorded about the cut-off: the first instant a cell was above ceiling + margin
 * (from the physics, between polls too), and the first write that switched the supply's output off
 * and the first command that opened the BMS charge MOSFET at or after that instant.
 */
public final class FleetBay implements AutoCloseable {

  /** How a bay behaves. */
  public enum Role {
    /** Supply and BMS work. */
    NORMAL,
    /**
     * The supply ignores its voltage setpoint (and its OVP/OCP do not trip) from the fault time.
     */
    FAULTED,
    /** Supply and BMS accept connections and never answer. */
    HUNG
  }

  private final String id;
  private final Role role;
  private final double startSocPercent;
  private final SimulatedBay bay;
  private final Timebase timebase;
  private final Clock clock;
  private final @Nullable Instant faultFrom;
  private @Nullable ModbusSupplyEmulator supply;
  private @Nullable TcpDeviceServer hungSupply;
  private @Nullable TcpDeviceServer bms;
  private int outputOffWrites;
  private @Nullable Stamp outputOff;
  private @Nullable Stamp outputOffAfterFault;
  private @Nullable Stamp chargeFetOff;

  FleetBay(
      String id,
      Role role,
      double startSocPercent,
      SimulatedBay bay,
      Clock clock,
      Timebase timebase,
      @Nullable Instant faultFrom) {
    this.id = id;
    this.role = role;
    this.startSocPercent = startSocPercent;
    this.bay = bay;
    this.clock = clock;
    this.timebase = timebase;
    this.faultFrom = faultFrom;
  }

  void serveSupply(ModbusSupplyEmulator emulator) {
    this.supply = emulator;
    emulator.onOutputSwitchedOffByWrite(this::outputSwitchedOff);
  }

  void serveHungSupply(TcpDeviceServer server) {
    this.hungSupply = server;
  }

  void serveBms(TcpDeviceServer server) {
    this.bms = server;
  }

  /** The BMS side of the pack, recording charge-MOSFET-off commands from the wire. */
  BmsBackend bmsBackend() {
    return new BmsBackend() {
      @Override
      public BmsSnapshot snapshot() {
        return bay.snapshot();
      }

      @Override
      public void setFets(boolean charge, boolean discharge) {
        boolean wasOn = bay.snapshot().chargeFet();
        bay.setFets(charge, discharge);
        if (wasOn && !charge) {
          chargeFetOpened();
        }
      }
    };
  }

  private synchronized void outputSwitchedOff() {
    Stamp now = new Stamp(clock.instant(), System.nanoTime(), System.currentTimeMillis());
    outputOffWrites++;
    if (outputOffAfterFault == null && faultFrom != null && !now.clock().isBefore(faultFrom)) {
      outputOffAfterFault = now;
    }
    if (outputOff == null && overLimitBy(now.clock())) {
      outputOff = now;
    }
  }

  private synchronized void chargeFetOpened() {
    Stamp now = new Stamp(clock.instant(), System.nanoTime(), System.currentTimeMillis());
    if (chargeFetOff == null && overLimitBy(now.clock())) {
      chargeFetOff = now;
    }
  }

  private boolean overLimitBy(Instant at) {
    Instant over = bay.cellFirstAbove();
    return over != null && !over.isAfter(at);
  }

  public String id() {
    return id;
  }

  public Role role() {
    return role;
  }

  /** The pack's mean state of charge at the start, percent. */
  public double startSocPercent() {
    return startSocPercent;
  }

  /** The simulated pack and its wiring (for tests and the ticker). */
  public SimulatedBay bay() {
    return bay;
  }

  /** When a faulted bay's supply starts ignoring its setpoint; null unless {@link Role#FAULTED}. */
  public @Nullable Instant faultFrom() {
    return faultFrom;
  }

  /** The supply's loopback Modbus TCP port. */
  public int supplyPort() {
    if (supply != null) {
      return supply.port();
    }
    if (hungSupply != null) {
      return hungSupply.port();
    }
    throw new IllegalStateException(id + " has no supply yet");
  }

  /** The BMS's loopback TCP port. */
  public int bmsPort() {
    if (bms == null) {
      throw new IllegalStateException(id + " has no BMS yet");
    }
    return bms.port();
  }

  /** The emulated supply; null for a hung bay. */
  public @Nullable ModbusSupplyEmulator supply() {
    return supply;
  }

  /** The first instant a cell was above ceiling + margin, with its wall time; null if never. */
  public @Nullable Stamp overLimit() {
    Instant at = bay.cellFirstAbove();
    return at == null ? null : timebase.at(at);
  }

  /**
   * The first write that switched the output off at or after {@link #overLimit()}; null if none.
   */
  public synchronized @Nullable Stamp outputOff() {
    return outputOff;
  }

  /**
   * The first write that switched the output off at or after {@link #faultFrom()}, whether or not a
   * cell had crossed the limit (a controller may cut a supply that overshoots its setpoint first);
   * null if none or not faulted.
   */
  public synchronized @Nullable Stamp outputOffAfterFault() {
    return outputOffAfterFault;
  }

  /** Every write that switched the output from on to off. */
  public synchronized int outputOffWrites() {
    return outputOffWrites;
  }

  /** The first charge-MOSFET-off command at or after {@link #overLimit()}; null if none. */
  public synchronized @Nullable Stamp chargeFetOff() {
    return chargeFetOff;
  }

  @Override
  public void close() {
    if (bms != null) {
      bms.close();
    }
    if (supply != null) {
      supply.close();
    }
    if (hungSupply != null) {
      hungSupply.close();
    }
  }
}
