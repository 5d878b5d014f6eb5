package org.chargebay.bms.jk;

import org.chargebay.bms.wire.Bytes;

/**
 * The two JK checksums.
 *
 * <ul>
 *   <li>TLV ({@code 4E 57}): sum16 of every byte from {@code 4E} through the two zero bytes after
 *       {@code 68}, stored big-endian in the last two bytes (PROTOCOLS.md 2a, {@code
 *       jk_modbus.cpp}, {@code jkbms.py}).
 *   <li>PB ({@code 55 AA EB 90}): sum8 of bytes 0-298 in byte 299 (PROTOCOLS.md 2b).
 * </ul>
 */
public final class JkChecksum {

  private JkChecksum() {}

  /**
   * TLV checksum a frame of {@code frame.length} bytes should carry: sum16 of all but the last 2.
   */
  public static int tlvCompute(byte[] frame) {
    return Bytes.sum(frame, 0, frame.length - 2) & 0xFFFF;
  }

  /** TLV checksum stored in the last two bytes. */
  public static int tlvStored(byte[] frame) {
    return Bytes.u16be(frame, frame.length - 2);
  }

  /** PB checksum over bytes 0-298. */
  public static int pbCompute(byte[] frame) {
    return Bytes.sum(frame, 0, JkFrames.PB_FRAME_LENGTH - 1) & 0xFF;
  }

  /** PB checksum stored in byte 299. */
  public static int pbStored(byte[] frame) {
    return frame[JkFrames.PB_FRAME_LENGTH - 1] & 0xFF;
  }
}
