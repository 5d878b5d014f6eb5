package org.chargebay.bms.ant;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chargebay.bms.wire.Bytes;

/**
 * Builds ANT frames: the host's requests and, for emulators and tests, the BMS's replies. Reply
 * encoders are exact inverses of {@link AntDecoder}.
 */
public final class AntFrames {

  public static final int NEW_START_0 = 0x7E;
  public static final int NEW_START_1 = 0xA1;
  public static final int NEW_END_0 = 0xAA;
  public static final int NEW_END_1 = 0x55;

  /** Envelope of a new-protocol frame: start (2), func, address (2), length, CRC (2), end (2). */
  public static final int NEW_ENVELOPE = 10;

  /** Bytes after the CRC of the 0x12 reply that its length byte does not count (quirk 2). */
  public static final int DEVICE_INFO_EXTRA = 6;

  /** The 6 extra bytes of the captured 0x12 reply (ant-05). */
  private static final byte[] DEVICE_INFO_TAIL = {(byte) 0xFF, 0x0B, 0, 0, 0x41, (byte) 0xF2};

  public static final int FUNC_STATUS = 0x01;
  public static final int FUNC_DEVICE_INFO = 0x02;
  public static final int REPLY_STATUS = 0x11;
  public static final int REPLY_DEVICE_INFO = 0x12;

  /** Fixed part of the 0x11 data before the cells (frame offsets 6-33). */
  public static final int STATUS_FIXED = 28;

  /** The part of the 0x11 data after the temperatures that is decoded (40 bytes). */
  public static final int STATUS_TAIL_DECODED = 40;

  /** Bytes after the decoded tail in the encoder's output (max/min cell, totals, as ant-01). */
  public static final int STATUS_TAIL_REST = 38;

  /** Legacy reply length. */
  public static final int LEGACY_LENGTH = 140;

  /** Cell voltage slots of the legacy reply (bytes 6-69). */
  public static final int LEGACY_MAX_CELLS = 32;

  /** Legacy write function byte (sent twice). */
  public static final int LEGACY_WRITE = 0xA5;

  /** Legacy control address: discharge MOSFET (249). */
  public static final int LEGACY_DISCHARGE_MOS = 249;

  /** Legacy control address: charge MOSFET (250). */
  public static final int LEGACY_CHARGE_MOS = 250;

  private AntFrames() {}

  /** {@code 7E A1 01 00 00 BE 18 55 AA 55}: read status. */
  public static byte[] readStatus() {
    return request(FUNC_STATUS, 0x0000, 0xBE);
  }

  /** {@code 7E A1 02 6C 02 20 58 C4 AA 55}: read device info. */
  public static byte[] readDeviceInfo() {
    return request(FUNC_DEVICE_INFO, 0x026C, 0x20);
  }

  /**
   * A 10-byte read request: {@code 7E A1 <func> <addr lo> <addr hi> <len> <crc lo> <crc hi> AA 55}.
   */
  public static byte[] request(int function, int address, int length) {
    byte[] f = new byte[NEW_ENVELOPE];
    f[0] = (byte) NEW_START_0;
    f[1] = (byte) NEW_START_1;
    f[2] = (byte) function;
    Bytes.put16le(f, 3, address);
    f[5] = (byte) length;
    Bytes.put16le(f, 6, AntChecksum.crc(f, 0));
    f[8] = (byte) NEW_END_0;
    f[9] = (byte) NEW_END_1;
    return f;
  }

  /** {@code DB DB 00 00 00 00}: the legacy read request (BLE; dbus-serialbattery on serial). */
  public static byte[] legacyRead() {
    return new byte[] {(byte) 0xDB, (byte) 0xDB, 0, 0, 0, 0};
  }

  /**
   * A legacy write {@code A5 A5 <addr> <value u16 BE> <sum8>}, e.g. charge MOSFET off = {@code A5
   * A5 FA 00 00 FA}. The value 1 = on / 0 = off is this adapter's reading of the control addresses
   * in PROTOCOLS.md 4b; the read-back after the command is what confirms it on a real board.
   */
  public static byte[] legacyWrite(int address, int value) {
    byte[] f = new byte[6];
    f[0] = (byte) LEGACY_WRITE;
    f[1] = (byte) LEGACY_WRITE;
    f[2] = (byte) Bytes.check("address", address, 0, 0xFF);
    Bytes.put16be(f, 3, (int) Bytes.check("value", value, 0, 0xFFFF));
    f[5] = (byte) AntChecksum.legacyRequestSum(f);
    return f;
  }

