package org.chargebay.bms.transport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.daly.DalyBms;
import org.chargebay.bms.daly.DalyDecoder;
import org.chargebay.bms.daly.DalyFrame;
import org.chargebay.bms.daly.DalyFrameSpec;
import org.chargebay.bms.daly.DalyFrames;
import org.chargebay.bms.daly.DalyReadings;

/**
 * Daly over any {@link ByteLink}. One data ID per request (PROTOCOLS.md 3), so a snapshot polls
 * 0x90, 0x93, 0x94, 0x95, 0x96, 0x97 and 0x98 in turn. The multi-frame 0x95/0x96 replies are read
 * until every frame the cell (sensor) count needs has arrived, or the timeout; zero-filled extra
 * frames that arrive later are skipped by the next exchange. Charge MOSFET: command 0xDA with data
 * byte 1 (on) / 0 (off), then read-back.
 */
public final class DalyClient extends ReadBackClient {

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
    List<DalyFrame.CellVoltages> cellFrames =
        many(DalyFrames.CELL_VOLTAGES, DalyFrame.CellVoltages.class, DalyFrame.CellVoltages::frameNumber, DalyBms.framesNeeded(status.cellCount(), DalyFrames.CELLS_PER_FRAME), raw);
    List<Integer> cells = assembled(DalyBms.assembleCells(cellFrames, status.cellCount()));
    List<DalyFrame.Temperatures> tempFrames =
        many(DalyFrames.TEMPERATURES, DalyFrame.Temperatures.class, DalyFrame.Temperatures::frameNumber, DalyBms.framesNeeded(status.tempSensorCount(), DalyFrames.TEMPS_PER_FRAME), raw);
    List<Integer> temps = assembled(DalyBms.assembleTemps(tempFrames, status.tempSensorCount()));
    DalyFrame.Balance balance = one(DalyFrames.BALANCE, DalyFrame.Balance.class, raw);
    DalyFrame.Faults faults = one(DalyFrames.FAULTS, DalyFrame.Faults.class, raw);
    return DalyBms.snapshot(
        new DalyReadings(pack, mos, status, cells, temps, balance, faults, raw),
        options.conventions());
  }

  private List<Integer> assembled(DecodeResult<List<Integer>> r) throws BmsException {
    if (r instanceof Decoded<List<Integer>> d) {
      return d.value();
    }
    throw new BmsException(
        "Daly reply from " + channel.describe() + " incomplete: " + ((Rejected<List<Integer>>) r).error().describe());
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

  private <T extends DalyFrame> List<T> many(
      int id, Class<T> type, Function<T, Integer> number, int needed, List<RawFrame> raw)
      throws BmsException {
    if (needed == 0) {
      return List.of();
    }
    List<Framed<DalyFrame>> got =
        channel.exchangeMany(
            DalyFrames.request(host, id),
            DalyFrameSpec.INSTANCE,
            Framed.keep(frame -> DalyDecoder.decode(frame, id)),
            frames -> {
              Set<Integer> numbers = new HashSet<>();
              for (Framed<DalyFrame> f : frames) {
                numbers.add(number.apply(type.cast(f.value())));
              }
              for (int n = 1; n <= needed; n++) {
                if (!numbers.contains(n)) {
                  return false;
                }
              }
              return true;
            },
            options.responseTimeout(),
            String.format(Locale.ROOT, "Daly 0x%02X", id));
    if (got.isEmpty()) {
      throw new BmsException(
          String.format(
              Locale.ROOT,
              "No Daly 0x%02X reply from %s within %d ms",
              id,
              channel.describe(),
              options.responseTimeout().toMillis()));
    }
    List<T> values = new ArrayList<>();
    for (Framed<DalyFrame> f : got) {
      raw.add(RawFrame.of(f.raw()));
      values.add(type.cast(f.value()));
    }
    return values;
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
