package org.chargebay.bms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why a candidate frame was refused. Each variant names the first check that failed; decoders run
 * their checks in a fixed order (start delimiter, length and end delimiter, checksum, register,
 * status, fields), so a frame has exactly one error.
 *
 * <p>{@link #code()} is a stable snake_case identifier for JSON and metrics; {@link #describe()} is
 * one English sentence for an operator.
 */
public sealed interface FrameError {

  /** A stable snake_case identifier, e.g. {@code checksum_mismatch}. */
  String code();

  /** One human sentence saying what was wrong with the bytes. */
  String describe();

  /**
   * A delimiter byte at the front of the frame is wrong (JBD: byte 0 is not {@code 0xDD}; for a
   * request, byte 1 is neither {@code 0xA5} nor {@code 0x5A}).
   *
   * @param offset byte offset within the frame
   * @param actual the byte found there, 0-255
   * @param expected what should have been there, in words, e.g. {@code "0xDD"}
   */
  record BadStart(int offset, int actual, String expected) implements FrameError {
    @Override
    public String code() {
      return "bad_start";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "Byte %d is %s, but a frame needs %s there.",
          offset,
          hex8(actual),
          expected);
    }
  }

  /**
   * The declared length does not fit the frame: the frame is longer than declared, the end
   * delimiter is not where the length puts it, or the register's payload needs another size.
   *
   * @param declaredDataLength the data length byte as received, 0-255
   * @param frameLength the number of bytes in the candidate frame
   * @param detail what exactly does not fit, one clause
   */
  record BadLength(int declaredDataLength, int frameLength, String detail) implements FrameError {
    @Override
    public String code() {
      return "bad_length";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "Bad length (%d data bytes declared, %d bytes in the frame): %s.",
          declaredDataLength,
          frameLength,
          detail);
    }
  }

  /**
   * The checksum stored in the frame differs from the one computed over its bytes.
   *
   * @param expected the checksum computed over the received bytes
   * @param actual the checksum stored in the frame
   */
  record ChecksumMismatch(int expected, int actual) implements FrameError {
    @Override
    public String code() {
      return "checksum_mismatch";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "Checksum mismatch: the frame carries 0x%04X but its bytes give 0x%04X.",
          actual,
          expected);
    }
  }

  /**
   * The frame is intact, but the BMS reported an error in its status byte (JBD: {@code 0x80}).
   *
   * @param status the status byte, 0-255
   */
  record DeviceStatus(int status) implements FrameError {
    @Override
    public String code() {
      return "device_status";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT, "The BMS answered with error status %s (0x00 means ok).", hex8(status));
    }
  }

  /**
   * The frame ends before the length it declares (or before the shortest possible frame).
   *
   * @param expectedLength the number of bytes needed
   * @param actualLength the number of bytes present
   */
  record Truncated(int expectedLength, int actualLength) implements FrameError {
    @Override
    public String code() {
      return "truncated";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "Truncated frame: %d bytes present, at least %d needed.",
          actualLength,
          expectedLength);
    }
  }

  /**
   * The frame answers another register than the one asked for or known. On JBD the register byte is
   * outside the checksum, so a corrupted register byte ends up here.
   *
   * @param register the register byte found, 0-255
   * @param expected the register(s) acceptable here, in words, e.g. {@code "0x03"}
   */
  record UnexpectedRegister(int register, String expected) implements FrameError {
    @Override
    public String code() {
      return "unexpected_register";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT, "The frame is for register %s, expected %s.", hex8(register), expected);
    }
  }

  /**
   * The envelope and checksum are fine, but a field's content cannot be a valid reply: a missing
   * mandatory record, an unknown TLV tag (whose length is then unknown), a frame counter out of
   * sequence, or a cell index outside the configured bounds under a rejecting policy.
   *
   * @param field the field, e.g. {@code "tag 0x84"} or {@code "0x95 frame number"}
   * @param detail what is wrong, one clause
   */
  record BadField(String field, String detail) implements FrameError {
    @Override
    public String code() {
      return "bad_field";
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "Bad field %s: %s.", field, detail);
    }
  }

  /**
   * A reply spread over numbered frames (Daly 0x95 cell voltages, 0x96 temperatures) lacks the
   * frames of some values. No value is guessed and none is used: the reply is refused.
   *
   * @param quantity the singular noun of the values, e.g. {@code "cell"} or {@code "temperature
   *     sensor"}
   * @param missing the numbers of the missing values, counting from 1, ascending, not empty
   * @param cause what became of their frames, e.g. {@code "frame 3 dropped (checksum)"}
   */
  record MissingValues(String quantity, List<Integer> missing, String cause) implements FrameError {
    public MissingValues {
      missing = List.copyOf(missing);
      if (missing.isEmpty()) {
        throw new IllegalArgumentException("no missing values");
      }
    }

    @Override
    public String code() {
      return "missing_values";
    }

    /** E.g. "Cells 7-9 missing: frame 3 dropped (checksum)." */
    @Override
    public String describe() {
      String noun = quantity + (missing.size() == 1 ? "" : "s");
      return String.format(
          Locale.ROOT,
          "%s%s %s missing: %s.",
          noun.substring(0, 1).toUpperCase(Locale.ROOT),
          noun.substring(1),
          ranges(missing),
          cause);
    }

    /** {@code [7, 8, 9, 16]} as {@code "7-9, 16"}. */
    static String ranges(List<Integer> ascending) {
      List<String> parts = new ArrayList<>();
      int i = 0;
      while (i < ascending.size()) {
        int j = i;
        while (j + 1 < ascending.size() && ascending.get(j + 1) == ascending.get(j) + 1) {
          j++;
        }
        parts.add(i == j ? "" + ascending.get(i) : ascending.get(i) + "-" + ascending.get(j));
        i = j + 1;
      }
      return String.join(", ", parts);
    }
  }

  private static String hex8(int value) {
    return String.format(Locale.ROOT, "0x%02X", value);
  }
}
