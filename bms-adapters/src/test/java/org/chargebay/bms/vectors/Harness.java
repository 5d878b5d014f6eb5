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

  public static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
