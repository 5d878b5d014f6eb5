package org.chargebay.bay;

import java.util.ArrayList;
import java.util.List;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.Evidence;
import org.chargebay.safety.SafetyHistory;
import org.chargebay.safety.SafetyInputs;
import org.chargebay.session.ChargeState;
import org.chargebay.session.Observation;
import org.chargebay.supply.SupplyReading;
import org.jspecify.annotations.Nullable;

/**
 * What a bay knows of its devices, integrated over its polls: the last good BMS and supply readings
 * with the controller time they were taken, a window of recent BMS currents, and the session's
 * charge and energy. Pure and immutable: each poll's outcome makes a new value; it produces the
 * decider's {@link Observation} and the supervisor's {@link SafetyInputs}.
 *
 * <p>Charge and energy are integrated from the BMS's current and pack voltage, only while the
 * session is charging and only over intervals that end in a fresh BMS reading, in integer
 * milliampere-milliseconds and microwatt-milliseconds (no floating point in energy totals).
 *
 * @param bms the last good BMS reading, null if none in this controller's lifetime
 * @param bmsAtMillis when {@code bms} was read (controller clock)
 * @param supply the last good supply reading, null if none
 * @param supplyAtMillis when {@code supply} was read
 * @param recentCurrentMilliamps BMS currents of the latest consecutive good reads, oldest first, at
 *     most {@link #WINDOW}; a failed read empties it
 * @param chargeMilliampMillis the session's charge
 * @param energyMicrowattMillis the session's energy
 * @param integratedAtMillis the end of the last integration interval, -1 before the first poll
 */
