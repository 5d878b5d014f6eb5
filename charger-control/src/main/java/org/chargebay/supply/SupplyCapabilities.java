package org.chargebay.supply;

import org.jspecify.annotations.Nullable;

/**
 * What a model can do. Conservative figures from the vendor documentation, not marketing.
 *
 * <p>The bay runtime hands these to the decider at every start ({@code session.SupplyFacts}, where
 * the check whether a profile can be served lives) and records them with the tick (so that a replay
 * decides the same): keep the record a plain value.
 *
 * @param maxMillivolts highest voltage setpoint the model accepts (a fixed charger: its voltage)
 * @param maxMilliamps highest current setpoint the model accepts (a fixed charger: its current)
 * @param voltageStepMillivolts setpoint resolution (at least 1)
 * @param currentStepMilliamps setpoint resolution (at least 1)
 * @param hasHardwareProtection true if the model has settable OVP/OCP that the controller writes
 *     and verifies before enabling the output (the hardware backstop)
 * @param notes what the operator should know, e.g. why there is no hardware backstop
 * @param fixedMillivolts the output voltage of a charger that can only be switched on and off
 *     (nameplate), null for a regulated supply
 */
public record SupplyCapabilities(
    String model,
    int maxMillivolts,
    int maxMilliamps,
    int voltageStepMillivolts,
    int currentStepMilliamps,
    boolean hasHardwareProtection,
    String notes,
    @Nullable Integer fixedMillivolts) {

  /** A regulated supply. */
  public SupplyCapabilities(
      String model,
      int maxMillivolts,
      int maxMilliamps,
      int voltageStepMillivolts,
      int currentStepMilliamps,
      boolean hasHardwareProtection,
      String notes) {
    this(
        model,
        maxMillivolts,
        maxMilliamps,
        voltageStepMillivolts,
        currentStepMilliamps,
        hasHardwareProtection,
        notes,
        null);
  }

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
}
