package org.chargebay.bms.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Pins an encoder to a capture byte for byte: {@code encode(decode(capture))} must equal the
 * capture except in the ranges a test names as not reproduced, each with the reason; those ranges
 * are copied over from the capture, the checksum is recomputed with the test's own implementation,
 * and the result must be the capture exactly. Callers check that every named range differs in at
 * least one capture ({@link #assertEveryGapNeeded}), so the list of gaps stays exact.
 */
public final class Pin {

  private Pin() {}

  /**
   * Bytes {@code [from, to)} of the capture that the encoder does not reproduce.
   *
   * @param why which field it is and why the encoder cannot know it
   */
  public record Gap(int from, int to, String why) {}

  /**
   * @param checksum recomputes the checksum of a frame in place (an implementation of the test's
   *     own, not the codec's) and returns it
   */
  public static Set<Gap> assertReproduced(
      String id,
      byte[] capture,
      byte[] encoded,
      List<Gap> gaps,
      int checksumFrom,
      UnaryOperator<byte[]> checksum) {
    assertThat(encoded.length).as(id + ": encoded length").isEqualTo(capture.length);
    byte[] grafted = encoded.clone();
    Set<Gap> needed = new HashSet<>();
    for (Gap gap : gaps) {
      for (int i = gap.from(); i < gap.to(); i++) {
        if (grafted[i] != capture[i]) {
          needed.add(gap);
        }
        grafted[i] = capture[i];
      }
    }
    byte[] fixed = checksum.apply(grafted);
    for (int i = 0; i < checksumFrom; i++) {
      assertThat(Harness.hex(new byte[] {fixed[i]}))
          .as("%s: byte %d (not in a named gap)", id, i)
          .isEqualTo(Harness.hex(new byte[] {capture[i]}));
    }
    assertThat(Harness.hex(fixed)).as(id + ": whole frame").isEqualTo(Harness.hex(capture));
    return needed;
  }

  /** Every gap of {@code gaps} differed in at least one capture ({@code needed}, merged). */
  public static void assertEveryGapNeeded(List<Gap> gaps, Set<Gap> needed) {
    for (Gap gap : gaps) {
      assertThat(needed)
          .as(
              "bytes %d-%d (%s) are reproduced in every capture; the gap is not needed",
              gap.from(), gap.to() - 1, gap.why())
          .contains(gap);
    }
  }
}
