package org.chargebay.supply;

import org.jspecify.annotations.Nullable;

/**
 * A driver that connects and identifies the supply on first use, and again after the link was
 * lost: a supply that is off or unplugged when the controller starts must not stop the bay from
 * starting (it is simply not ready, and the bay refuses to charge until it is).
 */
public final class LazySupplyDriver implements SupplyDriver {

  /** Opens and identifies the supply. */
  @FunctionalInterface
  public interface Connector {
    SupplyDriver connect() throws SupplyException;
  }

  private final Connector connector;
  private @Nullable SupplyDriver driver;
  private @Nullable SupplyCapabilities lastCapabilities;
  private @Nullable ProtectionSettings protection;

  private final Runnable onClose;

  public LazySupplyDriver(Connector connector) {
    this(connector, () -> {});
  }

  /** With something to release when the driver is closed for good (e.g. a listening socket). */
  public LazySupplyDriver(Connector connector, Runnable onClose) {
    this.connector = connector;
    this.onClose = onClose;
  }

  private SupplyDriver driver() throws SupplyException {
    SupplyDriver d = driver;
    if (d == null) {
      d = connector.connect();
      lastCapabilities = d.capabilities();
      ProtectionSettings p = protection;
      if (p != null) {
        // a reconnected driver has not verified the hardware backstop yet: write it again
        try {
          d.setProtection(p.ovpMillivolts(), p.ocpMilliamps());
        } catch (SupplyException e) {
          d.close();
          throw e;
        }
      }
      driver = d;
    }
    return d;
  }

  private <T extends SupplyException> T dropOnLinkLoss(T e) {
    if (e instanceof SupplyException.Retriable && driver != null) {
      driver.close();
      driver = null;
    }
    return e;
  }

  @Override
  public SupplyReading read() throws SupplyException {
    try {
      return driver().read();
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public void apply(SupplySetpoint setpoint) throws SupplyException {
    try {
      driver().apply(setpoint);
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public void outputOff() throws SupplyException {
    try {
      driver().outputOff();
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    try {
      protection = null;
      driver().setProtection(ovpMillivolts, ocpMilliamps);
      protection = new ProtectionSettings(ovpMillivolts, ocpMilliamps);
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public java.util.Optional<ProtectionSettings> readProtection() throws SupplyException {
    try {
      return driver().readProtection();
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public SupplyCapabilities capabilities() {
    SupplyCapabilities c = lastCapabilities;
    return c != null ? c : new SupplyCapabilities("unknown (not connected)", 0, 0, 10, 10, false);
  }

  /** Empty until the first connect identified the unit; then the last identified model's. */
  @Override
  public java.util.Optional<SupplyCapabilities> knownCapabilities() {
    return java.util.Optional.ofNullable(lastCapabilities);
  }

  @Override
  public void close() {
    if (driver != null) {
      driver.close();
      driver = null;
    }
    onClose.run();
  }
}
