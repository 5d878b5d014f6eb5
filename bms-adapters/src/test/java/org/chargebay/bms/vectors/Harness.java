package org.chargebay.bms.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.framing.FrameSpec;

/** Shared checks for the per-family property and fuzz tests. */
public final class Harness {

  private Harness() {}

  /** Splits {@code frame} into chunks of {@code size} bytes (the last may be shorter). */
  public static List<byte[]> partitions(byte[] frame, int size) {
    List<byte[]> parts = new ArrayList<>();
    for (int at = 0; at < frame.length; at += size) {
      byte[] part = new byte[Math.min(size, frame.length - at)];
      System.arraycopy(frame, at, part, 0, part.length);
      parts.add(part);
    }
    return parts;
  }

  /**
   * Feeds {@code frame}, preceded by garbage, at every chunk size 1..length through a fresh
   * accumulator and asserts that exactly the frame comes out and decodes to {@code expected}.
   */
  public static <T> void decodesIdenticallyAtEveryChunkSize(
      byte[] frame, byte[] garbage, FrameSpec spec, Function<byte[], DecodeResult<T>> decoder) {
    DecodeResult<T> expected = decoder.apply(frame);
    assertThat(expected).isInstanceOf(Decoded.class);
    byte[] stream = new byte[garbage.length + frame.length];
    System.arraycopy(garbage, 0, stream, 0, garbage.length);
    System.arraycopy(frame, 0, stream, garbage.length, frame.length);
    for (int size = 1; size <= stream.length; size++) {
      FrameAccumulator acc = new FrameAccumulator(spec);
      List<byte[]> out = new ArrayList<>();
      for (byte[] part : partitions(stream, size)) {
        out.addAll(acc.feed(part));
      }
      assertThat(out).as("chunk size " + size).hasSize(1);
      assertThat(out.get(0)).as("chunk size " + size).isEqualTo(frame);
      assertThat(decoder.apply(out.get(0))).as("chunk size " + size).isEqualTo(expected);
    }
  }

  /**
   * Every single-bit flip of {@code frame} is rejected by {@code decoder}, except in {@code skip}.
   */
  public static void everyBitFlipIsRejected(
      byte[] frame, Function<byte[], DecodeResult<?>> decoder, Predicate<Integer> skip) {
    for (int offset = 0; offset < frame.length; offset++) {
      if (skip.test(offset)) {
        continue;
      }
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = frame.clone();
        flipped[offset] ^= (byte) (1 << bit);
        assertThat(decoder.apply(flipped))
            .as("byte " + offset + " bit " + bit)
            .isInstanceOf(Rejected.class);
      }
    }
  }

  /**
   * Decodes {@code count} random and mutated frames with every decoder; none may throw, and every
   * accepted frame must carry a valid checksum per {@code checksumValid} (an independent
   * implementation). Mutations of the seeds: bit flips, byte overwrites, truncation, extension,
   * duplicated or deleted spans, and pure random bytes of seed-like length.
   *
   * @return the number of frames decoded (for the assertion that the budget was spent)
   */
  public static int fuzz(
      Prng rnd,
      int count,
      List<byte[]> seeds,
      List<Function<byte[], DecodeResult<?>>> decoders,
      Predicate<byte[]> checksumValid) {
    int done = 0;
    for (int i = 0; i < count; i++) {
      byte[] seed = seeds.get(rnd.between(0, seeds.size() - 1));
      byte[] f = mutate(rnd, seed);
      for (Function<byte[], DecodeResult<?>> decoder : decoders) {
        DecodeResult<?> r = decoder.apply(f);
        if (r instanceof Decoded) {
          assertThat(checksumValid.test(f))
              .as("accepted a frame with a bad checksum: %s", hex(f))
              .isTrue();
        }
      }
      done++;
    }
    return done;
  }

  private static byte[] mutate(Prng rnd, byte[] seed) {
    int kind = rnd.between(0, 7);
    byte[] f = seed.clone();
    switch (kind) {
      case 0: // pure random bytes
        return rnd.bytes(rnd.between(0, seed.length + 8));
      case 1: // one bit
        if (f.length > 0) {
          int at = rnd.between(0, f.length - 1);
          f[at] ^= (byte) (1 << rnd.between(0, 7));
        }
        return f;
      case 2: // several bits
        for (int k = rnd.between(2, 6); k > 0 && f.length > 0; k--) {
          f[rnd.between(0, f.length - 1)] ^= (byte) (1 << rnd.between(0, 7));
        }
        return f;
      case 3: // overwrite bytes
        for (int k = rnd.between(1, 4); k > 0 && f.length > 0; k--) {
          f[rnd.between(0, f.length - 1)] = (byte) rnd.nextLong();
        }
        return f;
      case 4: // truncate
        return java.util.Arrays.copyOf(f, rnd.between(0, Math.max(0, f.length - 1)));
      case 5: // extend
        byte[] longer = java.util.Arrays.copyOf(f, f.length + rnd.between(1, 8));
        for (int j = f.length; j < longer.length; j++) {
          longer[j] = (byte) rnd.nextLong();
        }
        return longer;
      case 6: // delete a span
        if (f.length < 2) {
          return f;
        }
        int from = rnd.between(0, f.length - 2);
        int len = rnd.between(1, Math.min(8, f.length - from));
        byte[] shorter = new byte[f.length - len];
        System.arraycopy(f, 0, shorter, 0, from);
        System.arraycopy(f, from + len, shorter, from, f.length - from - len);
        return shorter;
      default: // the unchanged seed (must still decode)
        return f;
    }
  }

  public static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
