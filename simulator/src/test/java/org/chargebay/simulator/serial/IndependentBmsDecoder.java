package org.chargebay.simulator.serial;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A second decoder of the four BMS families' replies, written for the tests from the protocol notes
 * (PROTOCOLS.md sections 1 to 4) without the codec classes of {@code bms-adapters}, so that a
 * mistake made the same way in our encoder and decoder shows up against it. It checks the envelope
 * and checksum of every frame and reads the values a charger relies on. Bad frames throw {@link
 * IllegalArgumentException} naming what is wrong.
 */
final class IndependentBmsDecoder {

  /**
   * The values read from one reply; fields a frame does not carry stay null.
   *
   * @param cellMillivolts cell voltages, cell 1 first
   * @param currentMilliamps as on the wire (Daly: {@code (raw - 30000) x 100}; JBD, JK, ANT:
   *     positive while charging)
   */
  record Reading(
      List<Integer> cellMillivolts,
      Long packMillivolts,
      Long currentMilliamps,
      Integer socPercent,
      Boolean chargeFet,
      Boolean dischargeFet,
      Integer cellCount,
      String text) {}

  private IndependentBmsDecoder() {}

  // ---------------------------------------------------------------- JBD (section 1)

  /** {@code DD <reg> <status> <len> <data> <chk BE> 77}; checksum = 0x10000 - sum(status..data). */
  static Reading jbd(byte[] f, int register) {
    need(f.length >= 7, "JBD frame shorter than 7 bytes");
    need(u8(f, 0) == 0xDD, "JBD frame does not start with DD");
    need(u8(f, 1) == register, "JBD reply for register " + u8(f, 1) + ", asked " + register);
    need(u8(f, 2) == 0, "JBD status byte " + u8(f, 2));
    int len = u8(f, 3);
    need(f.length == len + 7, "JBD length byte " + len + " for a frame of " + f.length);
    need(u8(f, f.length - 1) == 0x77, "JBD frame does not end with 77");
    int sum = 0;
    for (int i = 2; i < 4 + len; i++) {
      sum += u8(f, i);
    }
    need(((0x10000 - sum) & 0xFFFF) == be16(f, 4 + len), "JBD checksum");
    if (register == 0x03) {
      need(len >= 23 + 2 * u8(f, 26), "JBD 0x03 shorter than its NTC count needs");
      return new Reading(
          List.of(),
          be16(f, 4) * 10L,
          (long) (short) be16(f, 6) * 10,
          u8(f, 23),
          (u8(f, 24) & 1) != 0,
          (u8(f, 24) & 2) != 0,
          u8(f, 25),
          null);
    }
    if (register == 0x04) {
      need(len % 2 == 0, "JBD 0x04 with an odd length");
      List<Integer> cells = new ArrayList<>();
      for (int i = 0; i < len / 2; i++) {
        cells.add(be16(f, 4 + 2 * i));
      }
      return new Reading(cells, null, null, null, null, null, cells.size(), null);
    }
    return new Reading(
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        new String(f, 4, len, StandardCharsets.ISO_8859_1));
  }

  // ---------------------------------------------------------------- JK TLV (section 2a)

  /** Record lengths after the tag byte, from the section 2a list; 0x79 is variable. */
  private static int tlvLength(int tag) {
    if (tag == 0x9D) {
      return 1;
    }
    if (tag >= 0x8E && tag <= 0xA8) {
      return 2;
    }
    switch (tag) {
      case 0x85:
      case 0x86:
      case 0xA9:
      case 0xAB:
      case 0xAC:
      case 0xAE:
      case 0xAF:
      case 0xB1:
      case 0xB3:
      case 0xB8:
      case 0xC0:
        return 1;
      case 0x80:
      case 0x81:
      case 0x82:
      case 0x83:
      case 0x84:
      case 0x87:
      case 0x8A:
      case 0x8B:
      case 0x8C:
      case 0xAD:
      case 0xB0:
        return 2;
      case 0x89:
      case 0xAA:
      case 0xB5:
      case 0xB6:
      case 0xB9:
        return 4;
      case 0xB4:
        return 8;
      case 0xB2:
        return 10;
      case 0xB7:
        return 15;
      case 0xBA:
        return 24;
      default:
        throw new IllegalArgumentException(String.format("JK TLV: unknown tag 0x%02X", tag));
    }
  }

