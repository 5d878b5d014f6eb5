package org.chargebay.bms.jk;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chargebay.bms.wire.Bytes;
import org.chargebay.bms.wire.ModbusCrc;
import org.jspecify.annotations.Nullable;

/**
 * Builds JK wire frames: the host's requests and, for emulators and tests, the BMS's replies. The
 * reply encoders are exact inverses of {@link JkDecoder}; values the wire cannot carry throw {@link
 * IllegalArgumentException}.
 */
public final class JkFrames {

  /** TLV start bytes. */
  public static final int TLV_START_0 = 0x4E;

  public static final int TLV_START_1 = 0x57;

  /** TLV end-of-records marker, 5 bytes before the end. */
  public static final int TLV_END = 0x68;

  /** TLV bytes before the records: start (2), length (2), terminal (4), command, source, type. */
  public static final int TLV_HEADER_LENGTH = 11;

  /** TLV bytes after the records: record number (4), {@code 68}, {@code 00 00}, checksum (2). */
  public static final int TLV_TRAILER_LENGTH = 9;

  /** Longest TLV frame accepted (the largest capture is 285 bytes). */
  public static final int TLV_MAX_LENGTH = 1024;

  /** The most cells a TLV reply carries: the 0x79 record's one-byte length holds 85 triples. */
  public static final int TLV_MAX_CELLS = 85;

  public static final int CMD_WRITE = 0x02;

  /**
   * "Read one" (PROTOCOLS.md 2a). JK-B1A20S15P units on firmware 11.x also put it in their reply to
   * a read-all request, whose records are those of a {@link #CMD_READ_ALL} reply.
   */
  public static final int CMD_READ = 0x03;

  public static final int CMD_READ_ALL = 0x06;
  public static final int SOURCE_BMS = 0x00;
  public static final int SOURCE_PC = 0x03;
  public static final int TYPE_REQUEST = 0x00;
  public static final int TYPE_REPLY = 0x01;

  /** TLV tag of the charge switch (u8, 1 = on), PROTOCOLS.md 2a. */
  public static final int TAG_CHARGE_SWITCH = 0xAB;

  /** TLV tag of the discharge switch (u8, 1 = on). */
  public static final int TAG_DISCHARGE_SWITCH = 0xAC;

  /** PB frame: {@code 55 AA EB 90}, 300 bytes. */
  public static final int PB_FRAME_LENGTH = 300;

  /** PB frame type of the status/cells frame. */
  public static final int PB_TYPE_STATUS = 0x02;

  /** Modbus FC 0x10 register that triggers the PB status frame. */
  public static final int PB_REG_STATUS = 0x1620;

  /** Modbus function code of the PB trigger. */
  public static final int FC_WRITE_MULTIPLE = 0x10;

  /** Length of the PB trigger request: addr, fc, reg (2), count (2), bytes, value (2), crc (2). */
  public static final int PB_TRIGGER_LENGTH = 11;

  /** Length of the Modbus FC 0x10 acknowledgement: addr, fc, reg (2), count (2), crc (2). */
  public static final int PB_ACK_LENGTH = 8;

  private JkFrames() {}

  // ---------------------------------------------------------------- TLV

  /** {@code 4E 57 00 13 00 00 00 00 06 03 00 00 00 00 00 00 68 00 00 01 29}: read all. */
  public static byte[] readAll() {
    return tlvFrame(0, CMD_READ_ALL, SOURCE_PC, TYPE_REQUEST, new byte[] {0});
  }

  /** Write request for a u8 switch tag, e.g. {@link #TAG_CHARGE_SWITCH} with 0 (off) or 1 (on). */
  public static byte[] writeSwitch(int tag, boolean on) {
    return tlvFrame(
        0, CMD_WRITE, SOURCE_PC, TYPE_REQUEST, new byte[] {(byte) tag, (byte) (on ? 1 : 0)});
  }

