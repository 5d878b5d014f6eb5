package org.chargebay.bms.jbd;

import static org.chargebay.bms.jbd.JbdFrames.BASIC_INFO_FIXED_LENGTH;
import static org.chargebay.bms.jbd.JbdFrames.END;
import static org.chargebay.bms.jbd.JbdFrames.ENVELOPE_LENGTH;
import static org.chargebay.bms.jbd.JbdFrames.KELVIN_OFFSET_DECI;
import static org.chargebay.bms.jbd.JbdFrames.READ;
import static org.chargebay.bms.jbd.JbdFrames.REG_BASIC_INFO;
import static org.chargebay.bms.jbd.JbdFrames.REG_CELLS;
import static org.chargebay.bms.jbd.JbdFrames.REG_ENTER_FACTORY;
import static org.chargebay.bms.jbd.JbdFrames.REG_ERROR_COUNTS;
import static org.chargebay.bms.jbd.JbdFrames.REG_EXIT_FACTORY;
import static org.chargebay.bms.jbd.JbdFrames.REG_HARDWARE;
import static org.chargebay.bms.jbd.JbdFrames.REG_MOSFET_CONTROL;
import static org.chargebay.bms.jbd.JbdFrames.START;
import static org.chargebay.bms.jbd.JbdFrames.STATUS_OK;
import static org.chargebay.bms.jbd.JbdFrames.WRITE;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.FrameError.BadField;
import org.chargebay.bms.FrameError.BadLength;
import org.chargebay.bms.FrameError.BadStart;
import org.chargebay.bms.FrameError.ChecksumMismatch;
import org.chargebay.bms.FrameError.DeviceStatus;
import org.chargebay.bms.FrameError.Truncated;
import org.chargebay.bms.FrameError.UnexpectedRegister;
import org.jspecify.annotations.Nullable;

/**
 * Pure functions from one complete candidate frame (as cut by {@link JbdFrameSpec}) to a value or a
 * {@link FrameError}. Nothing here throws for bad wire bytes, keeps state or mutates its input.
 *
 * <p>Checks run in a fixed order and the first failure is reported:
 *
 * <ol>
 *   <li>start byte {@code 0xDD} ({@link BadStart});
 *   <li>length: the frame holds exactly {@code 7 + len} bytes ({@link Truncated} if fewer, {@link
 *       BadLength} if more) and ends with {@code 0x77} ({@link BadLength});
 *   <li>checksum ({@link JbdChecksum}, {@link ChecksumMismatch});
 *   <li>register byte, which the checksum does not cover ({@link UnexpectedRegister});
 *   <li>status byte {@code 0x00} ({@link DeviceStatus});
 *   <li>fields: the payload size the register needs ({@link BadLength}); a 0x03 cell count above
 *       {@link #MAX_CELLS} ({@link BadField}).
 * </ol>
 *
 * <p>Offsets and scaling: PROTOCOLS.md section 1 and the vendor PDF; see {@link JbdBasicInfo}.
 */
public final class JbdDecoder {

  /** The most cells a 0x04 reply can carry: its one-byte length holds 127 u16 voltages. */
  public static final int MAX_CELLS = 127;

  private static final String WRITE_ACK_REGISTERS = "0x00, 0x01 or 0xE1 (write acks)";

  private JbdDecoder() {}

  /**
   * Decodes any JBD response, choosing the layout by the register byte: 0x03 basic info, 0x04
   * cells, 0x05 hardware, 0xAA error counters, and write acks of 0x00, 0x01 and 0xE1.
   *
   * <p>Because the register byte is outside the checksum, a corrupted register byte can turn a
   * valid cells frame into a plausible hardware frame (0x04 and 0x05 differ in one bit). Callers
   * that know what they asked for should use the register-specific decoders, which reject it.
   */
  public static DecodeResult<JbdFrame> decode(byte[] frame) {
    FrameError error = envelope(frame);
    if (error != null) {
      return DecodeResult.rejected(error, frame);
    }
    int register = frame[1] & 0xFF;
    switch (register) {
      case REG_BASIC_INFO:
        return decodeBasicInfo(frame).map(JbdFrame.class::cast);
      case REG_CELLS:
        return decodeCells(frame).map(JbdFrame.class::cast);
      case REG_HARDWARE:
        return decodeHardware(frame).map(JbdFrame.class::cast);
      case REG_ERROR_COUNTS:
        return decodeErrorCounts(frame).map(JbdFrame.class::cast);
      case REG_ENTER_FACTORY:
      case REG_EXIT_FACTORY:
      case REG_MOSFET_CONTROL:
        return decodeWriteAck(frame, register).map(JbdFrame.class::cast);
      default:
        return DecodeResult.rejected(
            new UnexpectedRegister(register, "0x03, 0x04, 0x05, 0xAA, or " + WRITE_ACK_REGISTERS),
            frame);
    }
  }

