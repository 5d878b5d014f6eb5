package org.chargebay.supply;

import java.util.OptionalInt;

/**
 * One reading of a supply, in integer milli-units.
 *
 * @param model the detected model name, e.g. {@code "RD6018"}
 * @param inputMillivolts the supply's input voltage, 0 where the model does not report it
 * @param constantCurrent true while the supply is current-limited (CC), false in CV
 * @param protection 0 none, otherwise the model's protection code (RD60xx: 1 OVP, 2 OCP)
 * @param protectionName the code's name for this model ("none", "OVP", "OCP", "OTP", ...)
 * @param tempDeciCelsius the supply's internal temperature where it reports one
 */
public record SupplyReading(
    String model,
    int setMillivolts,
    int setMilliamps,
    int outMillivolts,
    int outMilliamps,
    long outMilliwatts,
    int inputMillivolts,
    boolean outputOn,
    boolean constantCurrent,
    int protection,
    String protectionName,
    OptionalInt tempDeciCelsius) {

  /** A reading without protection name or temperature (models that report neither). */
  public SupplyReading(
      String model,
      int setMillivolts,
      int setMilliamps,
      int outMillivolts,
      int outMilliamps,
      long outMilliwatts,
      int inputMillivolts,
      boolean outputOn,
      boolean constantCurrent,
      int protection) {
    this(
        model,
        setMillivolts,
        setMilliamps,
        outMillivolts,
        outMilliamps,
        outMilliwatts,
        inputMillivolts,
        outputOn,
        constantCurrent,
        protection,
        protection == 0 ? "none" : "code " + protection,
        OptionalInt.empty());
  }

  /** {@code "CC"} or {@code "CV"}. */
  public String mode() {
    return constantCurrent ? "CC" : "CV";
  }
}
