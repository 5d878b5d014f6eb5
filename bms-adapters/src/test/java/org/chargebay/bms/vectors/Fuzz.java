package org.chargebay.bms.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A structure-aware fuzz loop for one codec. The codec's {@link Target} makes each frame (a real
 * capture mutated field by field, with its lengths and checksum repaired so the mutation reaches
 * the parser; or bit flips left unrepaired; or random bytes) and checks it against the oracle. Any
 * exception escaping the decoder, or an oracle violation, fails the run naming the frame.
 *
 * <p>The number of frames per codec is {@code -Dchargebay.fuzz.frames} ({@value #DEFAULT_FRAMES} in
 * the default run; the {@code fuzz} Maven profile sets 1,000,000). The seed is {@code
 * -Dchargebay.fuzz.seed} (fixed by default, so a failure is reproducible).
 */
public final class Fuzz {

  /** Frames per codec in the default run. */
  public static final long DEFAULT_FRAMES = 100_000;

  private Fuzz() {}

  /** One codec under fuzz. */
  public interface Target {

    /** E.g. {@code jk-tlv}. */
    String name();

    /** The real captures the mutations start from; every one must decode. */
    List<byte[]> seeds();

    /** The next frame to decode, made from {@code seed}. */
    byte[] next(Prng rnd, byte[] seed);

    /**
     * Decodes {@code frame} with every decoder of the codec and checks the oracle.
     *
     * @return null if the frame was accepted, else the error code it was rejected with
     * @throws AssertionError if the oracle does not hold
     */
    @Nullable String check(byte[] frame);
  }

  /**
   * What one run did.
   *
   * @param rejects the rejected frames by error code ({@code FrameError.code()})
   */
  public record Report(
      String codec, long frames, long accepted, Map<String, Long> rejects, long millis, long seed) {

    /** Frames rejected by a check after the checksum: the mutation reached the parser. */
    public long pastChecksum() {
      return rejects.entrySet().stream()
          .filter(e -> !ENVELOPE_CODES.contains(e.getKey()))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    /** One line for the log and the report file. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "%s: %d frames (seed %d), %d accepted, rejected %s, %d ms",
          codec,
          frames,
          seed,
          accepted,
          rejects,
          millis);
    }
  }

  private static final List<String> ENVELOPE_CODES =
      List.of("bad_start", "truncated", "bad_length", "checksum_mismatch");

  /** Frames per codec for this run. */
  public static long frames() {
    return Long.getLong("chargebay.fuzz.frames", DEFAULT_FRAMES);
  }

  /** The seed for this run. */
  public static long seed() {
    return Long.getLong("chargebay.fuzz.seed", 20_261_205L);
  }

  /**
   * Checks every seed (each must be accepted), then decodes {@code frames} made by the target.
   *
   * @throws AssertionError naming the frame (hex) and its number on the first violation
   */
  public static Report run(Target target, long frames, long seed) {
    long started = System.nanoTime();
    List<byte[]> seeds = target.seeds();
    for (byte[] s : seeds) {
      String code = checkOne(target, s, -1);
      if (code != null) {
        throw new AssertionError(
            target.name() + ": the unmutated capture " + Harness.hex(s) + " is rejected: " + code);
      }
    }
    Prng rnd = new Prng(seed);
    Map<String, Long> rejects = new TreeMap<>();
    long accepted = 0;
    for (long i = 0; i < frames; i++) {
      byte[] seedFrame = seeds.get(rnd.between(0, seeds.size() - 1));
      byte[] f = target.next(rnd, seedFrame.clone());
      String code = checkOne(target, f, i);
      if (code == null) {
        accepted++;
      } else {
        rejects.merge(code, 1L, Long::sum);
      }
    }
    Report report =
        new Report(
            target.name(),
            frames,
            accepted,
            rejects,
            (System.nanoTime() - started) / 1_000_000,
            seed);
    record(report);
    return report;
  }

  private static @Nullable String checkOne(Target target, byte[] f, long index) {
    try {
      return target.check(f);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%s frame #%d (%d bytes) %s: %s",
              target.name(),
              index,
              f.length,
              Harness.hex(f),
              e),
          e);
    }
  }

  /** Appends the report line to {@code target/fuzz-report.txt} and prints it. */
  private static void record(Report r) {
    System.out.println("fuzz " + r.line());
    try {
      Path dir = Path.of("target");
      if (Files.isDirectory(dir)) {
        Files.writeString(
            dir.resolve("fuzz-report.txt"),
            r.line() + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
