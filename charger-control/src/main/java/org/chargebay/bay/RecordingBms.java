package org.chargebay.bay;

import java.util.function.Consumer;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;

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
    IoCall call = IoCall.of(IoCall.Kind.BMS_READ);
    try {
      BmsSnapshot s = delegate.read();
      log.accept(new IoCall(call.kind(), s, null, null, null, null, null, null, null, null));
      return s;
    } catch (BmsException e) {
      log.accept(call.failed("bms", e.getMessage()));
      throw e;
    }
  }

  @Override
  public void setChargeFet(boolean on) throws BmsException {
    IoCall call = new IoCall(IoCall.Kind.BMS_CHARGE_FET, null, null, null, null, null, on, null, null, null);
    try {
      delegate.setChargeFet(on);
      log.accept(call);
    } catch (BmsException e) {
      log.accept(call.failed("bms", e.getMessage()));
      throw e;
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