  /** {@code 4E 57 <len> <terminal> <cmd> <src> <type> <records> <recno> 68 00 00 <sum16>}. */
  static Reading jkTlv(byte[] f) {
    need(f.length >= 20 && u8(f, 0) == 0x4E && u8(f, 1) == 0x57, "JK TLV start 4E 57");
    need(be16(f, 2) == f.length - 2, "JK TLV length field");
    need(u8(f, f.length - 5) == 0x68, "JK TLV end marker 68");
    int sum = 0;
    for (int i = 0; i < f.length - 2; i++) {
      sum += u8(f, i);
    }
    need((sum & 0xFFFF) == be16(f, f.length - 2), "JK TLV checksum");
    need(be16(f, f.length - 4) == 0, "JK TLV checksum high word");
    need(u8(f, 8) == 0x06 && u8(f, 10) == 0x01, "JK TLV: not a read-all reply");
    List<Integer> cells = new ArrayList<>();
    int[] v = new int[256];
    boolean[] seen = new boolean[256];
    int p = 11;
    int end = f.length - 9;
    while (p < end) {
      int tag = u8(f, p);
      int len = tag == 0x79 ? 1 + u8(f, p + 1) : tlvLength(tag);
      need(p + 1 + len <= end, "JK TLV record runs past the records");
      if (tag == 0x79) {
        for (int i = 0; i < u8(f, p + 1) / 3; i++) {
          need(u8(f, p + 2 + 3 * i) == i + 1, "JK TLV cell index " + u8(f, p + 2 + 3 * i));
          cells.add(be16(f, p + 3 + 3 * i));
        }
      } else if (len == 1) {
        v[tag] = u8(f, p + 1);
      } else if (len == 2) {
        v[tag] = be16(f, p + 1);
      }
      seen[tag] = true;
      p += 1 + len;
    }
    int raw = v[0x84];
    long current =
        seen[0xC0] && v[0xC0] == 1
            ? ((raw & 0x8000) != 0 ? 1 : -1) * (raw & 0x7FFFL) * 10
            : (10000L - raw) * 10;
    return new Reading(
        cells,
        v[0x83] * 10L,
        current,
        v[0x85],
        (v[0x8C] & 1) != 0,
        (v[0x8C] & 2) != 0,
        v[0x8A],
        null);
  }

  // ---------------------------------------------------------------- JK PB (section 2b)

  /** 300 bytes {@code 55 AA EB 90 02 ...}, sum8 of 0-298 in 299, fields little-endian (32S). */
  static Reading jkPb(byte[] f) {
    need(f.length == 300, "JK PB frame of " + f.length + " bytes");
    need(
        u8(f, 0) == 0x55 && u8(f, 1) == 0xAA && u8(f, 2) == 0xEB && u8(f, 3) == 0x90,
        "JK PB start 55 AA EB 90");
    need(u8(f, 4) == 2, "JK PB frame type " + u8(f, 4));
    int sum = 0;
    for (int i = 0; i < 299; i++) {
      sum += u8(f, i);
    }
    need((sum & 0xFF) == u8(f, 299), "JK PB checksum");
    long mask = le32(f, 70);
    List<Integer> cells = new ArrayList<>();
    for (int slot = 0; slot < 32; slot++) {
      if ((mask >>> slot & 1) != 0) {
        cells.add(le16(f, 6 + 2 * slot));
      }
    }
    return new Reading(
        cells,
        le32(f, 150),
        (long) (int) le32(f, 158),
        u8(f, 173),
        u8(f, 198) != 0,
        u8(f, 199) != 0,
        cells.size(),
        null);
  }

  /** The Modbus FC 0x10 acknowledgement: addr, 10, register, count 1, CRC-16/MODBUS LE. */
  static int[] modbusAck(byte[] f) {
    need(f.length == 8 && u8(f, 1) == 0x10, "Modbus FC 0x10 acknowledgement");
    need(crc16(f, 0, 6) == le16(f, 6), "Modbus acknowledgement CRC");
    return new int[] {u8(f, 0), be16(f, 2), be16(f, 4)};
  }

  // ---------------------------------------------------------------- Daly (section 3)

