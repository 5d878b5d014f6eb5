package org.chargebay.bay;

import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;

/**
 * The BMS of a bay that has none ({@code bms.family=none}): its loop never reads it (the settings
 * say so), and any call that still reaches it fails with the reason, so that nothing pretends a
 * charge MOSFET was opened.
 */
public final class NoBmsClient implements BmsClient {
  /** What a call says. */
  public static final String REASON = "not available: no BMS on this bay (bms.family=none)";

  @Override
  public BmsSnapshot read() throws BmsException {
    throw new BmsException(REASON);
  }

  @Override
  public void setChargeFet(boolean on) throws BmsException {
    throw new BmsException(REASON);
  }

  @Override
  public void close() {
    // nothing is open
  }
}
