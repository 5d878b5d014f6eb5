package org.chargebay.bms.wire;

/**
 * Reading and writing fixed-width integers in byte arrays, big- and little-endian. Callers check
 * bounds first; these helpers do no checking of their own.
 */
public final class Bytes {

  private Bytes() {}

  /** Unsigned byte at {@code at}. */
  public static int u8(byte[] b, int at) {
    return b[at] & 0xFF;
  }

  /** Big-endian unsigned 16-bit value at {@code at}. */
  public static int u16be(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  /** Little-endian unsigned 16-bit value at {@code at}. */
  public static int u16le(byte[] b, int at) {
    return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
  }

  /** Big-endian unsigned 32-bit value at {@code at}. */
  public static long u32be(byte[] b, int at) {
    return ((long) u16be(b, at) << 16) | u16be(b, at + 2);
  }

  /** Little-endian unsigned 32-bit value at {@code at}. */
  public static long u32le(byte[] b, int at) {
    return ((long) u16le(b, at + 2) << 16) | u16le(b, at);
  }

  /** Writes the low 16 bits of {@code v} big-endian. */
  public static void put16be(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  /** Writes the low 16 bits of {@code v} little-endian. */
  public static void put16le(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  /** Writes the low 32 bits of {@code v} big-endian. */
  public static void put32be(byte[] b, int at, long v) {
    put16be(b, at, (int) (v >>> 16));
    put16be(b, at + 2, (int) v);
  }

  /** Writes the low 32 bits of {@code v} little-endian. */
  public static void put32le(byte[] b, int at, long v) {
    put16le(b, at, (int) v);
    put16le(b, at + 2, (int) (v >>> 16));
  }

  /** Sum of {@code length} unsigned bytes from {@code offset}, untruncated. */
  public static int sum(byte[] b, int offset, int length) {
    int s = 0;
    for (int i = offset; i < offset + length; i++) {
      s += b[i] & 0xFF;
    }
    return s;
  }

  /**
   * Checks that {@code value} is in {@code [min, max]}, for encoders.
   *
   * @throws IllegalArgumentException naming the field otherwise
   */
  public static long check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  /**
   * {@code milli / unit} if exact and in range, for encoders.
   *
   * @throws IllegalArgumentException if not a whole number of wire units or out of range
   */
  public static long units(String name, long milli, long unit, long min, long max) {
    if (milli % unit != 0) {
      throw new IllegalArgumentException(
          name + " must be a multiple of " + unit + " on the wire, was " + milli);
    }
    return check(name + " / " + unit, milli / unit, min, max);
  }
}
