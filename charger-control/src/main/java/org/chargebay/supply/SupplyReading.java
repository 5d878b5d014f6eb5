package org.chargebay.supply;

/**
 * One reading of a supply, in integer milli-units.
 *
 * @param model the detected model name, e.g. {@code "RD6018"}
 * @param constantCurrent true while the supply is current-limited (CC), false in CV
 * @param protection 0 none, otherwise the model's protection code (RD60xx: 1 OVP, 2 OCP)
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
    int protection) {

  /** {@code "CC"} or {@code "CV"}. */
  public String mode() {
    return constantCurrent ? "CC" : "CV";
  }
}
