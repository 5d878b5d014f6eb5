package org.chargebay.bms.daly;

import static org.chargebay.bms.wire.Bytes.u16be;
import static org.chargebay.bms.wire.Bytes.u32be;
import static org.chargebay.bms.wire.Bytes.u8;

import java.util.ArrayList;
import java.util.List;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.FrameError.BadLength;
import org.chargebay.bms.FrameError.BadStart;
import org.chargebay.bms.FrameError.ChecksumMismatch;
import org.chargebay.bms.FrameError.Truncated;
import org.chargebay.bms.FrameError.UnexpectedRegister;
import org.jspecify.annotations.Nullable;

/**
 * Pure functions from one 13-byte Daly frame to a {@link DalyFrame} or a {@link FrameError}, and
 * from the bytes of a multi-frame reply to a {@link DalySeries}; never throws for wire data. Checks
 * in order: start byte {@code A5}, length (13 bytes, byte 3 = 8), checksum, data ID, fields.
 */
public final class DalyDecoder {

  private DalyDecoder() {}

  /** Decodes any reply, choosing the layout by the data ID. */
  public static DecodeResult<DalyFrame> decode(byte[] f) {
    FrameError e = envelope(f);
    if (e != null) {
      return DecodeResult.rejected(e, f);
    }
    int id = u8(f, 2);
    DalyFrame value;
    switch (id) {
      case DalyFrames.PACK_STATUS:
        value =
            new DalyFrame.PackStatus(
                d16(f, 0) * 100,
                d16(f, 2) * 100,
                (d16(f, 4) - DalyFrames.CURRENT_OFFSET) * 100,
                d16(f, 6));
        break;
      case DalyFrames.CELL_EXTREMES:
        value = new DalyFrame.CellExtremes(d16(f, 0), d8(f, 2), d16(f, 3), d8(f, 5));
        break;
      case DalyFrames.TEMP_EXTREMES:
        value =
            new DalyFrame.TempExtremes(
                d8(f, 0) - DalyFrames.TEMP_OFFSET,
                d8(f, 1),
                d8(f, 2) - DalyFrames.TEMP_OFFSET,
                d8(f, 3));
        break;
      case DalyFrames.MOS_STATUS:
        value =
            new DalyFrame.MosStatus(d8(f, 0), d8(f, 1) != 0, d8(f, 2) != 0, d8(f, 3), u32be(f, 8));
        break;
      case DalyFrames.STATUS_INFO:
        value =
            new DalyFrame.StatusInfo(
                d8(f, 0), d8(f, 1), d8(f, 2) != 0, d8(f, 3) != 0, d8(f, 4), d16(f, 5));
        break;
      case DalyFrames.CELL_VOLTAGES:
        value = new DalyFrame.CellVoltages(d8(f, 0), List.of(d16(f, 1), d16(f, 3), d16(f, 5)));
        break;
      case DalyFrames.TEMPERATURES:
        List<Integer> temps = new ArrayList<>(DalyFrames.TEMPS_PER_FRAME);
        for (int i = 0; i < DalyFrames.TEMPS_PER_FRAME; i++) {
          temps.add(d8(f, 1 + i) - DalyFrames.TEMP_OFFSET);
        }
        value = new DalyFrame.Temperatures(d8(f, 0), temps);
        break;
      case DalyFrames.BALANCE:
        long bits = 0;
        for (int i = 0; i < 6; i++) {
          bits |= (long) d8(f, i) << (8 * i);
        }
        value = new DalyFrame.Balance(bits);
        break;
      case DalyFrames.FAULTS:
        long faults = 0;
        for (int i = 0; i < 7; i++) {
          faults |= (long) d8(f, i) << (8 * i);
        }
        value = new DalyFrame.Faults(faults, d8(f, 7));
        break;
      case DalyFrames.CHARGE_MOS:
      case DalyFrames.DISCHARGE_MOS:
        value = new DalyFrame.MosAck(id, d8(f, 0) != 0);
        break;
      default:
        return DecodeResult.rejected(new UnexpectedRegister(id, "0x90-0x98, 0xD9 or 0xDA"), f);
    }
    return DecodeResult.decoded(value);
  }

  /** Decodes a reply and checks its data ID. */
  public static DecodeResult<DalyFrame> decode(byte[] f, int expectedId) {
    FrameError e = envelope(f);
    if (e == null && u8(f, 2) != expectedId) {
      e =
          new UnexpectedRegister(
              u8(f, 2), String.format(java.util.Locale.ROOT, "0x%02X", expectedId));
    }
    return e != null ? DecodeResult.rejected(e, f) : decode(f);
  }

  /**
   * Decodes a multi-frame reply (0x95 cell voltages, 0x96 temperatures) from everything read after
   * the request: whole frames are found among noise, cut and truncated frames ({@link
   * DalyStream#scan}), and the first {@code count} values are taken from them ({@link
   * DalySeries#assemble}). The result names every dropped byte range; a value whose frame was lost
   * is never filled in: the reply is then refused with {@link FrameError.MissingValues}.
   *
   * @param command {@link DalyFrames#CELL_VOLTAGES} or {@link DalyFrames#TEMPERATURES}
   * @param count the cell (sensor) count (0x94 bytes 0 and 1), or null if unknown
   * @param end whether the read may have stopped inside a frame
   */
  public static DecodeResult<DalySeries> decodeSeries(
      byte[] stream, int command, @Nullable Integer count, DalyStream.End end) {
    return DalySeries.assemble(DalyStream.scan(stream, command, end), count, stream);
  }

  /**
   * Decodes a host request (for emulators): the envelope and checksum, then {@code {address, id,
   * data byte 0}}.
   */
  public static DecodeResult<int[]> decodeRequest(byte[] f) {
    FrameError e = envelope(f);
    if (e != null) {
      return DecodeResult.rejected(e, f);
    }
    return DecodeResult.decoded(new int[] {u8(f, 1), u8(f, 2), u8(f, 4)});
  }

  private static @Nullable FrameError envelope(byte[] f) {
    if (f.length == 0) {
      return new Truncated(DalyFrames.FRAME_LENGTH, 0);
    }
    if (u8(f, 0) != DalyFrames.START) {
      return new BadStart(0, u8(f, 0), "0xA5");
    }
    if (f.length < DalyFrames.FRAME_LENGTH) {
      return new Truncated(DalyFrames.FRAME_LENGTH, f.length);
    }
    if (f.length > DalyFrames.FRAME_LENGTH) {
      return new BadLength(u8(f, 3), f.length, "a Daly frame is exactly 13 bytes");
    }
    if (u8(f, 3) != DalyFrames.DATA_LENGTH) {
      return new BadLength(u8(f, 3), f.length, "byte 3 must be 0x08");
    }
    int expected = DalyChecksum.compute(f);
    int stored = DalyChecksum.stored(f);
    if (expected != stored) {
      return new ChecksumMismatch(expected, stored);
    }
    return null;
  }

  private static int d8(byte[] f, int i) {
    return u8(f, 4 + i);
  }

  private static int d16(byte[] f, int i) {
    return u16be(f, 4 + i);
  }
}
