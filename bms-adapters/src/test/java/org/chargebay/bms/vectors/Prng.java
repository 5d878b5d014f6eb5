package org.chargebay.bms.vectors;

/**
 * SplitMix64: a tiny deterministic generator driven by a jqwik-supplied seed, so that every
 * generated value is reproducible from the seed jqwik prints on failure (no unseeded Random).
 */
public final class Prng {

  private long state;

  public Prng(long seed) {
    this.state = seed;
  }

  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [min, max]} (inclusive), max - min below 2^62. */
  public long between(long min, long max) {
    return min + Math.floorMod(nextLong(), max - min + 1);
  }

  public int between(int min, int max) {
    return (int) between((long) min, (long) max);
  }

  public boolean nextBoolean() {
    return (nextLong() & 1) != 0;
  }

  public byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) nextLong();
    }
    return b;
  }
}
