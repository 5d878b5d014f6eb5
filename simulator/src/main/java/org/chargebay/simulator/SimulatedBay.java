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
 * <p>The BMS protects the pack as a real board would: a cell above the over-voltage trip the board
 * is configured with for the pack's chemistry ({@link OcvCurve#bmsCellOvpVolts()}: NMC/NCA 4.25 V,
 * LFP 3.75 V, LTO 2.90 V) opens the charge MOSFET and sets protection bit 0 (cell over-voltage).
 */
public final class SimulatedBay implements SupplyBackend, BmsBackend {
  public static final Duration MAX_STEP = Duration.ofMillis(200);
  private static final double INPUT_VOLTS = 60.0;

  private final Clock clock;
  private PackModel pack;
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

  /** False for a pack without a smart BMS: nothing opens a charge MOSFET on a cell's voltage. */
  private boolean bmsPresent = true;

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

  /** The length of the last physics step. */
  private Duration lastStep = Duration.ZERO;

  /** A pending timed switch of the output (a relay pulse ending), or null. */
  private Instant switchAt;

  private boolean switchTo;

  /** The supply's own protection, independent of regulation; null = it follows regulation. */
  private java.util.function.@org.jspecify.annotations.Nullable BooleanSupplier ownProtection;

  /** From this instant of the clock on, regulation ignores the voltage setpoint; null = never. */
  private @org.jspecify.annotations.Nullable Instant ignoresSetpointFrom;

  // ------------------------------------------------------------ injected faults and ground truth

  /** What the supply really outputs per volt it is set to (1.05: its read-back hides 5 % more). */
  private double outputVoltageGain = 1.0;

  /** The BMS serves this snapshot over and over while frozen; null = not frozen. */
  private @org.jspecify.annotations.Nullable BmsSnapshot frozenSnapshot;

  private boolean bmsFrozen;
  private boolean bmsSilent;

  /** The BMS answers nothing before this instant (a reboot); null = no reboot pending. */
  private @org.jspecify.annotations.Nullable Instant bmsRebootUntil;

  private boolean bmsIgnoresFetCommands;

  /** An alarm bit toggling from this instant on (set first), every {@link #flappingPeriod}. */
  private @org.jspecify.annotations.Nullable Instant flappingSince;

  private int flappingBit;
  private Duration flappingPeriod = Duration.ofSeconds(2);

  /** What the BMS's own SoC reads above the truth, percentage points. */
  private double socOffsetPercent;

  /** The 0-based cell whose top sense lead lands on the tap below it; -1 = wired right. */
  private int miswiredCell = -1;

  /** The pack heats from this instant on by {@link #heatingDeciPerSecond}; null = it does not. */
  private @org.jspecify.annotations.Nullable Instant heatingSince;

  private double heatingDeciPerSecond;

  private static final int EVERY_CELL = -2;

  /** The 0-based cell with a soft internal short; -1 = none, {@link #EVERY_CELL}: all of them. */
  private int shortedCell = -1;

  private double shortAmps;

  /** Seeded measurement noise of the BMS readings; null = perfectly smooth readings. */
  private java.util.@org.jspecify.annotations.Nullable SplittableRandom noise;

  private int cellNoiseMillivolts;
  private int currentNoiseMilliamps;

  /** Every instant the supply output went from on to off (any cause), oldest first. */
  private final List<Instant> outputOffs = new ArrayList<>();

  /** Every instant the charge MOSFET went from conducting to open (any cause), oldest first. */
  private final List<Instant> chargeFetOffs = new ArrayList<>();

  /** Every instant an "output off" was commanded but the output stayed on, oldest first. */
  private final List<Instant> ignoredOffs = new ArrayList<>();

  /** The highest true cell terminal voltage at the end of the previous physics step. */
  private double previousMaxCellVolts = Double.NaN;

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

