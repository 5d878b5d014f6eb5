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

  /**
   * The pack's hardware id or serial as the BMS reports it, read now (a pack may have been swapped
   * since the last call); empty if the family reports none. JBD: the hardware string of register
   * 0x05, which pack builders set to the pack's serial (a board left with its factory model string
   * gives every pack of that model the same id). The other families: none read yet.
   *
   * @throws BmsException if the BMS does not answer
   */
  default java.util.Optional<String> readHardwareId() throws BmsException {
    return java.util.Optional.empty();
  }

  @Override
  void close();
}
