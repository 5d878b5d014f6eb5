package org.chargebay.supply;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A driver that connects and identifies the supply on first use, and again after the link was lost:
 * a supply that is off or unplugged when the controller starts must not stop the bay from starting
 * (it is simply not ready, and the bay refuses to charge until it is).
 *
 * <p>Reconnects back off: a retriable failure drops the connection (and with it the bus's own
 * backoff state), so after {@value #LOSSES_BEFORE_BACKOFF} lost or failed connections in a row
 * without a successful call in between, reconnecting pauses for {@link #INITIAL_BACKOFF}, doubling
 * up to {@link #MAX_BACKOFF}; calls fail fast meanwhile instead of hammering a unit that stopped
 * answering with connect + identify every poll. {@link #outputOff()} is urgent: it always tries.
 * One successful call resets the backoff.
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

  /** Lost or failed connections in a row before reconnecting pauses. */
  public static final int LOSSES_BEFORE_BACKOFF = 3;

  public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final LongSupplier nanoTime;
  private int consecutiveLosses;
  private long reconnectNotBeforeNanos;
  private long backoffNanos = INITIAL_BACKOFF.toNanos();

  public LazySupplyDriver(Connector connector) {
    this(connector, () -> {});
  }

  /** With something to release when the driver is closed for good (e.g. a listening socket). */
  public LazySupplyDriver(Connector connector, Runnable onClose) {
    this(connector, onClose, System::nanoTime);
  }

  /** With an injectable monotonic clock (nanoseconds) for the reconnect backoff, for tests. */
  public LazySupplyDriver(Connector connector, Runnable onClose, LongSupplier nanoTime) {
    this.connector = connector;
    this.onClose = onClose;
    this.nanoTime = nanoTime;
  }

  private SupplyDriver driver(boolean urgent) throws SupplyException {
    SupplyDriver d = driver;
    if (d == null) {
      long wait = reconnectNotBeforeNanos - nanoTime.getAsLong();
      if (!urgent && consecutiveLosses >= LOSSES_BEFORE_BACKOFF && wait > 0) {
        throw new SupplyException.Retriable(
            "not reconnecting to the supply: "
                + consecutiveLosses
                + " lost or failed connections"
                + " in a row; backing off for another "
                + Duration.ofNanos(wait).toMillis()
                + " ms",
            null);
      }
      try {
        d = connector.connect();
      } catch (SupplyException e) {
        lost();
        throw e;
      }
      lastCapabilities = d.capabilities();
      ProtectionSettings p = protection;
      if (p != null) {
        // a reconnected driver has not verified the hardware backstop yet: write it again, but
        // leave a latched trip latched (it is the session's evidence, not the reconnect's to clear)
        try {
          d.restoreProtection(p.ovpMillivolts(), p.ocpMilliamps());
        } catch (SupplyException e) {
          d.close();
          lost();
          throw e;
        }
      }
      driver = d;
    }
    return d;
  }

  private SupplyDriver driver() throws SupplyException {
    return driver(false);
  }

  /** A connection was lost or could not be made: count it, and back off after a run of them. */
  private void lost() {
    consecutiveLosses++;
    if (consecutiveLosses >= LOSSES_BEFORE_BACKOFF) {
      reconnectNotBeforeNanos = nanoTime.getAsLong() + backoffNanos;
      backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos());
    }
  }

  /** A call went through: the unit answers again. */
  private <T> T answered(T result) {
    consecutiveLosses = 0;
    backoffNanos = INITIAL_BACKOFF.toNanos();
    return result;
  }

  private <T extends SupplyException> T dropOnLinkLoss(T e) {
    if (e instanceof SupplyException.Retriable && driver != null) {
      driver.close();
      driver = null;
      lost();
    }
    return e;
  }

  @Override
  public SupplyReading read() throws SupplyException {
    try {
      return answered(driver().read());
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public void apply(SupplySetpoint setpoint) throws SupplyException {
    try {
      driver().apply(setpoint);
      answered(Boolean.TRUE);
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public void outputOff() throws SupplyException {
    try {
      driver(true).outputOff(); // urgent: tried even while reconnects back off
      answered(Boolean.TRUE);
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    try {
      protection = null;
      driver().setProtection(ovpMillivolts, ocpMilliamps);
      answered(Boolean.TRUE);
      protection = new ProtectionSettings(ovpMillivolts, ocpMilliamps);
    } catch (SupplyException e) {
      throw dropOnLinkLoss(e);
    }
  }

  @Override
  public java.util.Optional<ProtectionSettings> readProtection() throws SupplyException {
    try {
      return answered(driver().readProtection());
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
