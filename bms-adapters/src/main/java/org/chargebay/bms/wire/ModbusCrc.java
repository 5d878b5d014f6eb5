package org.chargebay.bms.wire;

/**
 * CRC-16/MODBUS: initial value 0xFFFF, reflected polynomial 0xA001, no final XOR, sent low byte
 * first. Used by the ANT {@code 7E A1} protocol (PROTOCOLS.md 4a) and the JK PB Modbus trigger
 * (PROTOCOLS.md 2b). Check value: "123456789" gives 0x4B37.
 */
public final class ModbusCrc {

  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private ModbusCrc() {}

  /** The CRC of {@code length} bytes from {@code offset}: 0x0000-0xFFFF. */
  public static int compute(byte[] b, int offset, int length) {
    int crc = 0xFFFF;
    for (int i = offset; i < offset + length; i++) {
      crc = (crc >>> 8) ^ TABLE[(crc ^ b[i]) & 0xFF];
    }
    return crc;
  }
}
