package org.chargebay.bms.ant;

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
import org.jspecify.annotations.Nullable;

/**
 * Pure functions from one complete ANT frame to a value or a {@link FrameError}; never throws for
 * wire data. Checks in order: start bytes, length and end bytes, checksum, function, fields.
 */
public final class AntDecoder {

  private AntDecoder() {}

  /** Decodes a new-protocol status reply (function 0x11). */
  public static DecodeResult<AntStatus> decodeStatus(byte[] f) {
    FrameError e = newEnvelope(f);
    if (e == null && u8(f, 2) != AntFrames.REPLY_STATUS) {
      e = new UnexpectedRegister(u8(f, 2), "function 0x11 (status)");
    }
    if (e == null) {
      int len = u8(f, 5);
      if (len < AntFrames.STATUS_FIXED) {
        e = new BadLength(len, f.length, "status needs at least 28 data bytes");
      } else {
        int needed =
            AntFrames.STATUS_FIXED + 2 * u8(f, 9) + 2 * u8(f, 8) + AntFrames.STATUS_TAIL_DECODED;
        if (len < needed) {
          e =
              new BadLength(
                  len,
                  f.length,
                  String.format(
                      Locale.ROOT,
                      "%d cells and %d sensors need at least %d data bytes",
                      u8(f, 9),
                      u8(f, 8),
                      needed));
        }
      }
    }
    if (e != null) {
      return DecodeResult.rejected(e, f);
    }
    int t = u8(f, 8);
    int n = u8(f, 9);
    List<Integer> cells = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      cells.add(u16le(f, 34 + 2 * i));
    }
    List<Integer> temps = new ArrayList<>(t);
    for (int i = 0; i < t; i++) {
      temps.add((int) (short) u16le(f, 34 + 2 * n + 2 * i));
    }
    int o = 34 + 2 * n + 2 * t;
    return DecodeResult.decoded(
        new AntStatus(
            u8(f, 6),
            u8(f, 7),
            u64le(f, 10),
            u64le(f, 18),
            u64le(f, 26),
            cells,
            temps,
            (short) u16le(f, o),
            (short) u16le(f, o + 2),
            u16le(f, o + 4) * 10,
            (short) u16le(f, o + 6) * 100,
            u16le(f, o + 8),
            u16le(f, o + 10),
            u8(f, o + 12),
            u8(f, o + 13),
            u8(f, o + 14),
            u32le(f, o + 16),
            u32le(f, o + 20),
            u32le(f, o + 24),
            (int) u32le(f, o + 28),
            u32le(f, o + 32),
            u32le(f, o + 36)));
  }

  /** Decodes a new-protocol device-info reply (function 0x12, with its 6 undeclared bytes). */
  public static DecodeResult<AntDeviceInfo> decodeDeviceInfo(byte[] f) {
    FrameError e = newEnvelope(f);
    if (e == null && u8(f, 2) != AntFrames.REPLY_DEVICE_INFO) {
      e = new UnexpectedRegister(u8(f, 2), "function 0x12 (device info)");
    }
    if (e == null && u8(f, 5) < 32) {
      e = new BadLength(u8(f, 5), f.length, "device info needs 32 data bytes");
    }
    if (e != null) {
      return DecodeResult.rejected(e, f);
    }
    return DecodeResult.decoded(new AntDeviceInfo(ascii(f, 6, 16), ascii(f, 22, 16)));
  }

  /**
   * Decodes a new-protocol host request (for emulators): always 10 bytes; returns {@code {function,
   * address, length}}.
   */
  public static DecodeResult<int[]> decodeRequest(byte[] f) {
    FrameError e = start(f);
    if (e == null && f.length != AntFrames.NEW_ENVELOPE) {
      e =
          f.length < AntFrames.NEW_ENVELOPE
              ? new Truncated(AntFrames.NEW_ENVELOPE, f.length)
              : new BadLength(u8(f, 5), f.length, "a request is 10 bytes");
    }
    if (e == null && (u8(f, 8) != AntFrames.NEW_END_0 || u8(f, 9) != AntFrames.NEW_END_1)) {
      e = new BadLength(u8(f, 5), f.length, "a request ends with AA 55");
    }
    if (e == null) {
      int expected = AntChecksum.crc(f, 0);
      int stored = AntChecksum.storedCrc(f, 0);
      if (expected != stored) {
        e = new ChecksumMismatch(expected, stored);
      }
    }
    if (e != null) {
      return DecodeResult.rejected(e, f);
    }
    return DecodeResult.decoded(new int[] {u8(f, 2), u16le(f, 3), u8(f, 5)});
  }

  /**
   * Decodes the legacy 140-byte reply. A cell count (byte 123) above the {@value
   * AntFrames#LEGACY_MAX_CELLS} cell slots, or a current (int32 in 0.1 A) whose milliamps do not
   * fit an int, is a {@link BadField}.
   */
  public static DecodeResult<AntLegacyStatus> decodeLegacy(byte[] f) {
    int[] start = {0xAA, 0x55, 0xAA, 0xFF};
    for (int i = 0; i < 4; i++) {
      if (f.length <= i) {
        return DecodeResult.rejected(new Truncated(AntFrames.LEGACY_LENGTH, f.length), f);
      }
      if (u8(f, i) != start[i]) {
        return DecodeResult.rejected(
            new BadStart(i, u8(f, i), String.format(Locale.ROOT, "0x%02X", start[i])), f);
      }
    }
    if (f.length < AntFrames.LEGACY_LENGTH) {
      return DecodeResult.rejected(new Truncated(AntFrames.LEGACY_LENGTH, f.length), f);
    }
    if (f.length > AntFrames.LEGACY_LENGTH) {
      return DecodeResult.rejected(new BadLength(0, f.length, "a legacy reply is 140 bytes"), f);
    }
    int expected = AntChecksum.legacySum(f);
    int stored = AntChecksum.legacyStored(f);
    if (expected != stored) {
      return DecodeResult.rejected(new ChecksumMismatch(expected, stored), f);
    }
    int count = u8(f, 123);
    if (count > AntFrames.LEGACY_MAX_CELLS) {
      return DecodeResult.rejected(
          new BadField(
              "cell count (byte 123)",
              String.format(
                  Locale.ROOT,
                  "%d cells, but the reply has %d cell slots",
                  count,
                  AntFrames.LEGACY_MAX_CELLS)),
          f);
    }
    int currentDeciAmps = (int) u32be(f, 70);
    if (currentDeciAmps > Integer.MAX_VALUE / 100 || currentDeciAmps < Integer.MIN_VALUE / 100) {
      return DecodeResult.rejected(
          new BadField(
              "current (bytes 70-73)",
              String.format(
                  Locale.ROOT,
                  "%d x 0.1 A is beyond the %d mA a reading can hold",
                  currentDeciAmps,
                  Integer.MAX_VALUE)),
          f);
    }
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cells.add(u16be(f, 6 + 2 * i));
    }
    List<Integer> temps = new ArrayList<>(6);
    for (int i = 0; i < 6; i++) {
      temps.add((int) (short) u16be(f, 91 + 2 * i));
    }
    return DecodeResult.decoded(
        new AntLegacyStatus(
            u16be(f, 4) * 100,
            cells,
            currentDeciAmps * 100,
            u8(f, 74),
            u32be(f, 75),
            u32be(f, 79),
            u32be(f, 83),
            u32be(f, 87),
            temps,
            u8(f, 103),
            u8(f, 104),
            u8(f, 105),
            (int) u32be(f, 111),
            u8(f, 115),
            u16be(f, 116),
            u8(f, 118),
            u16be(f, 119),
            u16be(f, 121),
            count,
            u32be(f, 132)));
  }

  /**
   * Decodes a legacy host request (for emulators): {@code XX XX <addr> <value u16 BE> <sum8>} with
   * XX = 0x5A, 0xDB (read) or 0xA5 (write); returns {@code {function, address, value}}.
   */
  public static DecodeResult<int[]> decodeLegacyRequest(byte[] f) {
    if (f.length < 6) {
      return DecodeResult.rejected(new Truncated(6, f.length), f);
    }
    int fn = u8(f, 0);
    if ((fn != 0x5A && fn != 0xDB && fn != AntFrames.LEGACY_WRITE) || u8(f, 1) != fn) {
      return DecodeResult.rejected(new BadStart(0, fn, "5A 5A, DB DB or A5 A5"), f);
    }
    if (f.length > 6) {
      return DecodeResult.rejected(new BadLength(0, f.length, "a legacy request is 6 bytes"), f);
    }
    int expected = AntChecksum.legacyRequestSum(f);
    if (expected != u8(f, 5)) {
      return DecodeResult.rejected(new ChecksumMismatch(expected, u8(f, 5)), f);
    }
    return DecodeResult.decoded(new int[] {fn, u8(f, 2), u16be(f, 3)});
  }

  /** Total length of a new-protocol reply with this function and declared length (quirk 2). */
  public static int newFrameLength(int function, int declaredLength) {
    return AntFrames.NEW_ENVELOPE
        + declaredLength
        + (function == AntFrames.REPLY_DEVICE_INFO ? AntFrames.DEVICE_INFO_EXTRA : 0);
  }

  private static @Nullable FrameError start(byte[] f) {
    if (f.length < 1) {
      return new Truncated(AntFrames.NEW_ENVELOPE, 0);
    }
    if (u8(f, 0) != AntFrames.NEW_START_0) {
      return new BadStart(0, u8(f, 0), "0x7E");
    }
    if (f.length < 2) {
      return new Truncated(AntFrames.NEW_ENVELOPE, f.length);
    }
    if (u8(f, 1) != AntFrames.NEW_START_1) {
      return new BadStart(1, u8(f, 1), "0xA1");
    }
    return null;
  }

  private static @Nullable FrameError newEnvelope(byte[] f) {
    FrameError e = start(f);
    if (e != null) {
      return e;
    }
    if (f.length < 6) {
      return new Truncated(AntFrames.NEW_ENVELOPE, f.length);
    }
    int len = u8(f, 5);
    int total = newFrameLength(u8(f, 2), len);
    if (f.length < total) {
      return new Truncated(total, f.length);
    }
    if (f.length > total) {
      return new BadLength(len, f.length, (f.length - total) + " bytes follow the declared end");
    }
    if (u8(f, total - 2) != AntFrames.NEW_END_0 || u8(f, total - 1) != AntFrames.NEW_END_1) {
      return new BadLength(
          len, f.length, "the frame does not end with AA 55 where its length says");
    }
    int expected = AntChecksum.crc(f, len);
    int stored = AntChecksum.storedCrc(f, len);
    if (expected != stored) {
      return new ChecksumMismatch(expected, stored);
    }
    return null;
  }

  private static long u64le(byte[] f, int at) {
    return u32le(f, at) | (u32le(f, at + 4) << 32);
  }

  private static String ascii(byte[] f, int at, int length) {
    return new String(f, at, length, StandardCharsets.ISO_8859_1).replaceAll("\u0000+$", "");
  }
}