  /** A new-protocol reply frame with {@code data}; for 0x12 the 6 extra bytes are appended. */
  public static byte[] reply(int function, int address, byte[] data) {
    Bytes.check("data length", data.length, 0, 0xFF);
    int extra = function == REPLY_DEVICE_INFO ? DEVICE_INFO_EXTRA : 0;
    byte[] f = new byte[NEW_ENVELOPE + data.length + extra];
    f[0] = (byte) NEW_START_0;
    f[1] = (byte) NEW_START_1;
    f[2] = (byte) function;
    Bytes.put16le(f, 3, address);
    f[5] = (byte) data.length;
    System.arraycopy(data, 0, f, 6, data.length);
    Bytes.put16le(f, 6 + data.length, AntChecksum.crc(f, data.length));
    if (extra > 0) {
      System.arraycopy(DEVICE_INFO_TAIL, 0, f, 8 + data.length, extra);
    }
    f[f.length - 2] = (byte) NEW_END_0;
    f[f.length - 1] = (byte) NEW_END_1;
    return f;
  }

  /** The 0x11 status reply carrying {@code s}. */
  public static byte[] encodeStatus(AntStatus s) {
    int n = s.cellMillivolts().size();
    int t = s.tempsCelsius().size();
    byte[] d = new byte[STATUS_FIXED + 2 * n + 2 * t + STATUS_TAIL_DECODED + STATUS_TAIL_REST];
    Bytes.check("data length", d.length, 0, 0xFF);
    d[0] = (byte) Bytes.check("permissions", s.permissions(), 0, 0xFF);
    d[1] = (byte) Bytes.check("batteryStatus", s.batteryStatus(), 0, 0xFF);
    d[2] = (byte) t;
    d[3] = (byte) n;
    put64le(d, 4, s.protectionBits());
    put64le(d, 12, s.warningBits());
    put64le(d, 20, s.balancingBits());
    int p = STATUS_FIXED;
    for (int mv : s.cellMillivolts()) {
      Bytes.put16le(d, p, (int) Bytes.check("cellMillivolts", mv, 0, 0xFFFF));
      p += 2;
    }
    for (int c : s.tempsCelsius()) {
      Bytes.put16le(d, p, (int) Bytes.check("tempsCelsius", c, -0x8000, 0x7FFF));
      p += 2;
    }
    Bytes.put16le(d, p, (int) Bytes.check("mosTempCelsius", s.mosTempCelsius(), -0x8000, 0x7FFF));
    Bytes.put16le(
        d,
        p + 2,
        (int) Bytes.check("balancerTempCelsius", s.balancerTempCelsius(), -0x8000, 0x7FFF));
    Bytes.put16le(d, p + 4, (int) Bytes.units("packMillivolts", s.packMillivolts(), 10, 0, 0xFFFF));
    Bytes.put16le(
        d,
        p + 6,
        (int) Bytes.units("currentWireMilliamps", s.currentWireMilliamps(), 100, -0x8000, 0x7FFF));
    Bytes.put16le(d, p + 8, (int) Bytes.check("socPercent", s.socPercent(), 0, 0xFFFF));
    Bytes.put16le(d, p + 10, (int) Bytes.check("sohPercent", s.sohPercent(), 0, 0xFFFF));
    d[p + 12] = (byte) Bytes.check("mosByteA", s.mosByteA(), 0, 0xFF);
    d[p + 13] = (byte) Bytes.check("mosByteB", s.mosByteB(), 0, 0xFF);
    d[p + 14] = (byte) Bytes.check("balancerStatus", s.balancerStatus(), 0, 0xFF);
    Bytes.put32le(
        d, p + 16, Bytes.check("nominalMicroampHours", s.nominalMicroampHours(), 0, 0xFFFF_FFFFL));
    Bytes.put32le(
        d,
        p + 20,
        Bytes.check("remainingMicroampHours", s.remainingMicroampHours(), 0, 0xFFFF_FFFFL));
    Bytes.put32le(
        d,
        p + 24,
        Bytes.check("cycleCapacityMilliampHours", s.cycleCapacityMilliampHours(), 0, 0xFFFF_FFFFL));
    Bytes.put32le(d, p + 28, s.powerWatts());
    Bytes.put32le(d, p + 32, Bytes.check("runtimeSeconds", s.runtimeSeconds(), 0, 0xFFFF_FFFFL));
    Bytes.put32le(d, p + 36, Bytes.check("balancedCells", s.balancedCells(), 0, 0xFFFF_FFFFL));
    return reply(REPLY_STATUS, 0, d);
  }

