package org.chargebay.bms.ant;

import org.chargebay.bms.wire.Bytes;
import org.chargebay.bms.wire.ModbusCrc;

/**
 * The ANT checksums.
 *
 * <ul>
 *   <li>New protocol: CRC-16/MODBUS over bytes 1 .. end of data, stored little-endian right after
 *       the data (PROTOCOLS.md 4a). For the 0x12 reply "end of data" is the declared length.
 *   <li>Legacy reply: sum16 of bytes 4-137, big-endian in bytes 138-139 (PROTOCOLS.md 4b).
 *   <li>Legacy request: sum8 of the address and the two value bytes (bytes 2-4) in byte 5.
 * </ul>
 */
public final class AntChecksum {

  private AntChecksum() {}

  /** CRC over bytes 1 .. {@code 5 + declaredLength} of a new-protocol frame. */
  public static int crc(byte[] frame, int declaredLength) {
    return ModbusCrc.compute(frame, 1, 5 + declaredLength);
  }

  /** The stored CRC, little-endian right after the declared data. */
  public static int storedCrc(byte[] frame, int declaredLength) {
    return Bytes.u16le(frame, 6 + declaredLength);
  }

  /** Legacy reply checksum over bytes 4-137. */
  public static int legacySum(byte[] frame) {
    return Bytes.sum(frame, 4, AntFrames.LEGACY_LENGTH - 6) & 0xFFFF;
  }

  /** Legacy reply checksum as stored in bytes 138-139. */
  public static int legacyStored(byte[] frame) {
    return Bytes.u16be(frame, AntFrames.LEGACY_LENGTH - 2);
  }

  /** Legacy request checksum: sum8 of bytes 2-4. */
  public static int legacyRequestSum(byte[] request) {
    return Bytes.sum(request, 2, 3) & 0xFF;
  }
}
