package org.chargebay.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.bms.BmsSnapshot;

/**
 * One simulated bay: a pack with its BMS MOSFETs, wired to a CC/CV supply. Both emulators (the
 * supply's Modbus server and the BMS's frame server) read and write it; every access first advances
 * the physics to the clock's now, in steps of at most {@link #MAX_STEP}.
 *
 * <p>The BMS protects the pack as a real board would: a cell above {@link #BMS_CELL_OVP_VOLTS}
 * opens the charge MOSFET and sets protection bit 0 (cell over-voltage).
 */
public final class SimulatedBay implements SupplyBackend, BmsBackend {
  public static final Duration MAX_STEP = Duration.ofMillis(200);
  public static final double BMS_CELL_OVP_VOLTS = 4.25;
  private static final double INPUT_VOLTS = 60.0;

  private final Clock clock;
  private final PackModel pack;
  private final Faults faults;
  private final int nominalMilliampHours;
  private Instant simulatedTo;

  private double setVolts;
  private double setAmps;
  private boolean outputOn;
  private double ovpVolts = 62.0;
  private double ocpAmps = 18.5;
  private int protection;
  private boolean chargeFet = true;
  private boolean dischargeFet = true;
  private int bmsProtectionBits;
  private double amps;
  private double ampHours;
  private double wattHours;

  /** The highest true cell terminal voltage at the end of any physics step so far. */
  private double maxCellSeenVolts = Double.NEGATIVE_INFINITY;

  /** How fast every cell's resting voltage falls, volts per second (0: it holds). */
  private double selfDischargeVoltsPerSecond;

  private @org.jspecify.annotations.Nullable ActiveBalancer balancer;

  /**
   * An active balancer in the simulated BMS: it moves charge from the highest cell to the lowest at
   * {@code amps} while the highest resting cell is at or above {@code startVolts} and the spread is
   * above {@code thresholdVolts}.
   */
  public record ActiveBalancer(
      double amps, double efficiency, double startVolts, double thresholdVolts) {}

  /** Fits the BMS with an active balancer (null: none, the default). */
  public synchronized void setActiveBalancer(@org.jspecify.annotations.Nullable ActiveBalancer b) {
    advance();
    this.balancer = b;
  }

  /** What the BMS's temperature sensors read, deci-degrees Celsius. */
  private List<Integer> tempDeciCelsius = List.of(250, 251);

  /** A pending timed switch of the output (a relay pulse ending), or null. */
  private Instant switchAt;

  private boolean switchTo;

  /** The supply's own protection, independent of regulation; null = it follows regulation. */
  private java.util.function.@org.jspecify.annotations.Nullable BooleanSupplier ownProtection;

  /** From this instant of the clock on, regulation ignores the voltage setpoint; null = never. */
  private @org.jspecify.annotations.Nullable Instant ignoresSetpointFrom;

  /** The highest-cell watch threshold in volts; NaN = no watch. */
  private double watchCellVolts = Double.NaN;

  /** The end of the first physics step whose highest cell was above the watch threshold. */
  private @org.jspecify.annotations.Nullable Instant cellFirstAboveWatch;

  public SimulatedBay(Clock clock, PackModel pack, Faults faults) {
    this.clock = clock;
    this.pack = pack;
    this.faults = faults;
    this.simulatedTo = clock.instant();
    this.nominalMilliampHours = (int) Math.round(pack.cellCapacityAh() * 1000);
  }

  public Faults faults() {
    return faults;
  }

