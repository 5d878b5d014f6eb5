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

/**
 * JBD over any {@link ByteLink}: basic info (0x03) then cells (0x04); charge MOSFET via register
 * 0xE1 (keeping the discharge MOSFET as last read) with read-back.
 */
public final class JbdClient extends ReadBackClient {

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

  private Framed<JbdBasicInfo> basicInfo() throws BmsException {
    return channel.exchange(
        JbdFrames.readBasicInfo(),
        JbdFrameSpec.RESPONSE,
        Framed.keep(JbdDecoder::decodeBasicInfo),
        options.responseTimeout(),
        "JBD basic info (0x03)");
  }

  @Override
  protected void commandChargeFet(boolean on) throws BmsException {
    boolean discharge = basicInfo().value().dischargeFet();
    channel.exchange(
        JbdFrames.writeMosfets(on, discharge),
        JbdFrameSpec.RESPONSE,
        f -> JbdDecoder.decodeWriteAck(f, JbdFrames.REG_MOSFET_CONTROL),
        options.responseTimeout(),
        "JBD MOSFET write (0xE1)");
  }
}
