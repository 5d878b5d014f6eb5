package org.chargebay.simulator;

/** Fault switches of one simulated bay. Thread-safe; flip them at any time. */
public final class Faults {
  private volatile boolean supplyIgnoresVoltageSetpoint;

  /**
   * The supply keeps pushing its current limit whatever its voltage setpoint and OVP say (a CC-only
   * converter past full, as caught in the field).
   */
  public boolean supplyIgnoresVoltageSetpoint() {
    return supplyIgnoresVoltageSetpoint;
  }

  public void supplyIgnoresVoltageSetpoint(boolean on) {
    this.supplyIgnoresVoltageSetpoint = on;
  }
}