  /** Advances the physics to the clock's now. */
  public synchronized void advance() {
    Instant now = clock.instant();
    switchIfDue();
    while (simulatedTo.isBefore(now)) {
      Duration step = Duration.between(simulatedTo, now);
      if (step.compareTo(MAX_STEP) > 0) {
        step = MAX_STEP;
      }
      if (switchAt != null
          && switchAt.isAfter(simulatedTo)
          && switchAt.isBefore(simulatedTo.plus(step))) {
        step = Duration.between(simulatedTo, switchAt); // switch exactly at the pulse's end
      }
      if (ignoresSetpointFrom != null
          && ignoresSetpointFrom.isAfter(simulatedTo)
          && ignoresSetpointFrom.isBefore(simulatedTo.plus(step))) {
        step = Duration.between(simulatedTo, ignoresSetpointFrom); // the fault starts on time
      }
      double seconds = step.toNanos() / 1e9;
      amps = operatingCurrent();
      pack.charge(amps, seconds);
      ActiveBalancer b = balancer;
      if (b != null) {
        pack.balance(b.amps(), b.efficiency(), b.startVolts(), b.thresholdVolts(), seconds);
      }
      if (selfDischargeVoltsPerSecond > 0) {
        pack.dropRestingVolts(selfDischargeVoltsPerSecond * seconds);
      }
      ampHours += amps * seconds / 3600.0;
      wattHours += amps * terminalVolts(amps) * seconds / 3600.0;
      simulatedTo = simulatedTo.plus(step);
      maxCellSeenVolts = Math.max(maxCellSeenVolts, pack.maxCellVolts(amps));
      watchCell();
      protect();
      switchIfDue();
    }
    amps = operatingCurrent();
  }

  private void switchIfDue() {
    if (switchAt != null && !simulatedTo.isBefore(switchAt)) {
      outputOn = switchTo;
      if (switchTo) {
        protection = 0;
      }
      switchAt = null;
    }
  }

  private boolean ignoresSetpoint() {
    return faults.supplyIgnoresVoltageSetpoint()
        || (ignoresSetpointFrom != null && !simulatedTo.isBefore(ignoresSetpointFrom));
  }

  private void watchCell() {
    if (cellFirstAboveWatch == null
        && !Double.isNaN(watchCellVolts)
        && pack.maxCellVolts(amps) > watchCellVolts) {
      cellFirstAboveWatch = simulatedTo;
    }
  }

  private double operatingCurrent() {
    if (!outputOn || !chargeFet) {
      return 0;
    }
    if (ignoresSetpoint()) {
      return setAmps;
    }
    double headroom = (setVolts - pack.packOcvVolts()) / pack.packResistanceOhm();
    return Math.max(0, Math.min(setAmps, headroom));
  }

  private double terminalVolts(double current) {
    return pack.packOcvVolts() + current * pack.packResistanceOhm();
  }

  /**
   * What the supply measures at its terminals: the pack's, or its set voltage into an open circuit.
   */
  private double outputVolts(double current) {
    return outputOn && !chargeFet ? setVolts : terminalVolts(current);
  }

  private void protect() {
    double current = operatingCurrent();
    if (chargeFet && pack.maxCellVolts(current) > BMS_CELL_OVP_VOLTS) {
      chargeFet = false;
      bmsProtectionBits |= 1;
    }
    boolean armed = ownProtection != null ? ownProtection.getAsBoolean() : !ignoresSetpoint();
    if (armed && outputOn) {
      // an own protection watches the measured output (open circuit once the BMS disconnects)
      double volts = ownProtection != null ? outputVolts(current) : terminalVolts(current);
      if (volts > ovpVolts) {
        outputOn = false;
        protection = 1;
      } else if (current > ocpAmps) {
        outputOn = false;
        protection = 2;
      }
    }
  }

  @Override
  public synchronized SupplyState state() {
    advance();
    double outVolts = outputVolts(amps); // open circuit at the set voltage once the BMS disconnects
    boolean cc = outputOn && chargeFet && amps >= setAmps - 1e-9;
    return new SupplyState(
        setVolts,
        setAmps,
        outVolts,
        amps,
        outputOn,
        cc,
        protection,
        ovpVolts,
        ocpAmps,
        INPUT_VOLTS,
        ampHours,
        wattHours);
  }

  @Override
  public synchronized void setVoltage(double volts) {
    advance();
    setVolts = volts;
  }

  @Override
  public synchronized void setCurrent(double amps) {
    advance();
    setAmps = amps;
  }

