package org.chargebay.supply;

import java.util.Optional;

/**
 * What a model can do. Conservative figures from the vendor documentation, not marketing.
 *
 * @param maxMillivolts highest voltage setpoint the model accepts
 * @param maxMilliamps highest current setpoint the model accepts
 * @param voltageStepMillivolts setpoint resolution (at least 1)
 * @param currentStepMilliamps setpoint resolution (at least 1)
 * @param hasHardwareProtection true if the model has settable OVP/OCP that the controller writes
 *     and verifies before enabling the output (the hardware backstop)
 * @param notes what the operator should know, e.g. why there is no hardware backstop
 */
public record SupplyCapabilities(
    String model,
    int maxMillivolts,
    int maxMilliamps,
    int voltageStepMillivolts,
    int currentStepMilliamps,
    boolean hasHardwareProtection,
    String notes) {

  public SupplyCapabilities(
      String model,
      int maxMillivolts,
      int maxMilliamps,
      int voltageStepMillivolts,
      int currentStepMilliamps,
      boolean hasHardwareProtection) {
    this(
        model,
        maxMillivolts,
        maxMilliamps,
        voltageStepMillivolts,
        currentStepMilliamps,
        hasHardwareProtection,
        hasHardwareProtection ? "" : "no settable OVP/OCP: the controller is the only limit");
  }

  /**
   * Why this supply cannot serve a charge profile, or empty if it can. The check includes the
   * margin the hardware protection adds above the ceiling, since that too must be settable.
   *
   * @param ceilingMillivolts the pack's CV ceiling
   * @param currentMilliamps the profile's charge current
   */
  public Optional<String> cannotServe(
      int ceilingMillivolts, int currentMilliamps, int voltageMarginMillivolts,
      int currentMarginMilliamps) {
    if (ceilingMillivolts > maxMillivolts) {
      return Optional.of(
          model + " can set at most " + maxMillivolts + " mV; the profile needs "
              + ceilingMillivolts + " mV");
    }
    if (currentMilliamps > maxMilliamps) {
      return Optional.of(
          model + " can set at most " + maxMilliamps + " mA; the profile needs "
              + currentMilliamps + " mA");
    }
    if (hasHardwareProtection
        && (ceilingMillivolts + voltageMarginMillivolts > maxMillivolts * 11L / 10
            || currentMilliamps + currentMarginMilliamps > maxMilliamps * 11L / 10)) {
      return Optional.of(
          model + " cannot hold its OVP/OCP at the profile plus margin ("
              + (ceilingMillivolts + voltageMarginMillivolts) + " mV / "
              + (currentMilliamps + currentMarginMilliamps) + " mA)");
    }
    return Optional.empty();
  }
}
