package org.chargebay.bms.jk;

import static org.chargebay.bms.wire.Bytes.u16be;
import static org.chargebay.bms.wire.Bytes.u16le;
import static org.chargebay.bms.wire.Bytes.u32be;
import static org.chargebay.bms.wire.Bytes.u32le;
import static org.chargebay.bms.wire.Bytes.u8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.FrameError.BadField;
import org.chargebay.bms.FrameError.BadLength;
import org.chargebay.bms.FrameError.BadStart;
import org.chargebay.bms.FrameError.ChecksumMismatch;
import org.chargebay.bms.FrameError.Truncated;
import org.chargebay.bms.FrameError.UnexpectedRegister;
import org.chargebay.bms.jk.JkPbStatus.JkLayout;
import org.chargebay.bms.wire.ModbusCrc;
import org.jspecify.annotations.Nullable;

/**
 * Pure functions from one complete JK frame to a value or a {@link FrameError}; never throws for
 * wire data. Checks run in order: start bytes, length (and the {@code 68} marker for TLV),
 * checksum, command/frame type, fields.
 */
public final class JkDecoder {

  private JkDecoder() {}

  // ---------------------------------------------------------------- TLV

  /** Envelope and checksum of any TLV frame (request, reply or ack). */
  public static DecodeResult<JkTlvMessage> decodeTlvMessage(byte[] f) {
    FrameError e = tlvEnvelope(f);
    if (e != null) {
      return DecodeResult.rejected(e, f);
    }
    byte[] data = new byte[f.length - JkFrames.TLV_HEADER_LENGTH - JkFrames.TLV_TRAILER_LENGTH];
    System.arraycopy(f, JkFrames.TLV_HEADER_LENGTH, data, 0, data.length);
    return DecodeResult.decoded(new JkTlvMessage(u32be(f, 4), u8(f, 8), u8(f, 9), u8(f, 10), data));
  }