  /**
   * Decodes a basic-info (0x03) response. Needs at least 23 data bytes plus 2 per temperature
   * probe; bytes after the probes (newer firmware, e.g. {@code len = 0x22} with 9 extra bytes) are
   * ignored.
   */
  public static DecodeResult<JbdBasicInfo> decodeBasicInfo(byte[] frame) {
    FrameError error = response(frame, REG_BASIC_INFO);
    if (error == null) {
      int len = dataLength(frame);
      if (len < BASIC_INFO_FIXED_LENGTH) {
        error =
            new BadLength(
                len, frame.length, "basic info needs at least 23 data bytes (offsets 0-22)");
      } else {
        int probes = u8(frame, 22);
        int needed = BASIC_INFO_FIXED_LENGTH + 2 * probes;
        if (len < needed) {
          error =
              new BadLength(
                  len,
                  frame.length,
                  String.format(
                      Locale.ROOT,
                      "an NTC count of %d needs at least %d data bytes",
                      probes,
                      needed));
        } else if (u8(frame, 21) > MAX_CELLS) {
          error =
              new BadField(
                  "cell count (offset 21)",
                  String.format(
                      Locale.ROOT,
                      "%d cells, but a 0x04 reply carries at most %d voltages",
                      u8(frame, 21),
                      MAX_CELLS));
        }
      }
    }
    if (error != null) {
      return DecodeResult.rejected(error, frame);
    }
    int probes = u8(frame, 22);
    List<Integer> temps = new ArrayList<>(probes);
    for (int i = 0; i < probes; i++) {
      temps.add(u16(frame, 23 + 2 * i) - KELVIN_OFFSET_DECI);
    }
    long balanceLow = u16(frame, 12);
    long balanceHigh = u16(frame, 14);
    int fets = u8(frame, 20);
    return DecodeResult.decoded(
        new JbdBasicInfo(
            u16(frame, 0) * 10,
            (short) u16(frame, 2) * 10,
            u16(frame, 4) * 10,
            u16(frame, 6) * 10,
            u16(frame, 8),
            unpackDate(u16(frame, 10)),
            (balanceHigh << 16) | balanceLow,
            u16(frame, 16),
            u8(frame, 18),
            u8(frame, 19),
            (fets & 0x01) != 0,
            (fets & 0x02) != 0,
            u8(frame, 21),
            temps));
  }

  /** Decodes a cell-voltage (0x04) response: an even number of data bytes, u16 mV per cell. */
  public static DecodeResult<JbdCells> decodeCells(byte[] frame) {
    FrameError error = response(frame, REG_CELLS);
    if (error == null && dataLength(frame) % 2 != 0) {
      error =
          new BadLength(
              dataLength(frame), frame.length, "cell voltages need an even number of data bytes");
    }
    if (error != null) {
      return DecodeResult.rejected(error, frame);
    }
    int cells = dataLength(frame) / 2;
    List<Integer> mv = new ArrayList<>(cells);
    for (int i = 0; i < cells; i++) {
      mv.add(u16(frame, 2 * i));
    }
    return DecodeResult.decoded(new JbdCells(mv));
  }

  /** Decodes a hardware-version (0x05) response: the data bytes as a string, no terminator. */
  public static DecodeResult<JbdHardware> decodeHardware(byte[] frame) {
    FrameError error = response(frame, REG_HARDWARE);
    if (error != null) {
      return DecodeResult.rejected(error, frame);
    }
    String model = new String(frame, 4, dataLength(frame), StandardCharsets.ISO_8859_1);
    return DecodeResult.decoded(new JbdHardware(model));
  }

  /**
   * Decodes a protection-counter (0xAA) response: at least 11 u16 counters; the trailing word of
   * real frames (jbd-04) is ignored.
   */
  public static DecodeResult<JbdErrorCounts> decodeErrorCounts(byte[] frame) {
    FrameError error = response(frame, REG_ERROR_COUNTS);
    if (error == null && dataLength(frame) < 2 * JbdErrorCounts.COUNTERS) {
      error =
          new BadLength(
              dataLength(frame), frame.length, "error counters need at least 22 data bytes");
    }
    if (error != null) {
      return DecodeResult.rejected(error, frame);
    }
    return DecodeResult.decoded(
        new JbdErrorCounts(
            u16(frame, 0),
            u16(frame, 2),
            u16(frame, 4),
            u16(frame, 6),
            u16(frame, 8),
            u16(frame, 10),
            u16(frame, 12),
            u16(frame, 14),
            u16(frame, 16),
            u16(frame, 18),
            u16(frame, 20)));
  }

