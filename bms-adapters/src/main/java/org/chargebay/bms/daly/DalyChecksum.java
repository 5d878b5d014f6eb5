package org.chargebay.bms.daly;

import org.chargebay.bms.wire.Bytes;

/**
 * sum8 of bytes 0-11, stored in byte 12 (PROTOCOLS.md 3). {@code A5 40 90 08 00..00} gives 0x7D.
 */
public final class DalyChecksum {

  private DalyChecksum() {}

  /** The checksum bytes 0-11 of {@code frame} should carry. */
  public static int compute(byte[] frame) {
    return Bytes.sum(frame, 0, DalyFrames.FRAME_LENGTH - 1) & 0xFF;
  }

  /** The checksum stored in byte 12. */
  public static int stored(byte[] frame) {
    return frame[DalyFrames.FRAME_LENGTH - 1] & 0xFF;
  }
}
