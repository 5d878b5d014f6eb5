package org.chargebay.bms.vectors;

import java.util.Arrays;
import java.util.List;

/** Byte-level building blocks for the codec fuzz targets ({@link Fuzz}). */
public final class Mutations {

  private Mutations() {}

  /**
   * A field of a frame.
   *
   * @param at frame offset
   * @param width 1, 2 or 4 bytes
   * @param bigEndian byte order of the family
   */
  public record Field(int at, int width, boolean bigEndian) {
    public long get(byte[] f) {
      long v = 0;
      for (int i = 0; i < width; i++) {
        int b = f[at + (bigEndian ? i : width - 1 - i)] & 0xFF;
        v = (v << 8) | b;
      }
      return v;
    }

    public void put(byte[] f, long v) {
      for (int i = 0; i < width; i++) {
        f[at + (bigEndian ? width - 1 - i : i)] = (byte) (v >>> (8 * i));
      }
    }

    public boolean fits(byte[] f) {
      return at >= 0 && at + width <= f.length;
    }
  }

  /**
   * A value for a field of {@code width} bytes that is likely to find edge cases: 0, 1, the top,
   * the sign boundary, the old value plus or minus a little, one bit of the old value flipped, or
   * random.
   */
  public static long interesting(Prng r, int width, long old) {
    long max = width >= 8 ? -1L : (1L << (8 * width)) - 1;
    long half = 1L << (8 * width - 1);
    switch (r.between(0, 9)) {
      case 0:
        return 0;
      case 1:
        return 1;
      case 2:
        return max;
      case 3:
        return max - 1;
      case 4:
        return half;
      case 5:
        return half - 1;
      case 6:
        return (old + r.between(-3, 3)) & max;
      case 7:
        return old ^ (1L << r.between(0, 8 * width - 1));
      case 8:
        return (old * r.between(2, 100)) & max;
      default:
        return r.nextLong() & max;
    }
  }

  /** Sets a random field of {@code fields} (that fits) to an interesting value. */
  public static void mutateField(Prng r, byte[] f, List<Field> fields) {
    if (fields.isEmpty()) {
      return;
    }
    Field field = fields.get(r.between(0, fields.size() - 1));
    if (field.fits(f)) {
      field.put(f, interesting(r, field.width(), field.get(f)));
    }
  }

  /** Flips 1 to 4 random bits. */
  public static byte[] flipBits(Prng r, byte[] f) {
    for (int k = r.between(1, 4); k > 0 && f.length > 0; k--) {
      f[r.between(0, f.length - 1)] ^= (byte) (1 << r.between(0, 7));
    }
    return f;
  }

  /** Overwrites 1 to 4 random bytes in {@code [from, to)}. */
  public static byte[] overwrite(Prng r, byte[] f, int from, int to) {
    if (to <= from) {
      return f;
    }
    for (int k = r.between(1, 4); k > 0; k--) {
      f[r.between(from, to - 1)] = (byte) r.nextLong();
    }
    return f;
  }

  /** {@code f} with {@code delete} bytes at {@code at} replaced by {@code insert}. */
  public static byte[] splice(byte[] f, int at, int delete, byte[] insert) {
    byte[] out = new byte[f.length - delete + insert.length];
    System.arraycopy(f, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(f, at + delete, out, at + insert.length, f.length - at - delete);
    return out;
  }

  /**
   * Deletes, inserts (random bytes) or duplicates a span of 1 to 8 bytes inside {@code [from, to)};
   * the length and checksum are left for the caller to repair.
   */
  public static byte[] spanOp(Prng r, byte[] f, int from, int to) {
    if (to <= from) {
      return f;
    }
    int at = r.between(from, to - 1);
    int len = r.between(1, Math.min(8, to - at));
    switch (r.between(0, 2)) {
      case 0:
        return splice(f, at, len, new byte[0]);
      case 1:
        return splice(f, at, 0, r.bytes(len));
      default:
        return splice(f, at, 0, Arrays.copyOfRange(f, at, at + len));
    }
  }

  /** Cuts the frame short or appends 1 to 8 random bytes. */
  public static byte[] truncateOrExtend(Prng r, byte[] f) {
    if (r.nextBoolean() && f.length > 0) {
      return Arrays.copyOf(f, r.between(0, f.length - 1));
    }
    byte[] more = r.bytes(r.between(1, 8));
    return splice(f, f.length, 0, more);
  }
}