  /**
   * Decodes the acknowledgement of a write to {@code register}: status ok and no data ({@code DD E1
   * 00 00 00 00 77} for MOSFET control). A refusal (status 0x80) is a {@link DeviceStatus}.
   */
  public static DecodeResult<JbdWriteAck> decodeWriteAck(byte[] frame, int register) {
    FrameError error = response(frame, register);
    if (error == null && dataLength(frame) != 0) {
      error = new BadLength(dataLength(frame), frame.length, "a write ack carries no data");
    }
    if (error != null) {
      return DecodeResult.rejected(error, frame);
    }
    return DecodeResult.decoded(new JbdWriteAck(register));
  }

  /**
   * Decodes a host request, for emulated BMSes: {@code DD A5 <reg> 00 <chk> 77} (read) or {@code DD
   * 5A <reg> 02 <hi> <lo> <chk> 77} (write). The checksum covers register, length and data.
   */
  public static DecodeResult<JbdRequest> decodeRequest(byte[] frame) {
    FrameError error = null;
    if (frame.length >= 2 && (frame[0] & 0xFF) == START) {
      int mode = frame[1] & 0xFF;
      if (mode != READ && mode != WRITE) {
        error = new BadStart(1, mode, "0xA5 (read) or 0x5A (write)");
      }
    }
    if (error == null) {
      error = envelope(frame);
    }
    if (error == null) {
      boolean write = (frame[1] & 0xFF) == WRITE;
      int len = dataLength(frame);
      if (write && len != 2) {
        error = new BadLength(len, frame.length, "a write request carries a 2-byte value");
      } else if (!write && len != 0) {
        error = new BadLength(len, frame.length, "a read request carries no data");
      }
    }
    if (error != null) {
      return DecodeResult.rejected(error, frame);
    }
    int register = frame[2] & 0xFF;
    JbdRequest request =
        (frame[1] & 0xFF) == WRITE
            ? new JbdRequest.Write(register, u16(frame, 0))
            : new JbdRequest.Read(register);
    return DecodeResult.decoded(request);
  }

  /**
   * Unpacks the production date word (offset 10): day = bits 0-4, month = bits 5-8, year = 2000 +
   * bits 9-15. 0x2C7C is 2022-03-28.
   *
   * @return null if the word is not a calendar date
   */
  public static @Nullable LocalDate unpackDate(int word) {
    int day = word & 0x1F;
    int month = (word >>> 5) & 0x0F;
    int year = 2000 + ((word >>> 9) & 0x7F);
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException notADate) {
      return null;
    }
  }

  // ---------------------------------------------------------------- checks

  /** Start, length, end byte and checksum; null if all pass. */
  private static @Nullable FrameError envelope(byte[] frame) {
    if (frame.length == 0) {
      return new Truncated(ENVELOPE_LENGTH, 0);
    }
    if ((frame[0] & 0xFF) != START) {
      return new BadStart(0, frame[0] & 0xFF, "0xDD");
    }
    if (frame.length < 4) {
      return new Truncated(ENVELOPE_LENGTH, frame.length);
    }
    int len = frame[3] & 0xFF;
    int total = ENVELOPE_LENGTH + len;
    if (frame.length < total) {
      return new Truncated(total, frame.length);
    }
    if (frame.length > total) {
      return new BadLength(
          len,
          frame.length,
          String.format(
              Locale.ROOT,
              "the length byte accounts for %d bytes but %d more follow",
              total,
              frame.length - total));
    }
    int end = frame[total - 1] & 0xFF;
    if (end != END) {
      return new BadLength(
          len,
          frame.length,
          String.format(
              Locale.ROOT, "byte %d should be the end marker 0x77 but is 0x%02X", total - 1, end));
    }
    int expected = JbdChecksum.compute(frame);
    int actual = JbdChecksum.stored(frame);
    if (expected != actual) {
      return new ChecksumMismatch(expected, actual);
    }
    return null;
  }

  /** Envelope, then register and status of a response; null if all pass. */
  private static @Nullable FrameError response(byte[] frame, int register) {
    FrameError error = envelope(frame);
    if (error != null) {
      return error;
    }
    int actualRegister = frame[1] & 0xFF;
    if (actualRegister != register) {
      return new UnexpectedRegister(actualRegister, String.format(Locale.ROOT, "0x%02X", register));
    }
    int status = frame[2] & 0xFF;
    if (status != STATUS_OK) {
      return new DeviceStatus(status);
    }
    return null;
  }

  private static int dataLength(byte[] frame) {
    return frame[3] & 0xFF;
  }

  /** Unsigned byte at data offset {@code offset} (the payload starts at frame offset 4). */
  private static int u8(byte[] frame, int offset) {
    return frame[4 + offset] & 0xFF;
  }

  /** Big-endian u16 at data offset {@code offset}. */
  private static int u16(byte[] frame, int offset) {
    return ((frame[4 + offset] & 0xFF) << 8) | (frame[5 + offset] & 0xFF);
  }
}