  /**
   * Any TLV frame: {@code 4E 57 <len> <terminal> <cmd> <src> <type> <data> 00000000 68 0000 <chk>}.
   */
  public static byte[] tlvFrame(long terminal, int command, int source, int type, byte[] data) {
    int total = TLV_HEADER_LENGTH + data.length + TLV_TRAILER_LENGTH;
    Bytes.check("TLV frame length", total, 0, TLV_MAX_LENGTH);
    byte[] f = new byte[total];
    f[0] = (byte) TLV_START_0;
    f[1] = (byte) TLV_START_1;
    Bytes.put16be(f, 2, total - 2);
    Bytes.put32be(f, 4, terminal);
    f[8] = (byte) command;
    f[9] = (byte) source;
    f[10] = (byte) type;
    System.arraycopy(data, 0, f, TLV_HEADER_LENGTH, data.length);
    f[total - 5] = (byte) TLV_END;
    Bytes.put16be(f, total - 2, JkChecksum.tlvCompute(f));
    return f;
  }

  /** The read-all reply carrying {@code s}: a BMS-sourced reply frame with its records. */
  public static byte[] encodeTlv(JkTlvStatus s) {
    List<Integer> cells = s.cellMillivolts();
    Bytes.check("cell count", cells.size(), 0, TLV_MAX_CELLS);
    byte[] d = new byte[512];
    int p = 0;
    d[p++] = 0x79;
    d[p++] = (byte) (3 * cells.size());
    for (int i = 0; i < cells.size(); i++) {
      d[p++] = (byte) (i + 1);
      Bytes.put16be(d, p, (int) Bytes.check("cellMillivolts", cells.get(i), 0, 0xFFFF));
      p += 2;
    }
    p = tag16(d, p, 0x80, temp("mosTempDeciCelsius", s.mosTempDeciCelsius()));
    p = tag16(d, p, 0x81, temp("t1DeciCelsius", s.t1DeciCelsius()));
    p = tag16(d, p, 0x82, temp("t2DeciCelsius", s.t2DeciCelsius()));
    p = tag16(d, p, 0x83, (int) Bytes.units("packMillivolts", s.packMillivolts(), 10, 0, 0xFFFF));
    p = tag16(d, p, 0x84, current(s));
    d[p++] = (byte) 0x85;
    d[p++] = (byte) Bytes.check("socPercent", s.socPercent(), 0, 0xFF);
    d[p++] = (byte) 0x86;
    d[p++] = (byte) Bytes.check("tempSensorCount", s.tempSensorCount(), 0, 0xFF);
    p = tag16(d, p, 0x87, (int) Bytes.check("cycles", s.cycles(), 0, 0xFFFF));
    p =
        tag32(
            d,
            p,
            0x89,
            Bytes.check("totalCycleCapacityAh", s.totalCycleCapacityAh(), 0, 0xFFFF_FFFFL));
    p = tag16(d, p, 0x8A, (int) Bytes.check("cellCount", s.cellCount(), 0, TLV_MAX_CELLS));
    p = tag16(d, p, 0x8B, (int) Bytes.check("alarmBits", s.alarmBits(), 0, 0xFFFF));
    p = tag16(d, p, 0x8C, (int) Bytes.check("statusBits", s.statusBits(), 0, 0xFFFF));
    p = tag32(d, p, 0xAA, Bytes.check("nominalCapacityAh", s.nominalCapacityAh(), 0, 0xFFFF_FFFFL));
    p = ascii(d, p, 0xB4, "deviceId", s.deviceId(), 8);
    Long runtime = s.runtimeMinutes();
    if (runtime != null) {
      p = tag32(d, p, 0xB6, Bytes.check("runtimeMinutes", runtime, 0, 0xFFFF_FFFFL));
    }
    String version = s.softwareVersion();
    if (version != null) {
      byte[] ascii = version.getBytes(StandardCharsets.ISO_8859_1);
      Bytes.check("softwareVersion length", ascii.length, 0, 15);
      d[p++] = (byte) 0xB7;
      System.arraycopy(ascii, 0, d, p, ascii.length);
      p += 15;
    }
    p = ascii(d, p, 0xBA, "manufacturerId", s.manufacturerId(), 24);
    Integer protocol = s.protocolVersion();
    if (protocol != null) {
      d[p++] = (byte) 0xC0;
      d[p++] = (byte) Bytes.check("protocolVersion", protocol, 0, 0xFF);
    }
    byte[] data = new byte[p];
    System.arraycopy(d, 0, data, 0, p);
    return tlvFrame(0, CMD_READ_ALL, SOURCE_BMS, TYPE_REPLY, data);
  }

