package org.chargebay.bench;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.ant.AntChecksum;
import org.chargebay.bms.ant.AntDecoder;
import org.chargebay.bms.ant.AntLegacyStatus;
import org.chargebay.bms.ant.AntStatus;
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
 * ANT decode throughput on captured frames, new (CRC-16/MODBUS) and legacy (sum16) protocols, each
 * against its checksum alone as a same-run baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AntDecodeBenchmark {

  /** ant-01: 16S status (syssi/esphome-ant-bms tests/components/ant_bms/frames_16s_status.h). */
  private final byte[] status =
      HexFormat.of()
          .parseHex(
              "7ea11100008e05010210000000000000000080008001000000000000000000000000e40ce40ce50ce50ce80ce70ce70ce60ce80ce70ce70ce70ce70ce70ce60ce90c0100020002000700a41403005b006400010100000076b010d5670e0fba324a000f00000010582e0200000000e90c1000e40c01000500e60c000080007a000f02f2fab98c3b00bbd85800da2d4300e8b649000543aa55");

  /** ant-07: 14S legacy reply (syssi/esphome-ant-bms docs/pdus/model2019-req-dbdb00000000.txt). */
  private final byte[] legacy =
      HexFormat.of()
          .parseHex(
              "aa55aaff01e80daa0d9c0da40d8e0d9c0d900db40d970db50db50da80d910d9e0d8c00000000000000000000000000000000000000000000000000000000000000000000000000000050290a21fe800419589300a9840f00fa083100160015001500150015001501010003e800170000000186090db50e0d8c0d9f0e00000070006b02ac00000000400115f4");

  @Benchmark
  public int baseline_crc_only() {
    return AntChecksum.crc(status, status[5] & 0xFF);
  }

  @Benchmark
  public DecodeResult<AntStatus> decode_status() {
    return AntDecoder.decodeStatus(status);
  }

  @Benchmark
  public int baseline_legacy_sum_only() {
    return AntChecksum.legacySum(legacy);
  }

  @Benchmark
  public DecodeResult<AntLegacyStatus> decode_legacy_status() {
    return AntDecoder.decodeLegacy(legacy);
  }
}
