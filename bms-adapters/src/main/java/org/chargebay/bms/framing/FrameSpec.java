package org.chargebay.bms.framing;

/**
 * The shape of one BMS family's frames on a stream, as far as cutting them out needs: a start byte,
 * a fixed-size header that gives the total length, and an end check. Implementations are stateless
 * and must not throw for any byte values.
 */
public interface FrameSpec {

  /** Whether {@code b} can be the first byte of a frame (JBD: {@code 0xDD}). */
  boolean isStart(byte b);

  /**
   * How many bytes, counted from the start byte, {@link #frameLength} needs to see. At least 1 and
   * at most {@link #maxFrameLength()}.
   */
  int headerLength();

  /**
   * The total frame length (start byte to end byte) given the header at {@code offset}.
   *
   * @param buffer holds at least {@link #headerLength()} bytes from {@code offset}
   * @return {@code headerLength()}..{@code maxFrameLength()}, or -1 if this header cannot start a
   *     frame (the accumulator then skips the start byte and hunts for the next one)
   */
  int frameLength(byte[] buffer, int offset);

  /** The longest frame {@link #frameLength} can return; bounds the accumulator's buffer. */
  int maxFrameLength();

  /**
   * Whether the bytes of a frame of the announced length end as a frame must (JBD: with {@code
   * 0x77}). If not, the length was wrong or the start byte was a false one.
   *
   * @param buffer holds at least {@code frameLength} bytes from {@code offset}
   */
  boolean hasValidEnd(byte[] buffer, int offset, int frameLength);
}
