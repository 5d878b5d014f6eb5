package org.chargebay.bay;

import java.util.Optional;
import java.util.function.Consumer;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;

/** Passes calls through and tells the loop's transcript what happened. */
final class RecordingSupply implements SupplyDriver {
  private final SupplyDriver delegate;
  private final Consumer<IoCall> log;

  RecordingSupply(SupplyDriver delegate, Consumer<IoCall> log) {
    this.delegate = delegate;
    this.log = log;
  }

  private static String kind(SupplyException e) {
    return e instanceof SupplyException.Fatal ? "fatal" : "retriable";
  }

  @Override
  public SupplyReading read() throws SupplyException {
    try {
      SupplyReading r = delegate.read();
      log.accept(new IoCall(IoCall.Kind.SUPPLY_READ, null, r, null, null, null, null, null, null, null));
      return r;
    } catch (SupplyException e) {
      log.accept(IoCall.of(IoCall.Kind.SUPPLY_READ).failed(kind(e), e.getMessage()));
      throw e;
    }
  }

  @Override
  public void apply(SupplySetpoint setpoint) throws SupplyException {
    IoCall call = new IoCall(IoCall.Kind.SUPPLY_APPLY, null, null, setpoint, null, null, null, null, null, null);
    try {
      delegate.apply(setpoint);
      log.accept(call);
    } catch (SupplyException e) {
      log.accept(call.failed(kind(e), e.getMessage()));
      throw e;
    }
  }

  @Override
  public void outputOff() throws SupplyException {
    IoCall call = IoCall.of(IoCall.Kind.SUPPLY_OUTPUT_OFF);
    try {
      delegate.outputOff();
      log.accept(call);
    } catch (SupplyException e) {
      log.accept(call.failed(kind(e), e.getMessage()));
      throw e;
    }
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    IoCall call =
        new IoCall(IoCall.Kind.SUPPLY_PROTECTION, null, null, null, ovpMillivolts, ocpMilliamps, null, null, null, null);
    try {
      delegate.setProtection(ovpMillivolts, ocpMilliamps);
      log.accept(call);
    } catch (SupplyException e) {
      log.accept(call.failed(kind(e), e.getMessage()));
      throw e;
    }
  }

  @Override
  public SupplyCapabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Optional<SupplyCapabilities> knownCapabilities() {
    return delegate.knownCapabilities();
  }

  /**
   * The capabilities a decision is about to use, recorded in the transcript (a {@link
   * IoCall.Kind#SUPPLY_CAPABILITIES} call, with null capabilities while the model is unknown), so
   * that a replay hands the decider the same ones.
   */
  Optional<SupplyCapabilities> recordCapabilities() {
    Optional<SupplyCapabilities> c = delegate.knownCapabilities();
    log.accept(IoCall.capabilities(c.orElse(null)));
    return c;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
