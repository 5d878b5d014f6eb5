package org.chargebay.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.simulator.BmsBackend;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.SupplyBackend;
import org.chargebay.simulator.jbd.JbdEmulator;
import org.chargebay.simulator.supply.Rd60xxEmulator;

/**
 * One bay's hardware for the crash soak, living in the test process so that it outlives every
 * controller that is killed: a simulated pack behind an emulated RD6018 (Modbus TCP) and an
 * emulated JBD BMS (frames over TCP), both on loopback. Every command that reaches either device
 * (setpoint, output, OVP/OCP, MOSFETs) is appended to one shared {@link CommandLog}.
 */
final class SoakBay implements AutoCloseable {
  /** A command as the device received it. */
  enum Kind {
    OUTPUT_OFF,
    OUTPUT_ON,
    SET_VOLTS,
    SET_AMPS,
    SET_PROTECTION,
    SET_FETS
  }

  record Command(long index, String bay, Kind kind, String value) {}

  /** The commands every device of every bay received, in arrival order. */
  static final class CommandLog {
    private final List<Command> commands = new ArrayList<>();

    synchronized void add(String bay, Kind kind, String value) {
      commands.add(new Command(commands.size(), bay, kind, value));
    }

    synchronized int size() {
      return commands.size();
    }

    /** The commands bay {@code bay} received from index {@code from} on. */
    synchronized List<Command> since(int from, String bay) {
      return commands.subList(from, commands.size()).stream()
          .filter(c -> c.bay().equals(bay))
          .toList();
    }
  }

  final String id;
  private final SimulatedBay physics;
  private final Rd60xxEmulator supply;
  private final JbdEmulator bms;

  SoakBay(String id, Clock clock, PackModel pack, CommandLog log) {
    this.id = id;
    this.physics = new SimulatedBay(clock, pack, new Faults());
    this.supply = Rd60xxEmulator.start(new LoggedSupply(physics, id, log), 1);
    try {
      this.bms = JbdEmulator.start(new LoggedBms(physics, id, log));
    } catch (IOException e) {
      supply.close();
      throw new UncheckedIOException("cannot start the JBD emulator of " + id, e);
    }
  }

  String supplyUrl() {
    return "modbus-tcp://127.0.0.1:" + supply.port();
  }

  String bmsUrl() {
    return "tcp://127.0.0.1:" + bms.port();
  }

  /** Whether the supply's output is on now, as the unit itself reports it. */
  boolean outputOn() {
    return physics.state().outputOn();
  }

  /** Writes to registers the application must never write (calibration, system). */
  List<String> refusedWrites() {
    return supply.refusedWrites();
  }

  @Override
  public void close() {
    bms.close();
    supply.close();
  }

  private record LoggedSupply(SupplyBackend target, String bay, CommandLog log)
      implements SupplyBackend {
    @Override
    public SupplyState state() {
      return target.state();
    }

    @Override
    public void setVoltage(double volts) {
      log.add(bay, Kind.SET_VOLTS, Double.toString(volts));
      target.setVoltage(volts);
    }

    @Override
    public void setCurrent(double amps) {
      log.add(bay, Kind.SET_AMPS, Double.toString(amps));
      target.setCurrent(amps);
    }

    @Override
    public void setOutput(boolean on) {
      log.add(bay, on ? Kind.OUTPUT_ON : Kind.OUTPUT_OFF, "");
      target.setOutput(on);
    }

    @Override
    public void setOutputAt(boolean on, Instant at) {
      log.add(bay, on ? Kind.OUTPUT_ON : Kind.OUTPUT_OFF, "at " + at);
      target.setOutputAt(on, at);
    }

    @Override
    public void setProtection(double ovpVolts, double ocpAmps) {
      log.add(bay, Kind.SET_PROTECTION, ovpVolts + " V / " + ocpAmps + " A");
      target.setProtection(ovpVolts, ocpAmps);
    }

    @Override
    public void armOwnProtection(BooleanSupplier armed) {
      target.armOwnProtection(armed);
    }
  }

  private record LoggedBms(BmsBackend target, String bay, CommandLog log) implements BmsBackend {
    @Override
    public BmsSnapshot snapshot() {
      return target.snapshot();
    }

    @Override
    public void setFets(boolean charge, boolean discharge) {
      log.add(bay, Kind.SET_FETS, "charge=" + charge + " discharge=" + discharge);
      target.setFets(charge, discharge);
    }
  }
}
