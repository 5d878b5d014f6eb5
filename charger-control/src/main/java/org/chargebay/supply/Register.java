package org.chargebay.supply;

/**
 * One register as data: where it is, how wide, and how to scale it.
 *
 * @param address 0-based register address (the number on the wire)
 * @param table the Modbus table
 * @param type the raw type
 * @param scalePow10 engineering value = raw x 10^scalePow10 (e.g. -2 for "x100" registers, -4 for
 *     the RD6006P's "x10000" current)
 * @param wordOrder for 32-bit values: which word comes first
 */
public record Register(
    String name, int address, Table table, Type type, int scalePow10, WordOrder wordOrder) {

  public enum Table {
    HOLDING,
    INPUT
  }

  public enum Type {
    /** Unsigned 16 bit. */
    U16,
    /** Unsigned 32 bit over two registers, ordered by {@link WordOrder}. */
    U32,
    /**
     * A sign register (0 = +, 1 = -) followed by a magnitude register, as the Riden temperature
     * pairs 4/5 and 34/35 (Baldanos/rd6006 registers.md).
     */
    SIGN_MAGNITUDE
  }

  public enum WordOrder {
    HIGH_FIRST,
    LOW_FIRST
  }

  /** A 16-bit holding register. */
  public static Register u16(String name, int address, int scalePow10) {
    return new Register(name, address, Table.HOLDING, Type.U16, scalePow10, WordOrder.HIGH_FIRST);
  }

  /** A 32-bit holding register pair, high word first. */
  public static Register u32(String name, int address, int scalePow10) {
    return new Register(name, address, Table.HOLDING, Type.U32, scalePow10, WordOrder.HIGH_FIRST);
  }

  /** A 32-bit holding register pair, low word first (XY-series Ah/Wh counters). */
  public static Register u32LowFirst(String name, int address, int scalePow10) {
    return new Register(name, address, Table.HOLDING, Type.U32, scalePow10, WordOrder.LOW_FIRST);
  }

  /** A sign register followed by a magnitude register. */
  public static Register signMagnitude(String name, int address, int scalePow10) {
    return new Register(
        name, address, Table.HOLDING, Type.SIGN_MAGNITUDE, scalePow10, WordOrder.HIGH_FIRST);
  }

  /** The same register with another scale (the RD6012P current range switch). */
  public Register withScale(int pow10) {
    return new Register(name, address, table, type, pow10, wordOrder);
  }

  /** Number of 16-bit registers this value spans. */
  public int width() {
    return type == Type.U16 ? 1 : 2;
  }

  /** The raw value of this register out of a block of 16-bit words read from {@code blockStart}. */
  public long rawFrom(int[] block, int blockStart) {
    int i = address - blockStart;
    return switch (type) {
      case U16 -> block[i];
      case U32 ->
          wordOrder == WordOrder.HIGH_FIRST
              ? ((long) block[i] << 16) | block[i + 1]
              : ((long) block[i + 1] << 16) | block[i];
      case SIGN_MAGNITUDE -> block[i] == 0 ? block[i + 1] : -(long) block[i + 1];
    };
  }

  /**
   * Converts a raw value to milli-units (mV, mA, mW, m°C). Exact when the register is coarser than
   * milli; rounded half up when it is finer (RD6006P current: 0.1 mA).
   */
  public long toMilli(long raw) {
    int pow = scalePow10 + 3;
    if (pow >= 0) {
      return raw * pow10(pow);
    }
    long div = pow10(-pow);
    return Math.floorDiv(raw + div / 2, div);
  }

  /** Converts milli-units to the raw value, rounding half up to the register's resolution. */
  public long fromMilli(long milli) {
    int pow = scalePow10 + 3;
    if (pow < 0) {
      return milli * pow10(-pow);
    }
    long step = pow10(pow);
    return Math.floorDiv(milli + step / 2, step);
  }

  /** The smallest step in milli-units, at least 1 (finer registers are still set in milli). */
  public long stepMilli() {
    int pow = scalePow10 + 3;
    return pow <= 0 ? 1 : pow10(pow);
  }

  private static long pow10(int n) {
    long r = 1;
    for (int i = 0; i < n; i++) {
      r *= 10;
    }
    return r;
  }
}
