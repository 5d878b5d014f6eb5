package org.chargebay.bms;

/**
 * A conversation with one BMS over one transport. Calls block for at most the configured response
 * timeout and are never made concurrently by the caller (one request in flight per port).
 */
public interface BmsClient extends AutoCloseable {

  /** Reads a full snapshot (for JBD: basic info 0x03 then cell voltages 0x04). */
  BmsSnapshot read() throws BmsException;

  /**
   * Switches the charge MOSFET, leaving the discharge MOSFET as it is. The caller verifies the
   * effect on the next snapshot.
   */
  void setChargeFet(boolean on) throws BmsException;

  @Override
  void close();
}
