package org.chargebay.bay;

import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.ChargeFetUnavailableException;

/**
 * The BMS of a bay that has none ({@code bms.family=none}): its loop never reads it (the settings
 * say so), and any call that still reaches it fails with the reason, so that nothing pretends a
 * charge MOSFET was opened. Its charge-MOSFET command is a path that does not exist: not available
 * (as on a BMS without that command), never a failed path to retry.
 */
public final class NoBmsClient implements BmsClient {
  /** What a call says. */
  public static final String REASON = "not available: no BMS on this bay (bms.family=none)";

  /** Why there is no charge MOSFET to open (the path's outcome adds "not available"). */
  public static final String FET_REASON = "no BMS on this bay (bms.family=none)";

  @Override
  public BmsSnapshot read() throws BmsException {
    throw new BmsException(REASON);
  }

  @Override
  public void setChargeFet(boolean on) throws BmsException {
    // the path does not exist (not a failed one): "bms-charge-fet-off: not available: ..."
    throw new ChargeFetUnavailableException(FET_REASON);
  }

  @Override
  public void close() {
    // nothing is open
  }
}