  /**
   * Decodes a "read all" reply. Its command byte is 0x06 (read all), or 0x03 (read) as JK-B1A20S15P
   * units on firmware 11.x send it; the records are the same. Any other command byte is an {@link
   * UnexpectedRegister}. Every record must have a known tag (lengths are fixed per tag, so an
   * unknown tag makes the rest unreadable); tags 0x79-0x85, 0x8A, 0x8B and 0x8C are mandatory, so a
   * read-one reply carrying a single record is a {@link BadField}, and so is a cell count (0x8A)
   * above {@link JkFrames#TLV_MAX_CELLS}. Settings tags are skipped.
   */
  public static DecodeResult<JkTlvStatus> decodeTlv(byte[] f) {
    FrameError e = tlvEnvelope(f);
    int command = e == null ? u8(f, 8) : -1;
    if (e == null && command != JkFrames.CMD_READ_ALL && command != JkFrames.CMD_READ) {
      e = new UnexpectedRegister(command, "command 0x06 (read all) or 0x03 (read)");
    }
    if (e == null && u8(f, 10) == JkFrames.TYPE_REQUEST) {
      e =
          new UnexpectedRegister(
              u8(f, 10), "frame type 0x01 (reply) or 0x02 (active upload), not a request");
    }
    if (e != null) {
      return DecodeResult.rejected(e, f);
    }
    int end = f.length - JkFrames.TLV_TRAILER_LENGTH;
    List<Integer> cells = null;
    int[] v16 = new int[256];
    boolean[] seen = new boolean[256];
    long[] v32 = new long[256];
    String version = null;
    String deviceId = null;
    String manufacturerId = null;
    int p = JkFrames.TLV_HEADER_LENGTH;
    while (p < end) {
      int tag = u8(f, p);
      int len;
      if (tag == 0x79) {
        if (p + 1 >= end) {
          return bad(f, "tag 0x79", "the cell record has no length byte");
        }
        len = 1 + u8(f, p + 1);
        if (u8(f, p + 1) % 3 != 0) {
          return bad(f, "tag 0x79", "the cell record length is not a multiple of 3");
        }
      } else {
        len = tlvLength(tag);
        if (len < 0) {
          return bad(
              f, String.format(Locale.ROOT, "tag 0x%02X", tag), "unknown tag at offset " + p);
        }
      }
      if (p + 1 + len > end) {
        return bad(
            f,
            String.format(Locale.ROOT, "tag 0x%02X", tag),
            "the record runs past the end of the records");
      }
      int at = p + 1;
      seen[tag] = true;
      if (tag == 0x79) {
        int n = u8(f, at) / 3;
        cells = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          cells.add(u16be(f, at + 2 + 3 * i));
        }
      } else if (len == 1) {
        v16[tag] = u8(f, at);
      } else if (len == 2) {
        v16[tag] = u16be(f, at);
      } else if (len == 4) {
        v32[tag] = u32be(f, at);
      } else if (tag == 0xB7) {
        version = new String(f, at, 15, StandardCharsets.ISO_8859_1).replaceAll("\u0000+$", "");
      } else if (tag == 0xB4) {
        deviceId = identity(f, at, 8);
      } else if (tag == 0xBA) {
        manufacturerId = identity(f, at, 24);
      }
      p += 1 + len;
    }
    for (int tag : new int[] {0x79, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x8A, 0x8B, 0x8C}) {
      if (!seen[tag]) {
        return bad(f, String.format(Locale.ROOT, "tag 0x%02X", tag), "mandatory record missing");
      }
    }
    if (v16[0x8A] > JkFrames.TLV_MAX_CELLS) {
      return bad(
          f,
          "tag 0x8A",
          String.format(
              Locale.ROOT,
              "%d cells, but the 0x79 record carries at most %d voltages",
              v16[0x8A],
              JkFrames.TLV_MAX_CELLS));
    }
    Integer protocol = seen[0xC0] ? v16[0xC0] : null;
    int raw = v16[0x84];
    int current =
        protocol != null && protocol == 1
            ? ((raw & 0x8000) != 0 ? 1 : -1) * (raw & 0x7FFF) * 10
            : (10000 - raw) * 10;
    return DecodeResult.decoded(
        new JkTlvStatus(
            cells == null ? List.of() : cells,
            temp(v16[0x80]),
            temp(v16[0x81]),
            temp(v16[0x82]),
            v16[0x83] * 10,
            current,
            v16[0x85],
            v16[0x86],
            v16[0x87],
            v32[0x89],
            v16[0x8A],
            v16[0x8B],
            v16[0x8C],
            v32[0xAA],
            seen[0xB6] ? v32[0xB6] : null,
            version,
            protocol,
            deviceId,
            manufacturerId));
  }

  /** An ASCII identity record without its trailing NUL and space padding. */
  private static String identity(byte[] f, int at, int length) {
    return new String(f, at, length, StandardCharsets.ISO_8859_1).replaceAll("[\u0000 ]+$", "");
  }

  /** PDF rule: raw 0-100 is °C, above 100 is -(raw - 100) °C; returned in 0.1 °C. */
  static int temp(int raw) {
    return raw <= 100 ? raw * 10 : -(raw - 100) * 10;
  }

  /** Record length after the tag byte, -1 for an unknown tag (PROTOCOLS.md 2a). */
  static int tlvLength(int tag) {
    if (tag >= 0x8E && tag <= 0xA8) {
      return tag == 0x9D ? 1 : 2;
    }
    switch (tag) {
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
      case 0x89:
      case 0xAA:
      case 0xB5:
      case 0xB6:
      case 0xB9:
        return 4;
      case 0xB2:
        return 10;
      case 0xB4:
        return 8;
      case 0xB7:
        return 15;
      case 0xBA:
        return 24;
      default:
        return -1;
    }
  }

  private static @Nullable FrameError tlvEnvelope(byte[] f) {
    if (f.length < 1) {
      return new Truncated(JkFrames.TLV_HEADER_LENGTH + JkFrames.TLV_TRAILER_LENGTH, 0);
    }
    if (u8(f, 0) != JkFrames.TLV_START_0) {
      return new BadStart(0, u8(f, 0), "0x4E");
    }
    if (f.length < 2) {
      return new Truncated(JkFrames.TLV_HEADER_LENGTH + JkFrames.TLV_TRAILER_LENGTH, f.length);
    }
    if (u8(f, 1) != JkFrames.TLV_START_1) {
      return new BadStart(1, u8(f, 1), "0x57");
    }
    if (f.length < 4) {
      return new Truncated(JkFrames.TLV_HEADER_LENGTH + JkFrames.TLV_TRAILER_LENGTH, f.length);
    }
    int declared = u16be(f, 2);
    int total = declared + 2;
    if (total < JkFrames.TLV_HEADER_LENGTH + JkFrames.TLV_TRAILER_LENGTH) {
      return new BadLength(declared, f.length, "a frame needs at least 20 bytes after the start");
    }
    if (f.length < total) {
      return new Truncated(total, f.length);
    }
    if (f.length > total) {
      return new BadLength(
          declared, f.length, (f.length - total) + " bytes follow the declared end");
    }
    if (u8(f, total - 5) != JkFrames.TLV_END) {
      return new BadLength(
          declared, f.length, "byte " + (total - 5) + " should be the end marker 0x68");
    }
    int expected = JkChecksum.tlvCompute(f);
    int stored = JkChecksum.tlvStored(f);
    if (expected != stored) {
      return new ChecksumMismatch(expected, stored);
    }
    if (u16be(f, total - 4) != 0) {
      return new BadField("checksum high word", "must be 0x0000");
    }
    return null;
  }

  // ---------------------------------------------------------------- PB

  /**
   * The layout of a PB status frame. 24S if the u32 at 54 (the 24S cell mask) is a non-zero run of
   * low bits, at most 24 wide, whose width equals the number of non-zero cells in slots 0-23; in
   * the 32S layout offset 54 is cell slot 24, which is zero or a cell voltage and cannot also
   * satisfy the count. Otherwise 32S.
   */
  public static JkLayout detectLayout(byte[] f) {
    if (f.length < JkFrames.PB_FRAME_LENGTH) {
      return JkLayout.JK02_32S;
    }
    long mask = u32le(f, 54);
    boolean lowRun = mask != 0 && (mask & (mask + 1)) == 0 && mask <= 0xFF_FFFFL;
    if (!lowRun) {
      return JkLayout.JK02_32S;
    }
    int nonZero = 0;
    for (int slot = 0; slot < 24; slot++) {
      if (u16le(f, 6 + 2 * slot) != 0) {
        nonZero++;
      }
    }
    return nonZero == Long.bitCount(mask) ? JkLayout.JK02_24S : JkLayout.JK02_32S;
  }

  /** Decodes a PB status frame, choosing the layout with {@link #detectLayout}. */
  public static DecodeResult<JkPbStatus> decodePb(byte[] f) {
    return decodePb(f, detectLayout(f));
  }

  /** Decodes a PB status frame (type 2) with the given layout. */
  public static DecodeResult<JkPbStatus> decodePb(byte[] f, JkLayout l) {
    FrameError e = pbEnvelope(f);
    if (e == null && u8(f, 4) != JkFrames.PB_TYPE_STATUS) {
      e = new UnexpectedRegister(u8(f, 4), "frame type 0x02 (status)");
    }
    if (e != null) {
      return DecodeResult.rejected(e, f);
    }
    int maskAt = 6 + 2 * l.slots();
    long mask = u32le(f, maskAt);
    if (l == JkLayout.JK02_24S) {
      mask &= 0xFF_FFFFL;
    }
    List<Integer> cells = new ArrayList<>();
    for (int slot = 0; slot < l.slots(); slot++) {
      if ((mask >>> slot & 1) != 0) {
        cells.add(u16le(f, 6 + 2 * slot));
      }
    }
    int mosAt = l == JkLayout.JK02_32S ? 144 : 134;
    return DecodeResult.decoded(
        new JkPbStatus(
            l,
            u8(f, 5),
            cells,
            mask,
            (short) u16le(f, mosAt),
            u32le(f, l.at(150)),
            u32le(f, l.at(154)),
            (int) u32le(f, l.at(158)),
            (short) u16le(f, l.at(162)),
            (short) u16le(f, l.at(164)),
            l == JkLayout.JK02_32S ? u32le(f, 166) : null,
            (short) u16le(f, l.at(170)),
            u8(f, l.at(172)),
            u8(f, l.at(173)),
            u32le(f, l.at(174)),
            u32le(f, l.at(178)),
            u32le(f, l.at(182)),
            u8(f, l.at(190)),
            u32le(f, l.at(194)),
            u8(f, l.at(198)) != 0,
            u8(f, l.at(199)) != 0));
  }

  /**
   * Decodes a PB trigger (Modbus FC 0x10, one register, for emulators).
   *
   * @return the pair {address, register} as a two-element array
   */
  public static DecodeResult<int[]> decodePbTrigger(byte[] f) {
    if (f.length != JkFrames.PB_TRIGGER_LENGTH) {
      return DecodeResult.rejected(
          f.length < JkFrames.PB_TRIGGER_LENGTH
              ? new Truncated(JkFrames.PB_TRIGGER_LENGTH, f.length)
              : new BadLength(2, f.length, "a trigger is 11 bytes"),
          f);
    }
    if (u8(f, 1) != JkFrames.FC_WRITE_MULTIPLE) {
      return DecodeResult.rejected(new BadStart(1, u8(f, 1), "0x10"), f);
    }
    int expected = ModbusCrc.compute(f, 0, 9);
    int stored = u16le(f, 9);
    if (expected != stored) {
      return DecodeResult.rejected(new ChecksumMismatch(expected, stored), f);
    }
    return DecodeResult.decoded(new int[] {u8(f, 0), u16be(f, 2)});
  }

  /**
   * Decodes the Modbus FC 0x10 acknowledgement a PB board sends after its frame: {@code <address>
   * 10 <register> <count> <crc>}.
   *
   * @return {address, register}
   */
  public static DecodeResult<int[]> decodePbAck(byte[] f) {
    if (f.length != JkFrames.PB_ACK_LENGTH) {
      return DecodeResult.rejected(
          f.length < JkFrames.PB_ACK_LENGTH
              ? new Truncated(JkFrames.PB_ACK_LENGTH, f.length)
              : new BadLength(0, f.length, "an FC 0x10 acknowledgement is 8 bytes"),
          f);
    }
    if (u8(f, 1) != JkFrames.FC_WRITE_MULTIPLE) {
      return DecodeResult.rejected(new BadStart(1, u8(f, 1), "0x10"), f);
    }
    int expected = ModbusCrc.compute(f, 0, 6);
    int stored = u16le(f, 6);
    if (expected != stored) {
      return DecodeResult.rejected(new ChecksumMismatch(expected, stored), f);
    }
    return DecodeResult.decoded(new int[] {u8(f, 0), u16be(f, 2)});
  }

  private static @Nullable FrameError pbEnvelope(byte[] f) {
    int[] start = {0x55, 0xAA, 0xEB, 0x90};
    for (int i = 0; i < 4; i++) {
      if (f.length <= i) {
        return new Truncated(JkFrames.PB_FRAME_LENGTH, f.length);
      }
      if (u8(f, i) != start[i]) {
        return new BadStart(i, u8(f, i), String.format(Locale.ROOT, "0x%02X", start[i]));
      }
    }
    if (f.length < JkFrames.PB_FRAME_LENGTH) {
      return new Truncated(JkFrames.PB_FRAME_LENGTH, f.length);
    }
    if (f.length > JkFrames.PB_FRAME_LENGTH) {
      return new BadLength(0, f.length, "a PB frame is 300 bytes");
    }
    int expected = JkChecksum.pbCompute(f);
    int stored = JkChecksum.pbStored(f);
    if (expected != stored) {
      return new ChecksumMismatch(expected, stored);
    }
    return null;
  }

  private static <T> DecodeResult<T> bad(byte[] f, String field, String detail) {
    return DecodeResult.rejected(new BadField(field, detail), f);
  }
}