  /**
   * Makes this a pack without a smart BMS: no cell over-voltage protection opens its charge path
   * (only the supply and the controller stand between the cells and an overcharge).
   */
  public synchronized void withoutBms() {
    bmsPresent = false;
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
      previousMaxCellVolts = pack.maxCellVolts(amps);
      pack.charge(amps, seconds);
      if (shortedCell >= 0) {
        pack.leak(shortedCell, shortAmps, seconds);
      } else if (shortedCell == EVERY_CELL) {
        for (int i = 0; i < pack.series(); i++) {
          pack.leak(i, shortAmps, seconds);
        }
      }
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
      lastStep = step;
      maxCellSeenVolts = Math.max(maxCellSeenVolts, pack.maxCellVolts(amps));
      watchCell();
      protect();
      switchIfDue();
    }
    amps = operatingCurrent();
  }

  private void switchIfDue() {
    if (switchAt != null && !simulatedTo.isBefore(switchAt)) {
      output(switchTo, switchAt);
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
    double now = pack.maxCellVolts(amps);
    if (cellFirstAboveWatch == null && !Double.isNaN(watchCellVolts) && now > watchCellVolts) {
      cellFirstAboveWatch = crossing(watchCellVolts, now);
    }
  }

  /**
   * When, within the step that just ended, the highest cell crossed {@code threshold}: linear
   * between the step's start and end, so that a crossing is not rounded up to the step's end.
   */
  private Instant crossing(double threshold, double now) {
    double before = previousMaxCellVolts;
    if (Double.isNaN(before) || before >= threshold || lastStep.isZero()) {
      return simulatedTo;
    }
    double fraction = (threshold - before) / (now - before);
    long back = Math.round((1 - fraction) * lastStep.toNanos());
    return simulatedTo.minusNanos(Math.max(0, Math.min(lastStep.toNanos(), back)));
  }

  /** Switches the output, noting the instant it went off. */
  private void output(boolean on, Instant at) {
    if (outputOn && !on) {
      outputOffs.add(at);
    }
    outputOn = on;
  }

  /** Switches the charge MOSFET, noting the instant it opened. */
  private void chargeFet(boolean on, Instant at) {
    if (chargeFet && !on) {
      chargeFetOffs.add(at);
    }
    chargeFet = on;
  }

  private double operatingCurrent() {
    if (!outputOn || !chargeFet) {
      return 0;
    }
    if (ignoresSetpoint()) {
      return setAmps;
    }
    double headroom =
        (setVolts * outputVoltageGain - pack.packOcvVolts()) / pack.packResistanceOhm();
    return Math.max(0, Math.min(setAmps, headroom));
  }

  private double terminalVolts(double current) {
    return pack.packOcvVolts() + current * pack.packResistanceOhm();
  }

  /**
   * What the supply measures at its terminals: the pack's, or its set voltage into an open circuit.
   */
  private double outputVolts(double current) {
    return outputOn && !chargeFet ? setVolts * outputVoltageGain : terminalVolts(current);
  }

  private void protect() {
    double current = operatingCurrent();
    if (bmsPresent && chargeFet && pack.maxCellVolts(current) > pack.curve().bmsCellOvpVolts()) {
      chargeFet(false, simulatedTo);
      bmsProtectionBits |= 1;
    }
    boolean armed = ownProtection != null ? ownProtection.getAsBoolean() : !ignoresSetpoint();
    if (armed && outputOn) {
      // an own protection watches the measured output (open circuit once the BMS disconnects)
      double volts = ownProtection != null ? outputVolts(current) : terminalVolts(current);
      if (volts > ovpVolts) {
        output(false, simulatedTo);
        protection = 1;
      } else if (current > ocpAmps) {
        output(false, simulatedTo);
        protection = 2;
      }
    }
  }

  @Override
  public synchronized SupplyState state() {
    advance();
    // open circuit at the set voltage once the BMS disconnects; a supply whose output is off by a
    // gain measures through the same divider and reads the gain away
    double outVolts = outputVolts(amps) / outputVoltageGain;
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
    output(on, simulatedTo);
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
    if (bmsFrozen) {
      if (frozenSnapshot == null) {
        frozenSnapshot = measure();
      }
      return frozenSnapshot;
    }
    return measure();
  }

  /** What the BMS measures now: the pack's cells through its sense leads, with its noise. */
  private BmsSnapshot measure() {
    List<Integer> cells = new ArrayList<>(pack.series());
    int packMillivolts = 0;
    for (int i = 0; i < pack.series(); i++) {
      double volts = pack.cellVolts(i, amps);
      packMillivolts += (int) Math.round(volts * 1000);
      int mv = (int) Math.round(volts * 1000) + jitter(cellNoiseMillivolts);
      cells.add(mv);
    }
    if (miswiredCell >= 0 && miswiredCell < cells.size()) {
      // the cell's top lead sits on the tap below it: it reads 0 V, the cell above reads both
      int lost = cells.get(miswiredCell);
      cells.set(miswiredCell, jitter(cellNoiseMillivolts) + 0);
      if (miswiredCell + 1 < cells.size()) {
        cells.set(miswiredCell + 1, cells.get(miswiredCell + 1) + lost);
      }
    }
    int soc =
        (int) Math.max(0, Math.min(100, Math.round(pack.meanSocPercent() + socOffsetPercent)));
    int protectionBits = bmsProtectionBits;
    if (flappingSince != null) {
      long periods =
          Duration.between(flappingSince, simulatedTo).toMillis() / flappingPeriod.toMillis();
      if (periods % 2 == 0) {
        protectionBits |= flappingBit;
      }
    }
    List<Integer> temps = tempDeciCelsius;
    if (heatingSince != null && simulatedTo.isAfter(heatingSince)) {
      double heat =
          heatingDeciPerSecond * Duration.between(heatingSince, simulatedTo).toMillis() / 1000.0;
      List<Integer> hot = new ArrayList<>(temps);
      hot.set(0, (int) Math.round(temps.get(0) + heat)); // the probe on the heating cell
      temps = hot;
    }
    return new BmsSnapshot(
        cells,
        packMillivolts,
        (int) Math.round(amps * 1000) + jitter(currentNoiseMilliamps),
        soc,
        temps,
        chargeFet,
        dischargeFet,
        0,
        protectionBits,
        3,
        (int) Math.round(nominalMilliampHours * soc / 100.0),
        nominalMilliampHours,
        pack.series());
  }

  @Override
  public synchronized void setFets(boolean charge, boolean discharge) {
    advance();
    if (bmsIgnoresFetCommands) {
      return;
    }
    setFetsNow(charge, discharge);
  }

  private void setFetsNow(boolean charge, boolean discharge) {
    chargeFet(charge, simulatedTo);
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

  /** A uniform integer in [-amplitude, amplitude] from the seeded noise, 0 without noise. */
  private int jitter(int amplitude) {
    java.util.SplittableRandom r = noise;
    return r == null || amplitude == 0 ? 0 : r.nextInt(-amplitude, amplitude + 1);
  }

  /**
   * From now on the BMS readings carry seeded noise, as real boards' do: each cell reading within
   * plus or minus {@code cellMillivolts}, the current within plus or minus {@code
   * currentMilliamps}. The pack voltage is measured on its own and carries none.
   */
  public synchronized void setMeasurementNoise(
      long seed, int cellMillivolts, int currentMilliamps) {
    advance();
    noise = new java.util.SplittableRandom(seed);
    cellNoiseMillivolts = cellMillivolts;
    currentNoiseMilliamps = currentMilliamps;
  }

  @Override
  public synchronized boolean answers() {
    advance();
    if (bmsRebootUntil != null && !simulatedTo.isBefore(bmsRebootUntil)) {
      // back from the reboot: MOSFETs on, alarms and counters cleared
      bmsRebootUntil = null;
      setFetsNow(true, true);
      bmsProtectionBits = 0;
      frozenSnapshot = null;
    }
    return !bmsSilent && bmsRebootUntil == null;
  }

  /**
   * Fault: the supply outputs {@code gain} times the voltage it is set to, and reads back the set.
   */
  public synchronized void setOutputVoltageGain(double gain) {
    advance();
    outputVoltageGain = gain;
  }

  /** Fault: the BMS serves the readings of this instant from now on, still answering. */
  public synchronized void freezeBms() {
    advance();
    bmsFrozen = true;
    frozenSnapshot = measure();
  }

  /** Fault: the BMS answers nothing from now on (and so applies no MOSFET command). */
  public synchronized void silenceBms() {
    advance();
    bmsSilent = true;
  }

  /**
   * Fault: the BMS drops off for {@code downtime} and comes back with both MOSFETs on and its
   * alarms and counters cleared, whatever it was told before.
   */
  public synchronized void rebootBms(Duration downtime) {
    advance();
    bmsRebootUntil = simulatedTo.plus(downtime);
  }

  /** Fault: the BMS acknowledges MOSFET commands and applies none. */
  public synchronized void ignoreFetCommands() {
    advance();
    bmsIgnoresFetCommands = true;
  }

  /**
   * Fault: from now on the protection word carries {@code bit} set for one {@code period}, clear
   * for the next, and so on (a cold balance-lead joint).
   */
  public synchronized void flapAlarm(int bit, Duration period) {
    advance();
    flappingSince = simulatedTo;
    flappingBit = bit;
    flappingPeriod = period;
  }

  /** Fault: the BMS's own SoC reads this many percentage points above the truth. */
  public synchronized void driftSoc(double percentagePoints) {
    advance();
    socOffsetPercent = percentagePoints;
  }

  /**
   * Fault: the top sense lead of cell {@code cell} (0-based) lands on the tap below it, so that
   * cell reads 0 V and the one above reads both (the last cell's reading is lost from the sum).
   */
  public synchronized void miswireSenseLead(int cell) {
    advance();
    miswiredCell = cell;
  }

  /** Fault: the first temperature probe's cell heats by {@code degreesPerMinute} from now on. */
  public synchronized void heatCell(double degreesPerMinute) {
    advance();
    heatingSince = simulatedTo;
    heatingDeciPerSecond = degreesPerMinute * 10 / 60.0;
  }

  /**
   * Fault: the cell that is highest now gets a soft internal short conducting {@code amps}: held at
   * the ceiling it keeps drawing that current, so the charge current never tapers.
   */
  public synchronized void shortHighestCell(double amps) {
    advance();
    int highest = 0;
    for (int i = 1; i < pack.series(); i++) {
      if (pack.cellVolts(i, 0) > pack.cellVolts(highest, 0)) {
        highest = i;
      }
    }
    shortedCell = highest;
    shortAmps = amps;
  }

  /**
   * Fault: every cell group gets a soft short conducting {@code amps} (a wet or contaminated cell
   * block): at the ceiling the pack keeps drawing that current, so the charge current never tapers.
   */
  public synchronized void shortEveryCell(double amps) {
    advance();
    shortedCell = EVERY_CELL;
    shortAmps = amps;
  }

  /** Fault: cell {@code cell} (0-based) gets a soft internal short conducting {@code amps}. */
  public synchronized void shortCell(int cell, double amps) {
    advance();
    shortedCell = cell;
    shortAmps = amps;
  }

  /**
   * Fault: another pack, of {@code series} cells charged as this one's, is on the bay from now on
   * (the wrong pack, or the BMS configured for another count).
   */
  public synchronized void replacePack(int series) {
    advance();
    pack = pack.withSeries(series);
  }

  /** The instant of the first "output off" that was commanded and ignored; null if none. */
  public synchronized @org.jspecify.annotations.Nullable Instant firstIgnoredOff() {
    return ignoredOffs.isEmpty() ? null : ignoredOffs.get(0);
  }

  @Override
  public synchronized void offCommandIgnored() {
    advance();
    if (outputOn) {
      ignoredOffs.add(simulatedTo);
    }
  }

  /** The first instant at or after {@code from} that the supply output went off; null if none. */
  public synchronized @org.jspecify.annotations.Nullable Instant outputOffSince(Instant from) {
    advance();
    return firstSince(outputOffs, from);
  }

  /** The first instant at or after {@code from} that the charge MOSFET opened; null if none. */
  public synchronized @org.jspecify.annotations.Nullable Instant chargeFetOffSince(Instant from) {
    advance();
    return firstSince(chargeFetOffs, from);
  }

  /** Whether the pack receives charge current now (output on and charge MOSFET closed). */
  public synchronized boolean charging() {
    advance();
    return amps > 0;
  }

  private static @org.jspecify.annotations.Nullable Instant firstSince(
      List<Instant> instants, Instant from) {
    for (Instant i : instants) {
      if (!i.isBefore(from)) {
        return i;
      }
    }
    return null;
  }
}
