package org.chargebay.simulator.jk;

import static org.chargebay.simulator.serial.Quantize.clamp;
import static org.chargebay.simulator.serial.Quantize.clampLong;
import static org.chargebay.simulator.serial.Quantize.units;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.framing.FrameSpec;
import org.chargebay.bms.jk.JkDecoder;
import org.chargebay.bms.jk.JkFrameSpec;
import org.chargebay.bms.jk.JkFrames;
import org.chargebay.bms.jk.JkPbStatus;
import org.chargebay.bms.jk.JkTlvMessage;
import org.chargebay.bms.jk.JkTlvStatus;
import org.chargebay.simulator.serial.BmsResponder;
import org.jspecify.annotations.Nullable;

/**
 * A JK board. TLV mode (JK-B*A*S, protocol version 1): answers "read all" (command 6) with a reply
 * built from the snapshot, and applies writes of the charge (0xAB) and discharge (0xAC) switches,
 * echoing them in a command-2 reply. PB mode (JK02_32S layout): answers the Modbus FC 0x10 trigger
 * to its address with the 300-byte status frame, a zero byte, the FC 0x10 acknowledgement and a
 * zero byte, as PB boards do (PROTOCOLS.md 2b).
 */
public final class JkResponder implements BmsResponder {

  private final boolean pb;
  private final int address;
  private final @Nullable String manufacturerId;
  private final AtomicInteger counter = new AtomicInteger();

  private JkResponder(boolean pb, int address, @Nullable String manufacturerId) {
    this.pb = pb;
    this.address = address;
    this.manufacturerId = manufacturerId;
  }

  /** A TLV board that sends no identity records (as older firmware). */
  public static JkResponder tlv() {
    return new JkResponder(false, 0, null);
  }

  /**
   * A TLV board that reports {@code manufacturerId} (record 0xBA, at most 24 ASCII bytes) in every
   * read-all reply, as newer firmware does: the pack's serial for its history.
   */
  public static JkResponder tlv(String manufacturerId) {
    if (manufacturerId.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length > 24) {
      throw new IllegalArgumentException(
          "a JK manufacturer id is at most 24 bytes, was '" + manufacturerId + "'");
    }
    return new JkResponder(false, 0, manufacturerId);
  }

  /** A PB board at Modbus {@code address} (1-255). */
  public static JkResponder pb(int address) {
    if (address < 1 || address > 255) {
      throw new IllegalArgumentException("PB address must be 1-255, was " + address);
    }
    return new JkResponder(true, address, null);
  }

  @Override
  public FrameSpec requestSpec() {
    return pb ? JkFrameSpec.pbTrigger(address) : JkFrameSpec.TLV;
  }

  @Override
  public List<byte[]> answer(byte[] request, BmsSnapshot s, MosfetSink mosfets) {
    if (pb) {
      DecodeResult<int[]> r = JkDecoder.decodePbTrigger(request);
      if (!(r instanceof Decoded<int[]> d)
          || d.value()[0] != address
          || d.value()[1] != JkFrames.PB_REG_STATUS) {
        return List.of();
      }
      byte[] frame = JkFrames.encodePb(pbStatus(s, counter.getAndIncrement() & 0xFF));
      return List.of(
          frame, new byte[] {0}, JkFrames.pbAck(address, JkFrames.PB_REG_STATUS), new byte[] {0});
    }
    DecodeResult<JkTlvMessage> r = JkDecoder.decodeTlvMessage(request);
    if (!(r instanceof Decoded<JkTlvMessage> d)) {
      return List.of();
    }
    JkTlvMessage m = d.value();
    if (m.command() == JkFrames.CMD_READ_ALL) {
      return List.of(JkFrames.encodeTlv(tlvStatus(s, manufacturerId)));
    }
    if (m.command() == JkFrames.CMD_WRITE && m.data().length == 2) {
      int tag = m.data()[0] & 0xFF;
      boolean on = m.data()[1] != 0;
      if (tag == JkFrames.TAG_CHARGE_SWITCH) {
        mosfets.command(on, null);
      } else if (tag == JkFrames.TAG_DISCHARGE_SWITCH) {
        mosfets.command(null, on);
      } else {
        return List.of();
      }
      return List.of(
          JkFrames.tlvFrame(
              0, JkFrames.CMD_WRITE, JkFrames.SOURCE_BMS, JkFrames.TYPE_REPLY, m.data()));
    }
    return List.of();
  }

