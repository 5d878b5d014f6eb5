package org.chargebay.bench;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.daly.DalyBms;
import org.chargebay.bms.daly.DalyChecksum;
import org.chargebay.bms.daly.DalyDecoder;
import org.chargebay.bms.daly.DalyFrame;
import org.chargebay.bms.daly.DalyFrames;
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
 * Daly decode throughput on captured frames: one 13-byte 0x90 frame, and the 16-frame 0x95 reply of
 * daly-09 decoded and assembled into 16 cells; checksum-only baseline in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DalyDecodeBenchmark {

  /** daly-01 (jblance/mpp-solar daly.py SOC test response). */
  private final byte[] pack = HexFormat.of().parseHex("a5019008021400007545037889");

  /** daly-09: 16 frames of 0x95 (jblance/mpp-solar daly.py cellVoltages test response). */
  private final byte[] cells =
      HexFormat.of()
          .parseHex(
              "a5019508010cfd0cfe0cfe40a1a5019508020cfe0cfe0cfe40a3a5019508030cfe0cfe0cfe40a4a5019508040cfe0cfc0cfe40a3a5019508050cfe0cff0cfe40a7a5019508060cfc000000004091a501950807000000000000408aa501950808000000000000408ba501950809000000000000408ca50195080a000000000000408da50195080b000000000000408ea50195080c000000000000408fa50195080d0000000000004090a50195080e0000000000004091a50195080f0000000000004092a5019508100000000000004093");

  private final byte[][] cellFrames = split(cells);

  private static byte[][] split(byte[] all) {
    byte[][] out = new byte[all.length / DalyFrames.FRAME_LENGTH][];
    for (int i = 0; i < out.length; i++) {
      out[i] = java.util.Arrays.copyOfRange(all, i * 13, i * 13 + 13);
    }
    return out;
  }

  @Benchmark
  public int baseline_checksum_only() {
    return DalyChecksum.compute(pack);
  }

  @Benchmark
  public DecodeResult<DalyFrame> decode_pack_status() {
    return DalyDecoder.decode(pack);
  }

  @Benchmark
  public DecodeResult<List<Integer>> decode_and_assemble_16_cell_frames() {
    List<DalyFrame.CellVoltages> frames = new ArrayList<>(cellFrames.length);
    for (byte[] f : cellFrames) {
      DecodeResult<DalyFrame> r = DalyDecoder.decode(f, DalyFrames.CELL_VOLTAGES);
      if (r instanceof Decoded<DalyFrame> d) {
        frames.add((DalyFrame.CellVoltages) d.value());
      }
    }
    return DalyBms.assembleCells(frames, 16);
  }
}
