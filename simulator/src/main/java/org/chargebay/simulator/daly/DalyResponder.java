package org.chargebay.simulator.daly;

import static org.chargebay.simulator.serial.Quantize.clamp;
import static org.chargebay.simulator.serial.Quantize.clampLong;
import static org.chargebay.simulator.serial.Quantize.units;

import java.util.ArrayList;
import java.util.List;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.daly.DalyDecoder;
import org.chargebay.bms.daly.DalyFrame;
import org.chargebay.bms.daly.DalyFrameSpec;
import org.chargebay.bms.daly.DalyFrames;
import org.chargebay.bms.framing.FrameSpec;
import org.chargebay.simulator.serial.BmsResponder;

/**
 * A Daly board answering 0x90-0x98 from the snapshot and applying 0xDA/0xD9 (charge/discharge
 * MOSFET, data byte 1 = on). Multi-frame replies are numbered from 1 (PROTOCOLS.md 3 quirk 2); with
 * {@code zeroFill} the 0x95 reply is always 16 frames and 0x96 always 3, zero-filled, as the board
 * of capture daly-09 does, otherwise only ceil(n/3) and ceil(n/7) frames as UART boards do.
 *
 * <p>The wire current is written with the given sign convention, so a bay configured with the same
 * convention reads the backend's current back unchanged; the 0x93 state byte follows the current (1
 * charging above +500 mA, 2 discharging below -500 mA, else 0).
 */
public final class DalyResponder implements BmsResponder {

  private final boolean zeroFill;
  private final BmsConventions.CurrentSign sign;

  public DalyResponder(boolean zeroFill, BmsConventions.CurrentSign sign) {
    this.zeroFill = zeroFill;
    this.sign = sign;
  }

  @Override
  public FrameSpec requestSpec() {
    return DalyFrameSpec.INSTANCE;
  }

  @Override
  public List<byte[]> answer(byte[] request, BmsSnapshot s, MosfetSink mosfets) {
    DecodeResult<int[]> r = DalyDecoder.decodeRequest(request);
    if (!(r instanceof Decoded<int[]> d)) {
      return List.of();
    }
    int id = d.value()[1];
    boolean on = d.value()[2] != 0;
    List<byte[]> out = new ArrayList<>();
    int cellCount = Math.min(48, s.cellMillivolts().size());
    int sensors = Math.min(16, s.tempDeciCelsius().size());
    switch (id) {
      case DalyFrames.PACK_STATUS:
        Integer soc = s.socPercent();
        out.add(
            DalyFrames.encode(
                new DalyFrame.PackStatus(
                    units(s.packMillivolts(), 100, 0, 0xFFFF),
                    units(s.packMillivolts(), 100, 0, 0xFFFF),
                    units(sign.apply(s.currentMilliamps()), 100, -30000, 0xFFFF - 30000),
                    soc == null ? 0 : clamp(soc * 10L, 0, 1000))));
        break;
      case DalyFrames.CELL_EXTREMES:
        if (cellCount > 0) {
          int max = 0;
          int min = 0;
          for (int i = 1; i < cellCount; i++) {
            max = s.cellMillivolts().get(i) > s.cellMillivolts().get(max) ? i : max;
            min = s.cellMillivolts().get(i) < s.cellMillivolts().get(min) ? i : min;
          }
          out.add(
              DalyFrames.encode(
                  new DalyFrame.CellExtremes(
                      clamp(s.cellMillivolts().get(max), 0, 0xFFFF),
                      max + 1,
                      clamp(s.cellMillivolts().get(min), 0, 0xFFFF),
                      min + 1)));
        }
        break;
      case DalyFrames.TEMP_EXTREMES:
        if (sensors > 0) {
          int max = 0;
          int min = 0;
          for (int i = 1; i < sensors; i++) {
            max = s.tempDeciCelsius().get(i) > s.tempDeciCelsius().get(max) ? i : max;
            min = s.tempDeciCelsius().get(i) < s.tempDeciCelsius().get(min) ? i : min;
          }
          out.add(
              DalyFrames.encode(
                  new DalyFrame.TempExtremes(
                      clamp(Math.round(s.tempDeciCelsius().get(max) / 10.0), -40, 215),
                      max + 1,
                      clamp(Math.round(s.tempDeciCelsius().get(min) / 10.0), -40, 215),
                      min + 1)));
        }
        break;
      case DalyFrames.MOS_STATUS:
        int state = s.currentMilliamps() > 500 ? 1 : s.currentMilliamps() < -500 ? 2 : 0;
        out.add(
            DalyFrames.encode(
                new DalyFrame.MosStatus(
                    state,
                    s.chargeFet(),
                    s.dischargeFet(),
                    0,
                    clampLong(s.remainingMilliampHours(), 0, 0xFFFF_FFFFL))));
        break;
      case DalyFrames.STATUS_INFO:
        out.add(
            DalyFrames.encode(
                new DalyFrame.StatusInfo(
                    cellCount,
                    sensors,
                    s.currentMilliamps() > 0,
                    false,
                    0,
                    clamp(s.cycles(), 0, 0xFFFF))));
        break;
      case DalyFrames.CELL_VOLTAGES:
        int cellFrames = zeroFill ? 16 : (cellCount + 2) / 3;
        for (int f = 0; f < cellFrames; f++) {
          List<Integer> mv = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            int cell = 3 * f + i;
            mv.add(cell < cellCount ? clamp(s.cellMillivolts().get(cell), 0, 0xFFFF) : 0);
          }
          out.add(DalyFrames.encode(new DalyFrame.CellVoltages(f + 1, mv)));
        }
        break;
      case DalyFrames.TEMPERATURES:
        int tempFrames = zeroFill ? 3 : (sensors + 6) / 7;
        for (int f = 0; f < tempFrames; f++) {
          List<Integer> c = new ArrayList<>();
          for (int i = 0; i < 7; i++) {
            int k = 7 * f + i;
            c.add(
                k < sensors ? clamp(Math.round(s.tempDeciCelsius().get(k) / 10.0), -40, 215) : -40);
          }
          out.add(DalyFrames.encode(new DalyFrame.Temperatures(f + 1, c)));
        }
        break;
      case DalyFrames.BALANCE:
        out.add(DalyFrames.encode(new DalyFrame.Balance(s.balanceBits() & ((1L << 48) - 1))));
        break;
      case DalyFrames.FAULTS:
        out.add(
            DalyFrames.encode(new DalyFrame.Faults((long) s.protectionBits() & 0xFFFF_FFFFL, 0)));
        break;
      case DalyFrames.CHARGE_MOS:
        mosfets.command(on, null);
        out.add(DalyFrames.encode(new DalyFrame.MosAck(id, on)));
        break;
      case DalyFrames.DISCHARGE_MOS:
        mosfets.command(null, on);
        out.add(DalyFrames.encode(new DalyFrame.MosAck(id, on)));
        break;
      default:
        break;
    }
    return out;
  }
}