  /** The TLV reply for a snapshot: 10 mV, 10 mA, whole °C and Ah, at most 85 cells. */
  static JkTlvStatus tlvStatus(BmsSnapshot s) {
    return tlvStatus(s, null);
  }

  /** The same, with the board's manufacturer id (record 0xBA) when it has one. */
  static JkTlvStatus tlvStatus(BmsSnapshot s, @Nullable String manufacturerId) {
    List<Integer> cells = new ArrayList<>();
    for (int mv : s.cellMillivolts()) {
      if (cells.size() < 85) {
        cells.add(clamp(mv, 0, 0xFFFF));
      }
    }
    List<Integer> t = s.tempDeciCelsius();
    Integer mos = s.mosfetTempDeciCelsius();
    int bits = (s.chargeFet() ? 1 : 0) | (s.dischargeFet() ? 2 : 0) | 4;
    Integer soc = s.socPercent();
    return new JkTlvStatus(
        cells,
        temp(mos != null ? mos : t.isEmpty() ? 250 : t.get(0)),
        temp(t.isEmpty() ? 250 : t.get(0)),
        temp(t.size() < 2 ? (t.isEmpty() ? 250 : t.get(0)) : t.get(1)),
        units(s.packMillivolts(), 10, 0, 0xFFFF),
        units(s.currentMilliamps(), 10, -0x7FFF, 0x7FFF),
        soc == null ? 0 : clamp(soc, 0, 100),
        Math.min(2, Math.max(1, t.size())),
        clamp(s.cycles(), 0, 0xFFFF),
        0,
        clamp(s.cellCount(), 0, JkFrames.TLV_MAX_CELLS),
        s.protectionBits() & 0x0FFF,
        bits,
        s.nominalMilliampHours() / 1000,
        null,
        "CHARGEBAY-SIM",
        1,
        null,
        manufacturerId);
  }

  private static int temp(int deci) {
    return Math.round(clamp(deci, -990, 1000) / 10.0f) * 10;
  }

  /** The PB status frame (JK02_32S) for a snapshot. */
  static JkPbStatus pbStatus(BmsSnapshot s, int counter) {
    List<Integer> cells = new ArrayList<>();
    for (int mv : s.cellMillivolts()) {
      if (cells.size() < 32) {
        cells.add(clamp(mv, 1, 0xFFFF));
      }
    }
    List<Integer> t = s.tempDeciCelsius();
    Integer mos = s.mosfetTempDeciCelsius();
    Integer soc = s.socPercent();
    long pack = clampLong(s.packMillivolts(), 0, 0xFFFF_FFFFL);
    return new JkPbStatus(
        JkPbStatus.JkLayout.JK02_32S,
        counter,
        cells,
        cells.isEmpty() ? 0 : (1L << cells.size()) - 1,
        clamp(mos != null ? mos : t.isEmpty() ? 250 : t.get(0), -0x8000, 0x7FFF),
        pack,
        clampLong(Math.abs(pack * s.currentMilliamps() / 1000), 0, 0xFFFF_FFFFL),
        s.currentMilliamps(),
        clamp(t.isEmpty() ? 250 : t.get(0), -0x8000, 0x7FFF),
        clamp(t.size() < 2 ? (t.isEmpty() ? 250 : t.get(0)) : t.get(1), -0x8000, 0x7FFF),
        (long) s.protectionBits() & 0xFFFF_FFFFL,
        0,
        0,
        soc == null ? 0 : clamp(soc, 0, 100),
        clampLong(s.remainingMilliampHours(), 0, 0xFFFF_FFFFL),
        clampLong(s.nominalMilliampHours(), 0, 0xFFFF_FFFFL),
        clampLong(s.cycles(), 0, 0xFFFF_FFFFL),
        100,
        0,
        s.chargeFet(),
        s.dischargeFet());
  }
}
