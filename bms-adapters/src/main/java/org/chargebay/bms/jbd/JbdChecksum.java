package org.chargebay.bms.jbd;

/**
 * The JBD frame checksum: the two's complement of the 16-bit byte sum, stored big-endian just
 * before the {@code 0x77} end byte.
 *
 * <p>Per PROTOCOLS.md section 1 (verified on every captured frame and every example in the vendor
 * PDF): {@code chk = (0x10000 - sum(frame[2 .. 3 + len])) & 0xFFFF}. For a response the summed
 * bytes are status, length and data; for a request they are register, length and data. The PDF's
 * wording ("command code + length + data") only fits the request layout: a response's register byte
 * (offset 1) is <em>not</em> covered.
 */
public final class JbdChecksum {

  /** Offset of the first summed byte (status in a response, register in a request). */
  public static final int FIRST_SUMMED_OFFSET = 2;

  private JbdChecksum() {}

  /**
   * Two's complement of the 16-bit sum of {@code length} bytes starting at {@code offset}.
   *
   * @return 0x0000-0xFFFF
   */
  public static int sum16Complement(byte[] bytes, int offset, int length) {
    int sum = 0;
    for (int i = offset; i < offset + length; i++) {
      sum += bytes[i] & 0xFF;
    }
    return (0x10000 - (sum & 0xFFFF)) & 0xFFFF;
  }

  /**
   * The checksum a complete frame should carry, computed over offsets 2 to {@code 3 + len}
   * inclusive, where {@code len} is the data length byte at offset 3.
   *
   * @param frame at least {@code 4 + len} bytes
   * @throws IndexOutOfBoundsException if the frame is shorter than its length byte implies
   */
  public static int compute(byte[] frame) {
    int dataLength = frame[3] & 0xFF;
    return sum16Complement(frame, FIRST_SUMMED_OFFSET, 2 + dataLength);
  }

  /**
   * The checksum stored in a complete frame (big-endian at offsets {@code 4 + len} and {@code 5 +
   * len}).
   *
   * @param frame at least {@code 6 + len} bytes
   * @throws IndexOutOfBoundsException if the frame is shorter than its length byte implies
   */
  public static int stored(byte[] frame) {
    int at = 4 + (frame[3] & 0xFF);
    return ((frame[at] & 0xFF) << 8) | (frame[at + 1] & 0xFF);
  }
}
