package org.chargebay.supply;

import java.util.Optional;

/**
 * A programmable supply. Calls block for at most the configured request timeout and must not be
 * made concurrently (one request in flight per port): the bay runtime calls them from its own
 * thread, never from an event loop.
 */
public interface SupplyDriver extends AutoCloseable {

  /** Reads set and measured values, output state, CC/CV mode and protection status. */
  SupplyReading read() throws SupplyException;

  /**
   * Writes the setpoint and output state, then reads them back. A write is never retried blindly:
   * if the read-back disagrees, this throws {@link SupplyException.Fatal}.
   */
  void apply(SupplySetpoint setpoint) throws SupplyException;

  /** Turns the output off and confirms it by read-back. Idempotent; works after errors. */
  void outputOff() throws SupplyException;

  /**
   * Writes the supply's own over-voltage and over-current protection (the hardware backstop) and
   * verifies them by read-back.
   */
  void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException;

  /**
   * Writes the backstop again after the link was lost and re-established, and verifies it, like
   * {@link #setProtection} but without clearing anything the unit has latched: a trip the unit
   * latched before the link dropped must still show after it. The default is {@link
   * #setProtection}, right for every driver whose {@code setProtection} clears nothing.
   */
  default void restoreProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    setProtection(ovpMillivolts, ocpMilliamps);
  }

  /**
   * The supply's own OVP/OCP thresholds as the unit holds them now; empty where the model has none
   * (see {@link SupplyCapabilities#hasHardwareProtection()}).
   */
  default Optional<ProtectionSettings> readProtection() throws SupplyException {
    return Optional.empty();
  }

  /** The model's limits, e.g. for refusing a profile it cannot serve. */
  SupplyCapabilities capabilities();

  /**
   * The model's limits once the model is known: empty while a lazily connecting driver has not
   * identified the unit yet. The bay runtime asks this at every start (autodetect happens on
   * connect, so the first successful read makes it known).
   */
  default Optional<SupplyCapabilities> knownCapabilities() {
    return Optional.of(capabilities());
  }

  @Override
  void close();
}