  @Override
  public synchronized void setOutput(boolean on) {
    advance();
    switchAt = null;
    outputOn = on;
    if (on) {
      protection = 0;
    }
  }

  @Override
  public synchronized void setOutputAt(boolean on, Instant at) {
    advance();
    switchAt = at;
    switchTo = on;
    switchIfDue();
  }

  @Override
  public synchronized void setProtection(double ovpVolts, double ocpAmps) {
    advance();
    this.ovpVolts = ovpVolts;
    this.ocpAmps = ocpAmps;
  }

  @Override
  public synchronized void armOwnProtection(java.util.function.BooleanSupplier armed) {
    advance();
    this.ownProtection = armed;
  }

  @Override
  public synchronized BmsSnapshot snapshot() {
    advance();
    List<Integer> cells = new ArrayList<>(pack.series());
    int packMillivolts = 0;
    for (int i = 0; i < pack.series(); i++) {
      int mv = (int) Math.round(pack.cellVolts(i, amps) * 1000);
      cells.add(mv);
      packMillivolts += mv;
    }
    int soc = (int) Math.max(0, Math.min(100, Math.round(pack.meanSocPercent())));
    return new BmsSnapshot(
        cells,
        packMillivolts,
        (int) Math.round(amps * 1000),
        soc,
        tempDeciCelsius,
        chargeFet,
        dischargeFet,
        0,
        bmsProtectionBits,
        3,
        (int) Math.round(nominalMilliampHours * soc / 100.0),
        nominalMilliampHours,
        pack.series());
  }

  @Override
  public synchronized void setFets(boolean charge, boolean discharge) {
    advance();
    this.chargeFet = charge;
    this.dischargeFet = discharge;
    if (charge) {
      bmsProtectionBits &= ~1;
    }
  }

  /**
   * Schedules {@link Faults#supplyIgnoresVoltageSetpoint} for this bay from the instant {@code
   * from} of the bay's clock on: the physics switches at that instant even if nobody looks.
   */
  public synchronized void supplyIgnoresVoltageSetpointFrom(Instant from) {
    advance();
    ignoresSetpointFrom = from;
  }

  /**
   * Watches the highest cell's terminal voltage at every physics step (at most {@link #MAX_STEP}
   * apart) and remembers the end of the first step where it was above {@code volts}, whether or not
   * anybody polled then; see {@link #cellFirstAbove()}.
   */
  public synchronized void watchHighestCellAbove(double volts) {
    advance();
    watchCellVolts = volts;
    watchCell();
  }

  /** The first instant the watched cell was seen above the threshold; null if not (yet). */
  public synchronized @org.jspecify.annotations.Nullable Instant cellFirstAbove() {
    advance();
    return cellFirstAboveWatch;
  }

  /** From now on every cell's resting voltage falls by this many millivolts per day. */
  public synchronized void setSelfDischarge(double millivoltsPerDay) {
    advance();
    this.selfDischargeVoltsPerSecond = millivoltsPerDay / 1000.0 / 86_400.0;
  }

  /**
   * Sets what the BMS's temperature sensors read from now on (deci-degrees Celsius; default 25.0
   * and 25.1 degC).
   */
  public synchronized void setTemperatures(List<Integer> deciCelsius) {
    advance();
    this.tempDeciCelsius = List.copyOf(deciCelsius);
  }

  /**
   * The highest true cell terminal voltage at any physics step (at most {@link #MAX_STEP} apart)
   * since this bay was created, whether or not anybody polled then; -infinity before the first.
   */
  public synchronized double maxCellVoltsSeen() {
    advance();
    return Math.max(maxCellSeenVolts, pack.maxCellVolts(amps));
  }

  /** The pack this bay charges (for a simulation's report; not thread-safe on its own). */
  public synchronized PackModel pack() {
    advance();
    return pack;
  }

  /** The highest cell's terminal voltage right now, for test assertions. */
  public synchronized double maxCellVolts() {
    advance();
    return pack.maxCellVolts(amps);
  }
}
