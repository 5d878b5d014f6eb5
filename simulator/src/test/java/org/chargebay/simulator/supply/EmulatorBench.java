package org.chargebay.simulator.supply;

import java.time.Duration;
import java.time.Instant;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;

/**
 * One emulated supply on loopback Modbus TCP, wired to a simulated NMC pack on a virtual clock,
 * plus a twin of that pack (same parameters, never connected) as the reference for what the physics
 * should give, and a {@link RawModbus} client.
 */
final class EmulatorBench implements AutoCloseable {
  static final double CELL_AH = 2.0;
  static final double CELL_OHM = 0.030;
  static final double START_SOC = 50.0;

  final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final EmulatedModel model;
  final VendorSheet doc;
  final int series;
  final PackModel twin;
  final SimulatedBay bay;
  final ModbusSupplyEmulator emulator;
  final RawModbus modbus;

  /** For checks that expect no answer: loopback answers take milliseconds, so 200 ms is plenty. */
  final RawModbus quick;

  EmulatorBench(EmulatedModel model) {
    this(model, CELL_AH);
  }

  EmulatorBench(EmulatedModel model, double cellAh) {
    this.model = model;
    this.doc = VendorSheet.of(model);
    // a pack whose full voltage (4.2 V per cell) stays within 75 % of the model's range
    this.series = (int) (model.maxVolts() * 0.75 / 4.2);
    this.twin = pack(series, cellAh);
    this.bay = new SimulatedBay(clock, pack(series, cellAh), new Faults());
    this.emulator = ModbusSupplyEmulator.tcp(bay, model, 1);
    this.modbus = new RawModbus(emulator.port());
    this.quick = new RawModbus(emulator.port(), Duration.ofMillis(200));
  }

  static PackModel pack(int series, double cellAh) {
    return PackModel.create(OcvCurve.nmc(), series, cellAh, CELL_OHM, START_SOC, 0);
  }

  /**
   * The charge {@code twin} takes at {@code amps} in the bay's 200 ms steps until its terminal
   * voltage (OCV + I x R) first exceeds {@code ovpVolts}: where a watch on the output must stop a
   * supply stuck in CC. Charges the twin.
   */
  static double ampHoursToCrossing(PackModel twin, double ovpVolts, double amps) {
    double ah = 0;
    for (int step = 0; step < 5 * 3600 * 10; step++) {
      twin.charge(amps, 0.2);
      ah += amps * 0.2 / 3600.0;
      if (twin.packOcvVolts() + amps * twin.packResistanceOhm() > ovpVolts) {
        return ah;
      }
    }
    throw new AssertionError("the twin never reached " + ovpVolts + " V");
  }

  /** One holding register over the wire, failing unless the unit answers normally. */
  int reg(int address) {
    RawModbus.Reply r = modbus.readHolding(1, address, 1);
    if (!r.ok()) {
      throw new AssertionError(model + " register " + address + ": " + r);
    }
    return r.register();
  }

  /** FC06, failing unless the unit echoes the request. */
  void write(int address, int value) {
    RawModbus.Reply r = modbus.writeSingle(1, address, value);
    if (!r.ok()) {
      throw new AssertionError(model + " write " + address + "=" + value + ": " + r);
    }
  }

  int volts(double v) {
    return (int) Math.round(v * doc.voltsScale());
  }

  int amps(double a) {
    return (int) Math.round(a * doc.ampsScale());
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  @Override
  public void close() {
    quick.close();
    modbus.close();
    emulator.close();
  }
}
