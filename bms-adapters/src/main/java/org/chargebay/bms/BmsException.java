package org.chargebay.bms;

/**
 * A BMS exchange failed: no answer in time, the link dropped, or every frame received was rejected.
 * The client stays usable; the next call tries again.
 */
public class BmsException extends Exception {
  public BmsException(String message) {
    super(message);
  }

  public BmsException(String message, Throwable cause) {
    super(message, cause);
  }
}