  /**
   * The 0x12 device-info reply (with the 6 undeclared trailing bytes). Model and version are
   * written one byte per character, as the decoder reads them (ISO-8859-1), then zero-padded.
   *
   * @throws IllegalArgumentException if either is not ISO-8859-1 or longer than 16 bytes
   */
  public static byte[] encodeDeviceInfo(AntDeviceInfo info) {
    byte[] d = new byte[32];
    byte[] model = latin1("model", info.model());
    byte[] version = latin1("softwareVersion", info.softwareVersion());
    Bytes.check("model length", model.length, 0, 16);
    Bytes.check("softwareVersion length", version.length, 0, 16);
    System.arraycopy(model, 0, d, 0, model.length);
    System.arraycopy(version, 0, d, 16, version.length);
    return reply(REPLY_DEVICE_INFO, 0x026C, d);
  }

  /** The legacy 140-byte reply carrying {@code s}. */
  public static byte[] encodeLegacy(AntLegacyStatus s) {
    byte[] f = new byte[LEGACY_LENGTH];
    f[0] = (byte) 0xAA;
    f[1] = 0x55;
    f[2] = (byte) 0xAA;
    f[3] = (byte) 0xFF;
    Bytes.put16be(f, 4, (int) Bytes.units("packMillivolts", s.packMillivolts(), 100, 0, 0xFFFF));
    List<Integer> cells = s.cellMillivolts();
    Bytes.check("cells", cells.size(), 0, LEGACY_MAX_CELLS);
    if (cells.size() != s.cellCount()) {
      throw new IllegalArgumentException(
          "cellCount " + s.cellCount() + " but " + cells.size() + " cells");
    }
    for (int i = 0; i < cells.size(); i++) {
      Bytes.put16be(f, 6 + 2 * i, (int) Bytes.check("cellMillivolts", cells.get(i), 0, 0xFFFF));
    }
    Bytes.put32be(
        f,
        70,
        Bytes.units(
            "currentWireMilliamps",
            s.currentWireMilliamps(),
            100,
            Integer.MIN_VALUE / 100,
            Integer.MAX_VALUE / 100));
    f[74] = (byte) Bytes.check("socPercent", s.socPercent(), 0, 0xFF);
    Bytes.put32be(
        f, 75, Bytes.check("nominalMicroampHours", s.nominalMicroampHours(), 0, 0xFFFF_FFFFL));
    Bytes.put32be(
        f, 79, Bytes.check("remainingMicroampHours", s.remainingMicroampHours(), 0, 0xFFFF_FFFFL));
    Bytes.put32be(
        f,
        83,
        Bytes.check("cycleCapacityMilliampHours", s.cycleCapacityMilliampHours(), 0, 0xFFFF_FFFFL));
    Bytes.put32be(f, 87, Bytes.check("runtimeSeconds", s.runtimeSeconds(), 0, 0xFFFF_FFFFL));
    Bytes.check("temperatures", s.tempsCelsius().size(), 6, 6);
    for (int i = 0; i < 6; i++) {
      Bytes.put16be(
          f,
          91 + 2 * i,
          (int) Bytes.check("tempsCelsius", s.tempsCelsius().get(i), -0x8000, 0x7FFF));
    }
    f[103] = (byte) Bytes.check("chargeMosStatus", s.chargeMosStatus(), 0, 0xFF);
    f[104] = (byte) Bytes.check("dischargeMosStatus", s.dischargeMosStatus(), 0, 0xFF);
    f[105] = (byte) Bytes.check("balancerStatus", s.balancerStatus(), 0, 0xFF);
    Bytes.put32be(f, 111, s.powerWatts());
    f[115] = (byte) Bytes.check("maxCell", s.maxCell(), 0, 0xFF);
    Bytes.put16be(f, 116, (int) Bytes.check("maxCellMillivolts", s.maxCellMillivolts(), 0, 0xFFFF));
    f[118] = (byte) Bytes.check("minCell", s.minCell(), 0, 0xFF);
    Bytes.put16be(f, 119, (int) Bytes.check("minCellMillivolts", s.minCellMillivolts(), 0, 0xFFFF));
    Bytes.put16be(f, 121, (int) Bytes.check("avgCellMillivolts", s.avgCellMillivolts(), 0, 0xFFFF));
    f[123] = (byte) s.cellCount();
    Bytes.put32be(f, 132, Bytes.check("balanceBits", s.balanceBits(), 0, 0xFFFF_FFFFL));
    Bytes.put16be(f, 138, AntChecksum.legacySum(f));
    return f;
  }

  private static byte[] latin1(String name, String text) {
    if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
      throw new IllegalArgumentException(name + " must be ISO-8859-1: " + text);
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void put64le(byte[] d, int at, long v) {
    Bytes.put32le(d, at, v & 0xFFFF_FFFFL);
    Bytes.put32le(d, at + 4, v >>> 32);
  }
}