  /** One 13-byte {@code A5 01 <id> 08 <8 data> <sum8>} reply frame; returns its data bytes. */
  static byte[] daly(byte[] f, int id) {
    need(f.length == 13, "Daly frame of " + f.length + " bytes");
    need(u8(f, 0) == 0xA5 && u8(f, 1) == 0x01 && u8(f, 3) == 0x08, "Daly header A5 01 xx 08");
    need(u8(f, 2) == id, "Daly data ID " + u8(f, 2) + ", asked " + id);
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += u8(f, i);
    }
    need((sum & 0xFF) == u8(f, 12), "Daly checksum");
    byte[] d = new byte[8];
    System.arraycopy(f, 4, d, 0, 8);
    return d;
  }

  /** 0x90: pack, current (raw - 30000, 0.1 A), SoC (0.1 %). */
  static Reading dalyPack(byte[] f) {
    byte[] d = daly(f, 0x90);
    return new Reading(
        List.of(),
        be16(d, 0) * 100L,
        (be16(d, 4) - 30000L) * 100,
        be16(d, 6) / 10,
        null,
        null,
        null,
        null);
  }

  /** 0x95 frames (numbered from 1, 3 cells each): the first {@code count} cells. */
  static Reading dalyCells(List<byte[]> frames, int count) {
    List<Integer> cells = new ArrayList<>();
    for (int n = 0; n < frames.size(); n++) {
      byte[] d = daly(frames.get(n), 0x95);
      need(u8(d, 0) == n + 1, "Daly 0x95 frame " + (n + 1) + " numbered " + u8(d, 0));
      for (int i = 0; i < 3 && cells.size() < count; i++) {
        cells.add(be16(d, 1 + 2 * i));
      }
    }
    need(cells.size() == count, "Daly 0x95: " + cells.size() + " cells of " + count);
    return new Reading(cells, null, null, null, null, null, count, null);
  }

  // ---------------------------------------------------------------- ANT (section 4)

  /** A new-protocol reply {@code 7E A1 <func> <addr> <len> <data> <crc LE> AA 55}. */
  static Reading antNew(byte[] f) {
    need(f.length >= 10 && u8(f, 0) == 0x7E && u8(f, 1) == 0xA1, "ANT start 7E A1");
    int func = u8(f, 2);
    int len = u8(f, 5);
    int extra = func == 0x12 ? 6 : 0;
    need(f.length == len + 10 + extra, "ANT length byte " + len + " for " + f.length + " bytes");
    need(crc16(f, 1, 5 + len) == le16(f, 6 + len), "ANT CRC");
    need(u8(f, f.length - 2) == 0xAA && u8(f, f.length - 1) == 0x55, "ANT end AA 55");
    if (func == 0x12) {
      return new Reading(
          List.of(), null, null, null, null, null, null, ascii(f, 6, 16) + "/" + ascii(f, 22, 16));
    }
    need(func == 0x11, "ANT function " + func);
    int t = u8(f, 8);
    int n = u8(f, 9);
    need(len >= 28 + 2 * n + 2 * t + 12, "ANT status shorter than its counts need");
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cells.add(le16(f, 34 + 2 * i));
    }
    int o = 34 + 2 * n + 2 * t;
    return new Reading(
        cells,
        le16(f, o + 4) * 10L,
        (long) (short) le16(f, o + 6) * 100,
        le16(f, o + 8),
        null,
        null,
        n,
        null);
  }

  /** The legacy 140-byte reply {@code AA 55 AA FF ...}, sum16 of 4-137 BE in 138. */
  static Reading antLegacy(byte[] f) {
    need(f.length == 140, "ANT legacy reply of " + f.length + " bytes");
    need(
        u8(f, 0) == 0xAA && u8(f, 1) == 0x55 && u8(f, 2) == 0xAA && u8(f, 3) == 0xFF,
        "ANT legacy start AA 55 AA FF");
    int sum = 0;
    for (int i = 4; i < 138; i++) {
      sum += u8(f, i);
    }
    need((sum & 0xFFFF) == be16(f, 138), "ANT legacy checksum");
    int n = u8(f, 123);
    need(n <= 32, "ANT legacy cell count " + n);
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cells.add(be16(f, 6 + 2 * i));
    }
    long current = (long) (int) be32(f, 70) * 100;
    return new Reading(
        cells, be16(f, 4) * 100L, current, u8(f, 74), u8(f, 103) == 1, u8(f, 104) == 1, n, null);
  }

  // ---------------------------------------------------------------- helpers

  /** CRC-16/MODBUS: init 0xFFFF, reflected polynomial 0xA001. */
  static int crc16(byte[] f, int from, int length) {
    int crc = 0xFFFF;
    for (int i = from; i < from + length; i++) {
      crc ^= u8(f, i);
      for (int b = 0; b < 8; b++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
    }
    return crc;
  }

  private static void need(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(what);
    }
  }

  private static String ascii(byte[] f, int at, int length) {
    int end = at;
    while (end < at + length && f[end] != 0) {
      end++;
    }
    return new String(f, at, end - at, StandardCharsets.US_ASCII);
  }

  private static int u8(byte[] f, int at) {
    return f[at] & 0xFF;
  }

  private static int be16(byte[] f, int at) {
    return (u8(f, at) << 8) | u8(f, at + 1);
  }

  private static long be32(byte[] f, int at) {
    return ((long) be16(f, at) << 16) | be16(f, at + 2);
  }

  private static int le16(byte[] f, int at) {
    return u8(f, at) | (u8(f, at + 1) << 8);
  }

  private static long le32(byte[] f, int at) {
    return le16(f, at) | ((long) le16(f, at + 2) << 16);
  }
}