public record Telemetry(
    @Nullable BmsSnapshot bms,
    long bmsAtMillis,
    @Nullable SupplyReading supply,
    long supplyAtMillis,
    List<Integer> recentCurrentMilliamps,
    long chargeMilliampMillis,
    long energyMicrowattMillis,
    long integratedAtMillis) {

  /** How many recent BMS currents the decider sees (its taper and resume windows fit in it). */
  public static final int WINDOW = 10;

  private static final long MILLIS_PER_HOUR = 3_600_000L;

  /** µW·ms in one mWh: 1,000 µW x 3,600,000 ms. */
  private static final long MICROWATT_MILLIS_PER_MILLIWATT_HOUR = 1_000L * MILLIS_PER_HOUR;

  public Telemetry {
    recentCurrentMilliamps = List.copyOf(recentCurrentMilliamps);
  }

  /** Nothing read yet; the session totals as last recorded (a restart continues them). */
  public static Telemetry resumedFrom(ChargeState state) {
    return new Telemetry(
        null,
        0,
        null,
        0,
        List.of(),
        state.chargedMilliampHours() * MILLIS_PER_HOUR,
        state.chargedMilliwattHours() * MICROWATT_MILLIS_PER_MILLIWATT_HOUR,
        -1);
  }

  /** A good BMS reading at {@code nowMillis}. */
  public Telemetry withBms(long nowMillis, BmsSnapshot snapshot) {
    List<Integer> window = new ArrayList<>(recentCurrentMilliamps.size() + 1);
    window.addAll(recentCurrentMilliamps);
    window.add(snapshot.currentMilliamps());
    while (window.size() > WINDOW) {
      window.remove(0);
    }
    return new Telemetry(
        snapshot,
        nowMillis,
        supply,
        supplyAtMillis,
        window,
        chargeMilliampMillis,
        energyMicrowattMillis,
        integratedAtMillis);
  }

  /** A failed BMS read: the last reading keeps its age, the current window starts over. */
  public Telemetry withBmsFailed() {
    return new Telemetry(
        bms,
        bmsAtMillis,
        supply,
        supplyAtMillis,
        List.of(),
        chargeMilliampMillis,
        energyMicrowattMillis,
        integratedAtMillis);
  }

  /** A good supply reading at {@code nowMillis}. */
  public Telemetry withSupply(long nowMillis, SupplyReading reading) {
    return new Telemetry(
        bms,
        bmsAtMillis,
        reading,
        nowMillis,
        recentCurrentMilliamps,
        chargeMilliampMillis,
        energyMicrowattMillis,
        integratedAtMillis);
  }

  /**
   * Integrates charge and energy up to {@code nowMillis}: the interval since the last call counts
   * if the session is charging and the BMS was read at {@code nowMillis} (charging current only).
   */
  public Telemetry integrated(long nowMillis, boolean charging) {
    BmsSnapshot b = bms;
    boolean readNow = b != null && bmsAtMillis == nowMillis;
    return integratedOver(
        nowMillis,
        charging && readNow,
        readNow ? b.currentMilliamps() : 0,
        readNow ? b.packMillivolts() : 0);
  }

  /**
   * The interval since the last integration, counted at {@code milliamps} (charging only) and
   * {@code millivolts} if {@code counts}; the next interval starts at {@code nowMillis} either way.
   */
  private Telemetry integratedOver(long nowMillis, boolean counts, int milliamps, int millivolts) {
    long charge = chargeMilliampMillis;
    long energy = energyMicrowattMillis;
    if (counts && integratedAtMillis >= 0) {
      long dt = nowMillis - integratedAtMillis;
      int ma = Math.max(0, milliamps);
      charge += (long) ma * dt;
      energy += (long) ma * millivolts * dt;
    }
    return new Telemetry(
        bms,
        bmsAtMillis,
        supply,
        supplyAtMillis,
        recentCurrentMilliamps,
        charge,
        energy,
        nowMillis);
  }

  /**
   * A good supply reading on a bay without a BMS: the supply's current stands in for the BMS's in
   * the current window (the decider's taper and resume windows).
   */
  public Telemetry withSupplyOnly(long nowMillis, SupplyReading reading) {
    List<Integer> window = new ArrayList<>(recentCurrentMilliamps.size() + 1);
    window.addAll(recentCurrentMilliamps);
    window.add(reading.outMilliamps());
    while (window.size() > WINDOW) {
      window.remove(0);
    }
    return new Telemetry(
        bms,
        bmsAtMillis,
        reading,
        nowMillis,
        window,
        chargeMilliampMillis,
        energyMicrowattMillis,
        integratedAtMillis);
  }

  /** A failed supply read on a bay without a BMS: the current window starts over. */
  public Telemetry withSupplyOnlyFailed() {
    return new Telemetry(
        bms,
        bmsAtMillis,
        supply,
        supplyAtMillis,
        List.of(),
        chargeMilliampMillis,
        energyMicrowattMillis,
        integratedAtMillis);
  }

  /**
   * {@link #integrated} for a bay without a BMS: from the supply's output current and voltage, over
   * intervals that end in a supply reading taken at {@code nowMillis}.
   */
  public Telemetry integratedFromSupply(long nowMillis, boolean charging) {
    SupplyReading s = supply;
    boolean readNow = s != null && supplyAtMillis == nowMillis;
    return integratedOver(
        nowMillis,
        charging && readNow,
        readNow ? s.outMilliamps() : 0,
        readNow ? s.outMillivolts() : 0);
  }

  /** The supply answered within its stale limit of {@code nowMillis} (a bay without a BMS). */
  public boolean supplyFresh(long nowMillis, long supplyStaleAfterMillis) {
    return supply != null && nowMillis - supplyAtMillis <= supplyStaleAfterMillis;
  }

  /** The telemetry after a recorded event: a started session counts from zero charge and energy. */
  public Telemetry after(ChargeEvent event) {
    if (!(event instanceof ChargeStarted)) {
      return this;
    }
    return new Telemetry(
        bms, bmsAtMillis, supply, supplyAtMillis, recentCurrentMilliamps, 0, 0, integratedAtMillis);
  }

  /** The session's charge, mAh (rounded down). */
  public long chargedMilliampHours() {
    return chargeMilliampMillis / MILLIS_PER_HOUR;
  }

  /** The session's energy, mWh (rounded down). */
  public long chargedMilliwattHours() {
    return energyMicrowattMillis / MICROWATT_MILLIS_PER_MILLIWATT_HOUR;
  }

  /** Both devices answered within their stale limits of {@code nowMillis}. */
  public boolean fresh(long nowMillis, long bmsStaleAfterMillis, long supplyStaleAfterMillis) {
    return bms != null
        && supply != null
        && nowMillis - bmsAtMillis <= bmsStaleAfterMillis
        && nowMillis - supplyAtMillis <= supplyStaleAfterMillis;
  }

  /** What the decider sees at {@code nowMillis}. */
  public Observation observation(long nowMillis, boolean fresh) {
    BmsSnapshot b = bms;
    SupplyReading s = supply;
    Evidence.Bms eb =
        b == null
            ? null
            : new Evidence.Bms(
                nowMillis - bmsAtMillis,
                b.packMillivolts(),
                b.currentMilliamps(),
                b.cellMillivolts(),
                b.chargeFet(),
                b.dischargeFet());
    Evidence.Supply es =
        s == null
            ? null
            : new Evidence.Supply(
                nowMillis - supplyAtMillis,
                s.setMillivolts(),
                s.setMilliamps(),
                s.outMillivolts(),
                s.outMilliamps(),
                s.outputOn(),
                s.mode());
    Evidence evidence = new Evidence(eb, es, chargedMilliampHours(), chargedMilliwattHours());
    return new Observation(
        evidence,
        fresh,
        recentCurrentMilliamps,
        b == null ? List.of() : b.tempDeciCelsius(),
        b == null ? 0 : b.nominalMilliampHours());
  }

  /**
   * What the supervisor sees at {@code nowMillis}, given what the supply was last commanded;
   * without history (the bay adds its own, {@link SafetyInputs#withHistory}).
   */
  public SafetyInputs safetyInputs(long nowMillis, ChargeState state) {
    BmsSnapshot b = bms;
    SupplyReading s = supply;
    return new SafetyInputs(
        nowMillis,
        state.phase().charging() && state.outputOn(),
        new SafetyInputs.Commanded(
            state.commandedMillivolts(), state.commandedMilliamps(), state.outputOn()),
        b == null
            ? null
            : new SafetyInputs.Bms(
                bmsAtMillis,
                b.cellMillivolts(),
                b.packMillivolts(),
                b.currentMilliamps(),
                b.chargeFet(),
                b.tempDeciCelsius(),
                alarmNames(b),
                b.cycles(),
                b.remainingMilliampHours(),
                b.nominalMilliampHours()),
        s == null
            ? null
            : new SafetyInputs.Supply(
                supplyAtMillis,
                s.setMillivolts(),
                s.setMilliamps(),
                s.outMillivolts(),
                s.outMilliamps(),
                s.outputOn(),
                s.protection()),
        chargedMilliampHours(),
        SafetyHistory.NONE);
  }

  private static java.util.Set<String> alarmNames(BmsSnapshot b) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (org.chargebay.bms.BmsAlarm a : b.alarms()) {
      names.add(a.name());
    }
    return names;
  }
}
