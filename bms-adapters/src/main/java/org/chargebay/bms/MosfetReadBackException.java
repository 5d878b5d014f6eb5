package org.chargebay.bms;

/**
 * A charge-MOSFET command was sent, but the snapshot read right after it shows the MOSFET in the
 * other state: the BMS ignored or refused the command (or another party switched it back). The
 * charge path must then be treated as not cut by the BMS.
 */
public class MosfetReadBackException extends BmsException {

  private final boolean requested;
  private final BmsSnapshot readBack;

  public MosfetReadBackException(String message, boolean requested, BmsSnapshot readBack) {
    super(message);
    this.requested = requested;
    this.readBack = readBack;
  }

  /** The state that was commanded: true = on. */
  public boolean requested() {
    return requested;
  }

  /** The snapshot read after the command. */
  public BmsSnapshot readBack() {
    return readBack;
  }
}
