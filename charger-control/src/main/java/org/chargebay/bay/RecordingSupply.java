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

  private static IoCall.Failure failure(SupplyException e) {
    return new IoCall.Failure(
        e instanceof SupplyException.Fatal ? "fatal" : "retriable", String.valueOf(e.getMessage()));
  }

  @Override
  public SupplyReading read() throws SupplyException {
    try {
      SupplyReading r = delegate.read();
      log.accept(new IoCall.SupplyRead(r, null));
      return r;
    } catch (SupplyException e) {
      log.accept(new IoCall.SupplyRead(null, failure(e)));
      throw e;
    }
  }

  @Override
  public void apply(SupplySetpoint setpoint) throws SupplyException {
    try {
      delegate.apply(setpoint);
      log.accept(new IoCall.SupplyApply(setpoint, null));
    } catch (SupplyException e) {
      log.accept(new IoCall.SupplyApply(setpoint, failure(e)));
      throw e;
    }
  }

  @Override
  public void outputOff() throws SupplyException {
    try {
      delegate.outputOff();
      log.accept(new IoCall.SupplyOutputOff(null));
    } catch (SupplyException e) {
      log.accept(new IoCall.SupplyOutputOff(failure(e)));
      throw e;
    }
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    try {
      delegate.setProtection(ovpMillivolts, ocpMilliamps);
      log.accept(new IoCall.SupplyProtection(ovpMillivolts, ocpMilliamps, null));
    } catch (SupplyException e) {
      log.accept(new IoCall.SupplyProtection(ovpMillivolts, ocpMilliamps, failure(e)));
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
    log.accept(new IoCall.SupplyCapabilitiesKnown(c.orElse(null)));
    return c;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
