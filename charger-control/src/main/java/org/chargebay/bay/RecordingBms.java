package org.chargebay.bay;

import java.util.function.Consumer;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.ChargeFetUnavailableException;

/** Passes calls through and tells the loop's transcript what happened. */
final class RecordingBms implements BmsClient {
  private final BmsClient delegate;
  private final Consumer<IoCall> log;

  RecordingBms(BmsClient delegate, Consumer<IoCall> log) {
    this.delegate = delegate;
    this.log = log;
  }

  @Override
  public BmsSnapshot read() throws BmsException {
    try {
      BmsSnapshot s = delegate.read();
      log.accept(new IoCall.BmsRead(s, null));
      return s;
    } catch (BmsException e) {
      log.accept(new IoCall.BmsRead(null, failure(e)));
      throw e;
    }
  }

  @Override
  public void setChargeFet(boolean on) throws BmsException {
    try {
      delegate.setChargeFet(on);
      log.accept(new IoCall.BmsChargeFet(on, null));
    } catch (BmsException e) {
      log.accept(new IoCall.BmsChargeFet(on, failure(e)));
      throw e;
    }
  }

  /** The failure kind of a charge-MOSFET command the BMS does not have (replayed as such). */
  static final String UNAVAILABLE = "bms-unavailable";

  private static IoCall.Failure failure(BmsException e) {
    return new IoCall.Failure(
        e instanceof ChargeFetUnavailableException ? UNAVAILABLE : "bms",
        String.valueOf(e.getMessage()));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
