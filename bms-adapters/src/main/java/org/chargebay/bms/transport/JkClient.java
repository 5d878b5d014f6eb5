package org.chargebay.bms.transport;

import java.util.List;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.jk.JkBms;
import org.chargebay.bms.jk.JkDecoder;
import org.chargebay.bms.jk.JkFrameSpec;
import org.chargebay.bms.jk.JkFrames;
import org.chargebay.bms.jk.JkPbStatus;
import org.chargebay.bms.jk.JkTlvMessage;
import org.chargebay.bms.jk.JkTlvStatus;

/**
 * JK over any {@link ByteLink}, in one of two protocols.
 *
 * <ul>
 *   <li>TLV ({@code 4E 57}, JK-B*A*S): "read all"; charge MOSFET via a write of tag 0xAB (charge
 *       switch, u8 1 = on), then read-back. A write acknowledgement (command 2) is awaited but not
 *       required: the read-back decides.
 *   <li>PB ({@code 55 AA EB 90}): the Modbus FC 0x10 trigger to the configured address (default 1),
 *       then the 300-byte status frame (layout auto-detected). The cited sources document no PB
 *       MOSFET command, so {@link #setChargeFet} fails with a {@link
 *       org.chargebay.bms.ChargeFetUnavailableException} saying so.
 * </ul>
 */
public final class JkClient extends ReadBackClient {

  /** The JK PB default Modbus address (address 0 is the bus master). */
  public static final int DEFAULT_PB_ADDRESS = 1;

  private final boolean pb;

  public JkClient(PortChannel channel, BmsOptions options, boolean pb, Runnable onClose) {
    super(channel, options, onClose);
    this.pb = pb;
  }

  @Override
  protected String family() {
    return pb ? "JK PB" : "JK";
  }

  @Override
  protected BmsSnapshot readSnapshot() throws BmsException {
    if (pb) {
      Integer configured = options.address();
      int address = configured == null ? DEFAULT_PB_ADDRESS : configured;
      List<Object> got =
          channel.exchangeMany(
              JkFrames.pbTriggerStatus(address),
              JkFrameSpec.pbReply(address),
              frame -> pbFrameOrAck(frame, address),
              JkClient::frameThenAck,
              options.responseTimeout(),
              "JK PB status (address " + address + ")");
      if (!frameThenAck(got)) {
        throw new BmsException(
            String.format(
                java.util.Locale.ROOT,
                "No JK PB status with its acknowledgement from address %d on %s within %d ms"
                    + " (%d of 2 parts received)",
                address,
                channel.describe(),
                options.responseTimeout().toMillis(),
                got.size()));
      }
      @SuppressWarnings("unchecked")
      Framed<JkPbStatus> s = (Framed<JkPbStatus>) got.get(got.size() - 2);
      return JkBms.snapshot(s.value(), s.raw());
    }
    Framed<JkTlvStatus> s =
        channel.exchange(
            JkFrames.readAll(),
            JkFrameSpec.TLV,
            Framed.keep(JkDecoder::decodeTlv),
            options.responseTimeout(),
            "JK read-all");
    return JkBms.snapshot(s.value(), s.raw());
  }

  @Override
  protected void commandChargeFet(boolean on) throws BmsException {
    if (pb) {
      throw new org.chargebay.bms.ChargeFetUnavailableException(
          "JK PB charge-MOSFET control is not documented in the cited sources (PROTOCOLS.md 2b);"
              + " cut the charge path elsewhere");
    }
    channel.exchangeMany(
        JkFrames.writeSwitch(JkFrames.TAG_CHARGE_SWITCH, on),
        JkFrameSpec.TLV,
        JkClient::writeAck,
        got -> !got.isEmpty(),
        options.responseTimeout(),
        "JK charge switch write");
  }

  /**
   * The PB payload carries no address, so the responder is checked by the FC 0x10 acknowledgement
   * that follows it (PROTOCOLS.md 2b): a status frame counts only when the next part is the
   * acknowledgement of {@code address}.
   */
  private static DecodeResult<Object> pbFrameOrAck(byte[] frame, int address) {
    if (frame.length == JkFrames.PB_FRAME_LENGTH) {
      return JkDecoder.decodePb(frame).map(v -> (Object) new Framed<>(v, frame));
    }
    DecodeResult<int[]> ack = JkDecoder.decodePbAck(frame);
    if (ack instanceof org.chargebay.bms.Decoded<int[]> d
        && (d.value()[0] != address || d.value()[1] != JkFrames.PB_REG_STATUS)) {
      return DecodeResult.rejected(
          new FrameError.UnexpectedRegister(
              d.value()[0], "the acknowledgement of address " + address),
          frame);
    }
    return ack.map(v -> (Object) v);
  }

  private static boolean frameThenAck(List<Object> got) {
    int n = got.size();
    return n >= 2 && got.get(n - 1) instanceof int[] && got.get(n - 2) instanceof Framed<?>;
  }

  private static DecodeResult<JkTlvMessage> writeAck(byte[] frame) {
    DecodeResult<JkTlvMessage> r = JkDecoder.decodeTlvMessage(frame);
    if (r instanceof org.chargebay.bms.Decoded<JkTlvMessage> d
        && d.value().command() != JkFrames.CMD_WRITE) {
      return DecodeResult.rejected(
          new FrameError.UnexpectedRegister(d.value().command(), "command 0x02 (write ack)"),
          frame);
    }
    return r;
  }
}