  /** A fixed-length ASCII record, NUL-padded; nothing when {@code value} is null. */
  private static int ascii(
      byte[] d, int p, int tag, String name, @Nullable String value, int length) {
    if (value == null) {
      return p;
    }
    byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
    Bytes.check(name + " length", bytes.length, 0, length);
    d[p++] = (byte) tag;
    System.arraycopy(bytes, 0, d, p, bytes.length);
    return p + length;
  }

  /** The wire value of a temperature: 0-100 °C as is, below zero as 100 + |t| (PDF rule). */
  static int temp(String name, int deci) {
    if (deci % 10 != 0) {
      throw new IllegalArgumentException(
          name + " must be whole degrees on the JK wire, was " + deci);
    }
    int c = deci / 10;
    Bytes.check(name + " / 10", c, -(0xFFFF - 100), 100);
    return c >= 0 ? c : 100 - c;
  }

  private static int current(JkTlvStatus s) {
    if (s.signMagnitudeCurrent()) {
      int magnitude =
          (int) Bytes.units("currentMilliamps", Math.abs(s.currentMilliamps()), 10, 0, 0x7FFF);
      return s.currentMilliamps() > 0 ? 0x8000 | magnitude : magnitude;
    }
    int tens =
        (int) Bytes.units("currentMilliamps", s.currentMilliamps(), 10, 10000 - 0xFFFF, 10000);
    return 10000 - tens;
  }

  private static int tag16(byte[] d, int p, int tag, int value) {
    d[p] = (byte) tag;
    Bytes.put16be(d, p + 1, value);
    return p + 3;
  }

  private static int tag32(byte[] d, int p, int tag, long value) {
    d[p] = (byte) tag;
    Bytes.put32be(d, p + 1, value);
    return p + 5;
  }

  // ---------------------------------------------------------------- PB

  /**
   * The Modbus FC 0x10 trigger for the status frame: {@code <addr> 10 16 20 00 01 02 00 00 <crc>};
   * for address 1 {@code 01 10 16 20 00 01 02 00 00 D6 F1}.
   *
   * @param address 0-255 (0 is the bus master)
   */
  public static byte[] pbTriggerStatus(int address) {
    byte[] f = new byte[PB_TRIGGER_LENGTH];
    f[0] = (byte) Bytes.check("address", address, 0, 0xFF);
    f[1] = (byte) FC_WRITE_MULTIPLE;
    Bytes.put16be(f, 2, PB_REG_STATUS);
    Bytes.put16be(f, 4, 1);
    f[6] = 2;
    Bytes.put16le(f, 9, ModbusCrc.compute(f, 0, 9));
    return f;
  }

  /** The FC 0x10 acknowledgement a PB board sends after its frame: addr, 10, reg, count, CRC. */
  public static byte[] pbAck(int address, int register) {
    byte[] f = new byte[PB_ACK_LENGTH];
    f[0] = (byte) address;
    f[1] = (byte) FC_WRITE_MULTIPLE;
    Bytes.put16be(f, 2, register);
    Bytes.put16be(f, 4, 1);
    Bytes.put16le(f, 6, ModbusCrc.compute(f, 0, 6));
    return f;
  }

