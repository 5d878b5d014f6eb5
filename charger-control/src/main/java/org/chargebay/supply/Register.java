package org.chargebay.supply;

/**
 * One register as data: where it is, how wide, and how to scale it.
 *
 * @param address 0-based register address
 * @param table the Modbus table
 * @param type the raw type
 * @param scalePow10 engineering value = raw x 10^scalePow10 (e.g. -2 for "x100" registers)
 * @param wordOrder for 32-bit values: which word comes first
 */
public record Register(
    String name, int address, Table table, Type type, int scalePow10, WordOrder wordOrder) {

  public enum Table {
    HOLDING,
    INPUT
  }

  public enum Type {
    U16,
    U32
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

  /** Number of 16-bit registers this value spans. */
  public int width() {
    return type == Type.U32 ? 2 : 1;
  }

  /**
   * Converts a raw value to milli-units (mV, mA, mW), exactly: scales are powers of ten.
   *
   * @throws IllegalStateException if the scale would need fractional milli-units
   */
  public long toMilli(long raw) {
    int pow = scalePow10 + 3;
    if (pow < 0) {
      throw new IllegalStateException(name + ": scale 10^" + scalePow10 + " is finer than milli");
    }
    return raw * pow10(pow);
  }

  /** Converts milli-units to the raw value, rounding to the register's resolution. */
  public long fromMilli(long milli) {
    int pow = scalePow10 + 3;
    long step = pow10(pow);
    return Math.floorDiv(milli + step / 2, step);
  }

  /** The smallest step in milli-units. */
  public long stepMilli() {
    return pow10(scalePow10 + 3);
  }

  private static long pow10(int n) {
    long r = 1;
    for (int i = 0; i < n; i++) {
      r *= 10;
    }
    return r;
  }
}
