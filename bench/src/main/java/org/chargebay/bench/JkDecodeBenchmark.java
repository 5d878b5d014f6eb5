package org.chargebay.bench;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.jk.JkChecksum;
import org.chargebay.bms.jk.JkDecoder;
import org.chargebay.bms.jk.JkPbStatus;
import org.chargebay.bms.jk.JkTlvStatus;
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
 * JK decode throughput on captured frames (fixtures/bms/vectors.json), against the checksum alone
 * over the same bytes as a same-run baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JkDecodeBenchmark {

  /** jk-01: 14S TLV read-all reply (syssi/esphome-jk-bms tests/esp8266-fake-bms.yaml). */
  private final byte[] tlv =
      HexFormat.of()
          .parseHex(
              "4e57011b00000000060001792a010eed020efa030ef7040eec050ef8060efa070ef1080ef8090ee30a0efa0b0ef10c0efb0d0efb0e0ef280001d81001e82001c8314ef8480d0850f860287000489000000008a000e8b00008c00078e16268f10ae900fd2910fa0920005930bea940c1c95000596012c9700079800039900059a00059b0ce49c00089d019e005a9f0046a00064a10064a20014a30046a40046a5ffeca6fff6a7ffeca8fff6a90eaa0000000eab01ac01ad0411ae01af01b0000ab114b231323334353600000000b300b4496e707574205573b532313031b60000e200b748362e585f5f53362e312e33535f5fb800b900000000ba425433303732303230313230303030323030353231303031c0010000000068000054d1");

  /** jk-04: JK02_32S PB status frame (patman15/aiobmsble tests). */
  private final byte[] pb =
      HexFormat.of()
          .parseHex(
              "55aaeb9002ac050dfe0cfe0c010d010dfd0cfb0c010dfc0cfb0cfe0cfb0cf80cfb0cfb0c090d0000000000000000000000000000000000000000000000000000000000000000ffff0000ff0c10000f0c40003d0040003d0041003f0041003e0041003e0041003d0040003e0041003f000000000000000000000000000000000000000000000000000000000000000000810000000000e8cf00004ae41900897c000086008000000000000000001986c00000400d030009000000b15f1c00640000008c4c760101010000000000000000000000000000ff0001000000050452000000d44e404000000000ca1400000001010100060000ea67000000000000cd00c300bf00bd03287f030a1d0000008051010000000100a50202000000000000feff7fdc2f0101b0cf070000bb");

  @Benchmark
  public int baseline_tlv_checksum_only() {
    return JkChecksum.tlvCompute(tlv);
  }

  @Benchmark
  public DecodeResult<JkTlvStatus> decode_tlv_read_all() {
    return JkDecoder.decodeTlv(tlv);
  }

  @Benchmark
  public int baseline_pb_checksum_only() {
    return JkChecksum.pbCompute(pb);
  }

  @Benchmark
  public DecodeResult<JkPbStatus> decode_pb_status() {
    return JkDecoder.decodePb(pb);
  }
}
