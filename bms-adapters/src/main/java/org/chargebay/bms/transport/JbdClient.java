package org.chargebay.bms.transport;

import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.jbd.JbdBasicInfo;
import org.chargebay.bms.jbd.JbdBms;
import org.chargebay.bms.jbd.JbdCells;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrameSpec;
import org.chargebay.bms.jbd.JbdFrames;
import org.chargebay.bms.jbd.JbdHardware;
import org.jspecify.annotations.Nullable;

/**
 * JBD over any {@link ByteLink}: basic info (0x03) then cells (0x04); charge MOSFET via register
 * 0xE1 with read-back.
 *
 * <p>The 0xE1 write carries both MOSFETs, so the discharge MOSFET is first read (0x03) and written
 * back as it is. If the board does not answer that read, the write still goes out with the
 * discharge MOSFET as last read: a board whose replies are lost may still obey, and a cut-off must
 * reach the wire whenever it can. With nothing read yet the command is not guessed and the call
 * fails with the read's error.
 */
public final class JbdClient extends ReadBackClient {

  /** The discharge MOSFET in the last 0x03 reply; null before the first one. */
  private @Nullable Boolean lastDischargeFet;

  public JbdClient(PortChannel channel, BmsOptions options, Runnable onClose) {
    super(channel, options, onClose);
  }

  @Override
  protected String family() {
    return "JBD";
  }

  @Override
  protected BmsSnapshot readSnapshot() throws BmsException {
    Framed<JbdBasicInfo> info = basicInfo();
    Framed<JbdCells> cells =
        channel.exchange(
            JbdFrames.readCells(),
            JbdFrameSpec.RESPONSE,
            Framed.keep(JbdDecoder::decodeCells),
            options.responseTimeout(),
            "JBD cells (0x04)");
    return JbdBms.snapshot(info.value(), cells.value(), info.raw(), cells.raw());
  }

  /** The hardware string (0x05), trimmed of spaces and NULs; empty if the board sends none. */
  @Override
  protected java.util.Optional<String> hardwareId() throws BmsException {
    Framed<JbdHardware> hw =
        channel.exchange(
            JbdFrames.readHardware(),
            JbdFrameSpec.RESPONSE,
            Framed.keep(JbdDecoder::decodeHardware),
            options.responseTimeout(),
            "JBD hardware (0x05)");
    String id = hw.value().model().replace('\0', ' ').strip();
    return id.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(id);
  }

  private Framed<JbdBasicInfo> basicInfo() throws BmsException {
    Framed<JbdBasicInfo> info =
        channel.exchange(
            JbdFrames.readBasicInfo(),
            JbdFrameSpec.RESPONSE,
            Framed.keep(JbdDecoder::decodeBasicInfo),
            options.responseTimeout(),
            "JBD basic info (0x03)");
    lastDischargeFet = info.value().dischargeFet();
    return info;
  }

  @Override
  protected void commandChargeFet(boolean on) throws BmsException {
    boolean discharge;
    @Nullable BmsException readFailure = null;
    try {
      discharge = basicInfo().value().dischargeFet();
    } catch (BmsException e) {
      Boolean last = lastDischargeFet;
      if (last == null) {
        throw e;
      }
      discharge = last;
      readFailure = e;
    }
    try {
      channel.exchange(
          JbdFrames.writeMosfets(on, discharge),
          JbdFrameSpec.RESPONSE,
          f -> JbdDecoder.decodeWriteAck(f, JbdFrames.REG_MOSFET_CONTROL),
          options.responseTimeout(),
          "JBD MOSFET write (0xE1)");
    } catch (BmsException e) {
      if (readFailure != null) {
        e.addSuppressed(readFailure);
      }
      throw e;
    }
  }
}
