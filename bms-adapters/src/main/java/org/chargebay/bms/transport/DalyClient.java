package org.chargebay.bms.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.FamilyExtras;
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.daly.DalyBms;
import org.chargebay.bms.daly.DalyDecoder;
import org.chargebay.bms.daly.DalyFrame;
import org.chargebay.bms.daly.DalyFrameSpec;
import org.chargebay.bms.daly.DalyFrames;
import org.chargebay.bms.daly.DalyReadings;
import org.chargebay.bms.daly.DalySeries;
import org.chargebay.bms.daly.DalyStream;

/**
 * Daly over any {@link ByteLink}. One data ID per request (PROTOCOLS.md 3), so a snapshot polls
 * 0x90, 0x93, 0x94, 0x95, 0x96, 0x97 and 0x98 in turn. The multi-frame 0x95/0x96 replies are read
 * as bytes and decoded with {@link DalyDecoder#decodeSeries}: whole frames are kept among noise,
 * truncated and cut-short frames, and the read ends as soon as the frames the cell (sensor) count
 * of the 0x94 reply needs are whole and none can still turn out to be cut short, or at the timeout.
 * A value whose frame was lost fails the read with the missing cells named; what was set aside is
 * in {@link FamilyExtras.Daly#dropped()}. Zero-filled extra frames that arrive later are skipped by
 * the next exchange. Charge MOSFET: command 0xDA with data byte 1 (on) / 0 (off), then read-back.
 */
public final class DalyClient extends ReadBackClient {

  /**
   * Silence after the last byte that shows the board had stopped sending, so that the reply did not
   * end inside a frame ({@link DalyStream.End#LINE_QUIET}): about 50 byte times at 9600 baud,
   * longer than an RS485-to-Ethernet gateway holds bytes back to fill a packet.
   */
  static final Duration LINE_QUIET = Duration.ofMillis(50);

  /**
   * Bytes kept of one multi-frame reply: four times the 16 frames of 13 bytes the longest reply has
   * (daly-09), room for noise; a read that reaches it ends there.
   */
  static final int MAX_SERIES_BYTES = 4 * 16 * DalyFrames.FRAME_LENGTH;

  private final int host;

  public DalyClient(PortChannel channel, BmsOptions options, Runnable onClose) {
    super(channel, options, onClose);
    Integer address = options.address();
    this.host = address == null ? DalyFrames.HOST_RS485 : address;
  }

  @Override
  protected String family() {
    return "Daly";
  }

  @Override
  protected BmsSnapshot readSnapshot() throws BmsException {
    List<RawFrame> raw = new ArrayList<>();
    DalyFrame.PackStatus pack = one(DalyFrames.PACK_STATUS, DalyFrame.PackStatus.class, raw);
    DalyFrame.MosStatus mos = one(DalyFrames.MOS_STATUS, DalyFrame.MosStatus.class, raw);
    DalyFrame.StatusInfo status = one(DalyFrames.STATUS_INFO, DalyFrame.StatusInfo.class, raw);
    DalySeries cells = series(DalyFrames.CELL_VOLTAGES, status.cellCount(), raw);
    DalySeries temps = series(DalyFrames.TEMPERATURES, status.tempSensorCount(), raw);
    DalyFrame.Balance balance = one(DalyFrames.BALANCE, DalyFrame.Balance.class, raw);
    DalyFrame.Faults faults = one(DalyFrames.FAULTS, DalyFrame.Faults.class, raw);
    return DalyBms.snapshot(
        new DalyReadings(pack, mos, status, cells, temps, balance, faults, raw),
        options.conventions());
  }

  private <T extends DalyFrame> T one(int id, Class<T> type, List<RawFrame> raw)
      throws BmsException {
    Framed<DalyFrame> f =
        channel.exchange(
            DalyFrames.request(host, id),
            DalyFrameSpec.INSTANCE,
            Framed.keep(frame -> DalyDecoder.decode(frame, id)),
            options.responseTimeout(),
            String.format(Locale.ROOT, "Daly 0x%02X", id));
    raw.add(RawFrame.of(f.raw()));
    return type.cast(f.value());
  }

  /**
   * Reads a multi-frame reply until its first {@code count} values are decoded without doubt, or
   * the timeout; at the timeout the bytes are decoded once more, knowing whether the line had gone
   * quiet.
   */
  private DalySeries series(int id, int count, List<RawFrame> raw) throws BmsException {
    if (count == 0) {
      return DalySeries.empty(id);
    }
    String what = String.format(Locale.ROOT, "Daly 0x%02X", id);
    PortChannel.Received got =
        channel.readUntil(
            DalyFrames.request(host, id),
            bytes ->
                DalyDecoder.decodeSeries(bytes, id, count, DalyStream.End.MAY_BE_CUT).isDecoded(),
            MAX_SERIES_BYTES,
            options.responseTimeout(),
            what);
    byte[] bytes = got.bytes();
    if (bytes.length == 0) {
      throw new BmsException(
          String.format(
              Locale.ROOT,
              "No %s reply from %s within %d ms",
              what,
              channel.describe(),
              options.responseTimeout().toMillis()));
    }
    DalyStream.End end =
        got.quietMillis() >= LINE_QUIET.toMillis()
            ? DalyStream.End.LINE_QUIET
            : DalyStream.End.MAY_BE_CUT;
    DecodeResult<DalySeries> r = DalyDecoder.decodeSeries(bytes, id, count, end);
    if (r instanceof Decoded<DalySeries> d) {
      for (DalyStream.Kept k : d.value().frames()) {
        raw.add(k.raw());
      }
      return d.value();
    }
    Rejected<DalySeries> rejected = (Rejected<DalySeries>) r;
    throw new BmsException(
        String.format(
            Locale.ROOT,
            "%s reply from %s rejected: %s Received: %s",
            what,
            channel.describe(),
            rejected.error().describe(),
            rejected.hex()));
  }

  @Override
  protected void commandChargeFet(boolean on) throws BmsException {
    channel.exchangeMany(
        DalyFrames.mosCommand(host, DalyFrames.CHARGE_MOS, on),
        DalyFrameSpec.INSTANCE,
        frame -> DalyDecoder.decode(frame, DalyFrames.CHARGE_MOS),
        got -> !got.isEmpty(),
        options.responseTimeout(),
        "Daly charge MOS (0xDA)");
  }
}
