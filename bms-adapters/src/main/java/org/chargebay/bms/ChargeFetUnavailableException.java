package org.chargebay.bms;

/**
 * The BMS has no charge-MOSFET command this library can send (JK PB, ANT {@code 7E A1}: the cited
 * sources document none). Not a failure of the link: the path does not exist on this board, and
 * retrying it changes nothing.
 */
public class ChargeFetUnavailableException extends BmsException {
  public ChargeFetUnavailableException(String message) {
    super(message);
  }
}
