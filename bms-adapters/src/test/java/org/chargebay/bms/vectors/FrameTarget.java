package org.chargebay.bms.vectors;

import java.util.List;

/**
 * The common mix of frames for a {@link Fuzz.Target}: about two thirds structure-aware mutations of
 * a capture (fields, lengths, counts, tags; each with its lengths and checksum repaired as the
 * mutation needs), and the rest split between bit flips repaired and not, cuts and extensions,
 * random bytes, random bodies in a valid envelope, and the unchanged capture.
 */
public abstract class FrameTarget implements Fuzz.Target {

  private final String name;
  private final List<byte[]> seeds;

  protected FrameTarget(String name, List<byte[]> seeds) {
    this.name = name;
    this.seeds = List.copyOf(seeds);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<byte[]> seeds() {
    return seeds;
  }

  /** A structure-aware mutation of {@code seed}, repaired as far as the mutation wants. */
  protected abstract byte[] structural(Prng r, byte[] seed);

  /** Makes lengths agree with the frame's size and recomputes the checksum. */
  protected abstract byte[] repair(byte[] f);

  /** Random data in a valid envelope shaped like {@code seed}. */
  protected abstract byte[] randomInEnvelope(Prng r, byte[] seed);

  @Override
  public byte[] next(Prng r, byte[] seed) {
    int k = r.between(0, 99);
    if (k < 2) {
      return seed;
    }
    if (k < 6) {
      return r.bytes(r.between(0, seed.length + 16));
    }
    if (k < 11) {
      return randomInEnvelope(r, seed);
    }
    if (k < 19) {
      return Mutations.flipBits(r, seed);
    }
    if (k < 23) {
      return Mutations.truncateOrExtend(r, seed);
    }
    if (k < 31) {
      return repair(Mutations.flipBits(r, seed));
    }
    return structural(r, seed);
  }
}
