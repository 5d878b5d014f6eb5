package org.chargebay.safety;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything the supervisor looks at, as plain values (this package depends on neither the decider
 * nor the event model).
 *
 * @param nowMillis the controller clock, milliseconds
 * @param charging true while a session may push current (the output is commanded on)
 * @param commanded what the supply was last told
 * @param bms the last good BMS reading, or null if none
 * @param supply the last good supply reading, or null if none
 * @param chargedMilliampHours the session's charge so far (integrated by the bay)
 * @param history what the bay has seen over the last polls ({@link SafetyHistory#fold})
 * @param allocationMilliamps the site's limit on this bay's current now (a depot's planner), null
 *     when the site imposes none: time held below the profile's current by the site counts towards
 *     the maximum charge time in proportion ({@link SafetyHistory#chargeMillisAt})
 */
public record SafetyInputs(
    long nowMillis,
    boolean charging,
    Commanded commanded,
    @Nullable Bms bms,
    @Nullable Supply supply,
    long chargedMilliampHours,
    SafetyHistory history,
    @Nullable Integer allocationMilliamps) {

  /** Inputs without a site limit. */
  public SafetyInputs(
      long nowMillis,
      boolean charging,
      Commanded commanded,
      @Nullable Bms bms,
      @Nullable Supply supply,
      long chargedMilliampHours,
      SafetyHistory history) {
    this(nowMillis, charging, commanded, bms, supply, chargedMilliampHours, history, null);
  }

  /** Inputs without a session charge and without history (the rules that need them see none). */
  public SafetyInputs(
      long nowMillis,
      boolean charging,
      Commanded commanded,
      @Nullable Bms bms,
      @Nullable Supply supply) {
    this(nowMillis, charging, commanded, bms, supply, 0, SafetyHistory.NONE);
  }

  /** The same inputs with this history. */
  public SafetyInputs withHistory(SafetyHistory h) {
    return new SafetyInputs(
        nowMillis, charging, commanded, bms, supply, chargedMilliampHours, h, allocationMilliamps);
  }

  /** The same inputs with the site's limit on the bay's current now (null: none). */
  public SafetyInputs withAllocation(@Nullable Integer milliamps) {
    return new SafetyInputs(
        nowMillis, charging, commanded, bms, supply, chargedMilliampHours, history, milliamps);
  }

  /** The supply setpoint last commanded. */
  public record Commanded(int millivolts, int milliamps, boolean outputOn) {}

  /**
   * A BMS reading and when it was taken. Current positive while charging.
   *
   * @param tempDeciCelsius the BMS's temperature sensors, deci-degrees Celsius (empty: none)
   * @param alarms the BMS's protection and alarm bits by name (empty: none, or a family that
   *     reports none)
   * @param cycles the BMS's charge cycle counter
   * @param remainingMilliampHours the BMS's coulomb counter
   * @param nominalMilliampHours the design capacity configured in the BMS (0: none)
   */
  public record Bms(
      long atMillis,
      List<Integer> cellMillivolts,
      int packMillivolts,
      int currentMilliamps,
      boolean chargeFet,
      List<Integer> tempDeciCelsius,
      Set<String> alarms,
      int cycles,
      int remainingMilliampHours,
      int nominalMilliampHours) {
    public Bms {
      cellMillivolts = List.copyOf(cellMillivolts);
      tempDeciCelsius = List.copyOf(tempDeciCelsius);
      alarms = Set.copyOf(alarms);
    }

    /** A reading without alarms and counters. */
    public Bms(
        long atMillis,
        List<Integer> cellMillivolts,
        int packMillivolts,
        int currentMilliamps,
        boolean chargeFet,
        List<Integer> tempDeciCelsius) {
      this(
          atMillis,
          cellMillivolts,
          packMillivolts,
          currentMilliamps,
          chargeFet,
          tempDeciCelsius,
          Set.of(),
          0,
          0,
          0);
    }

    /** A reading without temperature sensors. */
    public Bms(
        long atMillis,
        List<Integer> cellMillivolts,
        int packMillivolts,
        int currentMilliamps,
        boolean chargeFet) {
      this(atMillis, cellMillivolts, packMillivolts, currentMilliamps, chargeFet, List.of());
    }

    /** The highest cell, 0 if none. */
    public int cellMaxMillivolts() {
      return cellMillivolts.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
  }

  /**
   * A supply reading and when it was taken; protection 0 = none tripped.
   *
   * @param setMilliamps the current setpoint as read back, -1 if not known
   */
  public record Supply(
      long atMillis,
      int setMillivolts,
      int setMilliamps,
      int outMillivolts,
      int outMilliamps,
      boolean outputOn,
      int protection) {

    /** A reading without the current setpoint. */
    public Supply(
        long atMillis,
        int setMillivolts,
        int outMillivolts,
        int outMilliamps,
        boolean outputOn,
        int protection) {
      this(atMillis, setMillivolts, -1, outMillivolts, outMilliamps, outputOn, protection);
    }
  }
}
