package org.chargebay.simulator;

/**
 * What a supply emulator's register image is wired to: the electrical side of a simulated bay.
 * Values are in volts and amps as doubles (this is a simulation, not an accounting).
 */
public interface SupplyBackend {

  /** The supply's view now (the simulation is advanced to the clock's now first). */
  SupplyState state();

  void setVoltage(double volts);

  void setCurrent(double amps);

  void setOutput(boolean on);

  /**
   * Switches the output to {@code on} at the instant {@code at} of the backend's clock (a relay's
   * timed pulse ending), so the physics switches then even if nobody looks. A later {@link
   * #setOutput} cancels it.
   */
  void setOutputAt(boolean on, java.time.Instant at);

  /**
   * Tells the backend that an "output off" was just received and ignored (the unit's fault), so
   * that a simulation knows when the output should have gone off. Nothing by default.
   */
  default void offCommandIgnored() {}

  /** The supply's own over-voltage and over-current protection thresholds. */
  void setProtection(double ovpVolts, double ocpAmps);

  /**
   * Makes the supply's OVP/OCP a watch on the measured output that is independent of regulation, as
   * in units whose firmware compares the measured output with the thresholds (RD60xx, DPS, XY, EA):
   * the physics checks it at every simulation step, so it trips at the step where the output
   * crosses the threshold, not when the next request happens to look, and it still acts while
   * regulation is stuck in CC ({@link
   * org.chargebay.simulator.Faults#supplyIgnoresVoltageSetpoint}). {@code armed} is asked at every
   * step; false is a unit whose protection is disabled or broken.
   *
   * <p>Without this call the protection follows regulation: a supply stuck in CC has no working
   * OVP/OCP either (a CC-only converter past full, as caught in the field).
   */
  void armOwnProtection(java.util.function.BooleanSupplier armed);

  /**
   * A snapshot of the supply.
   *
   * @param protection 0 none, 1 OVP tripped, 2 OCP tripped (the RD60xx encoding)
   * @param constantCurrent true while current-limited (CC), false in CV
   */
  record SupplyState(
      double setVolts,
      double setAmps,
      double outVolts,
      double outAmps,
      boolean outputOn,
      boolean constantCurrent,
      int protection,
      double ovpVolts,
      double ocpAmps,
      double inputVolts,
      double ampHours,
      double wattHours) {}
}
