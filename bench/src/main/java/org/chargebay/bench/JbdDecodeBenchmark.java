package org.chargebay.bench;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.jbd.JbdBasicInfo;
import org.chargebay.bms.jbd.JbdCells;
import org.chargebay.bms.jbd.JbdChecksum;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrameSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JBD decode throughput on captured frames, against a baseline in the same run: the checksum alone
 * over the same bytes (the least any decoder must do). Ratios, not absolute numbers, are what
 * BENCHMARKS.md tracks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JbdDecodeBenchmark {
  /** jbd-05: vendor example 15S basic info (fixtures/bms/vectors.json). */
  private final byte[] basicInfo =
      HexFormat.of()
          .parseHex("dd03001b1700000002d003e8000020780000000000001048030f020b760b82fbff77");

  /** jbd-06: vendor example 15S cell voltages. */
  private final byte[] cells =
      HexFormat.of()
          .parseHex("dd04001e0f660f630f630f640f3e0f630f370f5b0f650f3b0f630f630f3c0f660f3df9f977");

  @Benchmark
  public int baseline_checksum_only() {
    return JbdChecksum.compute(basicInfo);
  }

  @Benchmark
  public DecodeResult<JbdBasicInfo> decode_basic_info() {
    return JbdDecoder.decodeBasicInfo(basicInfo);
  }

  @Benchmark
  public DecodeResult<JbdCells> decode_cells() {
    return JbdDecoder.decodeCells(cells);
  }

  @Benchmark
  public int frame_then_decode_basic_info_in_7_byte_chunks() {
    FrameAccumulator acc = new FrameAccumulator(JbdFrameSpec.RESPONSE);
    int decoded = 0;
    for (int i = 0; i < basicInfo.length; i += 7) {
      byte[] chunk = java.util.Arrays.copyOfRange(basicInfo, i, Math.min(basicInfo.length, i + 7));
      for (byte[] frame : acc.feed(chunk)) {
        if (JbdDecoder.decodeBasicInfo(frame).isDecoded()) {
          decoded++;
        }
      }
    }
    return decoded;
  }
}
