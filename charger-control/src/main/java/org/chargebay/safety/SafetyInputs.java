package org.chargebay.safety;

import java.util.List;
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
 */
public record SafetyInputs(
    long nowMillis,
    boolean charging,
    Commanded commanded,
    @Nullable Bms bms,
    @Nullable Supply supply) {

  /** The supply setpoint last commanded. */
  public record Commanded(int millivolts, int milliamps, boolean outputOn) {}

  /**
   * A BMS reading and when it was taken. Current positive while charging.
   *
   * @param tempDeciCelsius the BMS's temperature sensors, deci-degrees Celsius (empty: none)
   */
  public record Bms(
      long atMillis,
      List<Integer> cellMillivolts,
      int packMillivolts,
      int currentMilliamps,
      boolean chargeFet,
      List<Integer> tempDeciCelsius) {
    public Bms {
      cellMillivolts = List.copyOf(cellMillivolts);
      tempDeciCelsius = List.copyOf(tempDeciCelsius);
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
  }

  /** A supply reading and when it was taken; protection 0 = none tripped. */
  public record Supply(
      long atMillis,
      int setMillivolts,
      int outMillivolts,
      int outMilliamps,
      boolean outputOn,
      int protection) {}
}
