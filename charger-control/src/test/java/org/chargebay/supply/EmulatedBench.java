package org.chargebay.supply;

import java.time.Duration;
import java.time.Instant;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;

/** A simulated pack sized for the model, wired to that model's emulator over Modbus TCP. */
final class EmulatedBench implements AutoCloseable {
  final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final EmulatedModel model;
  final int series;
  final SimulatedBay bay;
  final ModbusSupplyEmulator emulator;
  final SupplyDriver driver;

  EmulatedBench(EmulatedModel model) {
    this.model = model;
    // a pack whose full voltage (4.2 V/cell) stays within 75 % of the model's range
    this.series = (int) (model.maxVolts() * 0.75 / 4.2);
    this.bay =
        new SimulatedBay(
            clock, PackModel.create(OcvCurve.nmc(), series, 2.0, 0.030, 50.0, 0), new Faults());
    this.emulator = ModbusSupplyEmulator.tcp(bay, model, 1);
    this.driver = ModbusConnections.open(url(), 1, modelArg(model), Duration.ofMillis(250));
  }

  String url() {
    return "modbus-tcp://127.0.0.1:" + emulator.port();
  }

  /** XY units are never autodetected: they need the model named. */
  static String modelArg(EmulatedModel m) {
    return m.family() == EmulatedModel.Family.XY ? m.displayName() : "auto";
  }

  /** A charge current the model can deliver: 40 % of its maximum, at most 2 A. */
  int chargeMilliamps() {
    return (int) Math.min(2_000, model.maxAmps() * 400);
  }

  /** 4.15 V per cell. */
  int ceilingMillivolts() {
    return series * 4_150;
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  /** Just a simulated 13S bay, for tests that start their own emulator. */
  static final class Bay {
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SimulatedBay bay =
        new SimulatedBay(
            clock, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 50.0, 0), new Faults());
  }

  @Override
  public void close() {
    driver.close();
    emulator.close();
  }
}