  /**
   * The 300-byte status frame carrying {@code s} (other bytes zero, average and delta filled in).
   */
  public static byte[] encodePb(JkPbStatus s) {
    JkPbStatus.JkLayout l = s.layout();
    byte[] f = new byte[PB_FRAME_LENGTH];
    f[0] = 0x55;
    f[1] = (byte) 0xAA;
    f[2] = (byte) 0xEB;
    f[3] = (byte) 0x90;
    f[4] = PB_TYPE_STATUS;
    f[5] = (byte) Bytes.check("counter", s.counter(), 0, 0xFF);
    long mask =
        Bytes.check("cellMask", s.cellMask(), 0, l.slots() == 32 ? 0xFFFF_FFFFL : 0xFF_FFFFL);
    if (Long.bitCount(mask) != s.cellMillivolts().size()) {
      throw new IllegalArgumentException(
          "cellMask has "
              + Long.bitCount(mask)
              + " bits but "
              + s.cellMillivolts().size()
              + " cells");
    }
    int c = 0;
    long sum = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int slot = 0; slot < l.slots(); slot++) {
      if ((mask >>> slot & 1) != 0) {
        int mv = (int) Bytes.check("cellMillivolts", s.cellMillivolts().get(c++), 0, 0xFFFF);
        Bytes.put16le(f, 6 + 2 * slot, mv);
        sum += mv;
        min = Math.min(min, mv);
        max = Math.max(max, mv);
      }
    }
    int maskAt = 6 + 2 * l.slots();
    Bytes.put32le(f, maskAt, mask);
    if (c > 0) {
      Bytes.put16le(f, maskAt + 4, (int) (sum / c));
      Bytes.put16le(f, maskAt + 6, max - min);
    }
    int mosAt = l == JkPbStatus.JkLayout.JK02_32S ? 144 : 134;
    Bytes.put16le(
        f, mosAt, (int) Bytes.check("mosTempDeciCelsius", s.mosTempDeciCelsius(), -0x8000, 0x7FFF));
    Bytes.put32le(f, l.at(150), Bytes.check("packMillivolts", s.packMillivolts(), 0, 0xFFFF_FFFFL));
    Bytes.put32le(
        f, l.at(154), Bytes.check("powerMilliwatts", s.powerMilliwatts(), 0, 0xFFFF_FFFFL));
    Bytes.put32le(f, l.at(158), s.currentMilliamps());
    Bytes.put16le(
        f, l.at(162), (int) Bytes.check("t1DeciCelsius", s.t1DeciCelsius(), -0x8000, 0x7FFF));
    Bytes.put16le(
        f, l.at(164), (int) Bytes.check("t2DeciCelsius", s.t2DeciCelsius(), -0x8000, 0x7FFF));
    Long alarms = s.alarmBits();
    if (l == JkPbStatus.JkLayout.JK02_32S) {
      if (alarms == null) {
        throw new IllegalArgumentException("the 32S layout carries an alarm word");
      }
      Bytes.put32le(f, 166, Bytes.check("alarmBits", alarms, 0, 0xFFFF_FFFFL));
    } else if (alarms != null) {
      throw new IllegalArgumentException("the 24S layout has no known alarm word");
    }
    Bytes.put16le(
        f,
        l.at(170),
        (int) Bytes.check("balanceCurrentMilliamps", s.balanceCurrentMilliamps(), -0x8000, 0x7FFF));
    f[l.at(172)] = (byte) Bytes.check("balanceState", s.balanceState(), 0, 0xFF);
    f[l.at(173)] = (byte) Bytes.check("socPercent", s.socPercent(), 0, 0xFF);
    Bytes.put32le(
        f,
        l.at(174),
        Bytes.check("remainingMilliampHours", s.remainingMilliampHours(), 0, 0xFFFF_FFFFL));
    Bytes.put32le(
        f,
        l.at(178),
        Bytes.check("nominalMilliampHours", s.nominalMilliampHours(), 0, 0xFFFF_FFFFL));
    Bytes.put32le(f, l.at(182), Bytes.check("cycles", s.cycles(), 0, 0xFFFF_FFFFL));
    f[l.at(190)] = (byte) Bytes.check("sohPercent", s.sohPercent(), 0, 0xFF);
    Bytes.put32le(f, l.at(194), Bytes.check("runtimeSeconds", s.runtimeSeconds(), 0, 0xFFFF_FFFFL));
    f[l.at(198)] = (byte) (s.chargeFet() ? 1 : 0);
    f[l.at(199)] = (byte) (s.dischargeFet() ? 1 : 0);
    f[PB_FRAME_LENGTH - 1] = (byte) JkChecksum.pbCompute(f);
    return f;
  }
}
