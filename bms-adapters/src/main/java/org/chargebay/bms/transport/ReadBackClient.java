package org.chargebay.bms.transport;

import java.util.Locale;
import java.util.Objects;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.MosfetReadBackException;

/**
 * The shared part of every family client: the channel, the options, and charge-MOSFET control with
 * read-back. {@link #setChargeFet} sends the family's command and then reads a full snapshot; if it
 * does not show the requested state, a {@link MosfetReadBackException} reports the failure.
 */
public abstract class ReadBackClient implements BmsClient {

  protected final PortChannel channel;
  protected final BmsOptions options;
  private final Runnable onClose;
  private volatile boolean closed;

  protected ReadBackClient(PortChannel channel, BmsOptions options, Runnable onClose) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.options = Objects.requireNonNull(options, "options");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
  }

  /** The family name for messages, e.g. {@code "Daly"}. */
  protected abstract String family();

  /** Reads one snapshot (called with the client's lock held). */
  protected abstract BmsSnapshot readSnapshot() throws BmsException;

  /** Sends the family's charge-MOSFET command (called with the client's lock held). */
  protected abstract void commandChargeFet(boolean on) throws BmsException;

  @Override
  public final synchronized BmsSnapshot read() throws BmsException {
    checkOpen();
    return readSnapshot();
  }

  @Override
  public final synchronized java.util.Optional<String> readHardwareId() throws BmsException {
    checkOpen();
    return hardwareId();
  }

  /** The family's hardware id or serial; none unless the family overrides this. */
  protected java.util.Optional<String> hardwareId() throws BmsException {
    return java.util.Optional.empty();
  }

  /**
   * Switches the charge MOSFET and verifies it: the snapshot read right after the command must show
   * the requested state.
   *
   * @throws MosfetReadBackException if the read-back shows the other state
   * @throws BmsException if the command or the read-back failed on the wire, or the family has no
   *     documented MOSFET command
   */
  @Override
  public final synchronized void setChargeFet(boolean on) throws BmsException {
    checkOpen();
    commandChargeFet(on);
    BmsSnapshot after = readSnapshot();
    if (after.chargeFet() != on) {
      throw new MosfetReadBackException(
          String.format(
              Locale.ROOT,
              "%s BMS on %s did not switch the charge MOSFET %s: the read-back shows it %s",
              family(),
              channel.describe(),
              on ? "on" : "off",
              after.chargeFet() ? "on" : "off"),
          on,
          after);
    }
  }

  private void checkOpen() throws BmsException {
    if (closed) {
      throw new BmsException(family() + " client for " + channel.describe() + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + channel.describe() + "]";
  }
}
