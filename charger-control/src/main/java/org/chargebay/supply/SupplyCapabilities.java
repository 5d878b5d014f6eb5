package org.chargebay.supply;

/**
 * What a model can do. Conservative figures from the vendor documentation.
 *
 * @param voltageStepMillivolts setpoint resolution
 * @param hasHardwareProtection true if the model has settable OVP/OCP
 */
public record SupplyCapabilities(
    String model,
    int maxMillivolts,
    int maxMilliamps,
    int voltageStepMillivolts,
    int currentStepMilliamps,
    boolean hasHardwareProtection) {}
