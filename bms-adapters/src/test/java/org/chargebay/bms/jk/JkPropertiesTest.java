package org.chargebay.bms.jk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.chargebay.bms.BmsAlarm;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.Temperature;
import org.chargebay.bms.jk.JkPbStatus.JkLayout;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.vectors.Harness;
import org.chargebay.bms.vectors.Prng;
import org.chargebay.bms.wire.Bytes;
import org.chargebay.bms.wire.ModbusCrc;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** JK codecs (TLV and PB): checksums, round trip, bit flips, chunking, fuzz, quirks. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JkPropertiesTest {

  private static final HexFormat HEX = HexFormat.of();

  static JkTlvStatus randomTlv(Prng r) {
    List<Integer> cells = new ArrayList<>();
    for (int i = r.between(0, 32); i > 0; i--) {
      cells.add(r.between(0, 0xFFFF));
    }
    Integer protocol = r.between(0, 2) == 0 ? null : r.between(0, 1);
    int current =
        protocol != null && protocol == 1
            ? r.between(-0x7FFF, 0x7FFF) * 10
            : r.between(10000 - 0xFFFF, 10000) * 10;
    String version = r.nextBoolean() ? null : "V" + r.between(0, 99999999);
    return new JkTlvStatus(
        cells,
        r.between(-99, 100) * 10,
        r.between(-99, 100) * 10,
        r.between(-99, 100) * 10,
        r.between(0, 0xFFFF) * 10,
        current,
        r.between(0, 100),
        r.between(0, 4),
        r.between(0, 0xFFFF),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0, 32),
        r.between(0, 0xFFFF),
        r.between(0, 15),
        r.between(0L, 0xFFFF_FFFFL),
        r.nextBoolean() ? null : r.between(0L, 0xFFFF_FFFFL),
        version,
        protocol);
  }

  static JkPbStatus randomPb(Prng r) {
    JkLayout layout = r.nextBoolean() ? JkLayout.JK02_32S : JkLayout.JK02_24S;
    int n = r.between(1, layout.slots());
    long mask = (1L << n) - 1;
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cells.add(r.between(1, 0xFFFF)); // a cell reads > 0 mV, which the 24S detection relies on
    }
    return new JkPbStatus(
        layout,
        r.between(0, 255),
        cells,
        mask,
        r.between(-400, 1200),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL),
        (int) r.between(Integer.MIN_VALUE, Integer.MAX_VALUE),
        r.between(-400, 1200),
        r.between(-400, 1200),
        layout == JkLayout.JK02_32S ? r.between(0L, 0xFFFF_FFFFL) : null,
        r.between(-0x8000, 0x7FFF),
        r.between(0, 2),
        r.between(0, 100),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0, 100),
        r.between(0L, 0xFFFF_FFFFL),
        r.nextBoolean(),
        r.nextBoolean());
  }

  @Test
  void checksums_match_the_published_requests_and_captures() {
    assertThat(HEX.formatHex(JkFrames.readAll()))
        .isEqualTo("4e5700130000000006030000000000006800000129");
    // ESPHome sends source 0x02 and gets checksum 01 28
    byte[] esphome = JkFrames.tlvFrame(0, 6, 2, 0, new byte[] {0});
    assertThat(HEX.formatHex(esphome)).endsWith("6800000128");
    assertThat(HEX.formatHex(JkFrames.pbTriggerStatus(1))).isEqualTo("0110162000010200" + "00d6f1");
    assertThat(
            ModbusCrc.compute(
                "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 9))
        .isEqualTo(0x4B37);
    for (FamilyVectors.Vector v : FamilyVectors.of("jk")) {
      byte[] f = v.frame();
      if ((f[0] & 0xFF) == 0x4E) {
        assertThat(JkChecksum.tlvCompute(f) == JkChecksum.tlvStored(f))
            .as(v.id())
            .isEqualTo(v.checksumValid());
      } else {
        assertThat(JkChecksum.pbCompute(f)).as(v.id()).isEqualTo(JkChecksum.pbStored(f));
      }
    }
  }

  @Test
  void jk_03_the_vendor_example_with_a_wrong_checksum_is_rejected() {
    byte[] f =
        FamilyVectors.of("jk").stream()
            .filter(v -> !v.checksumValid())
            .findFirst()
            .orElseThrow()
            .frame();
    DecodeResult<JkTlvStatus> r = JkDecoder.decodeTlv(f);
    assertThat(((Rejected<JkTlvStatus>) r).error())
        .isEqualTo(new FrameError.ChecksumMismatch(0x485C, 0x4923));
  }

  @Test
  void temperatures_above_100_are_negative_per_the_pdf() {
    assertThat(JkDecoder.temp(0)).isEqualTo(0);
    assertThat(JkDecoder.temp(100)).isEqualTo(1000);
    assertThat(JkDecoder.temp(101)).isEqualTo(-10);
    assertThat(JkDecoder.temp(120)).isEqualTo(-200);
  }

  @Test
  void both_current_encodings_decode_with_charge_positive() {
    JkTlvStatus base = randomTlv(new Prng(1));
    JkTlvStatus v1 =
        new JkTlvStatus(
            base.cellMillivolts(), 0, 0, 0, 0, 2080, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 1);
    byte[] f = JkFrames.encodeTlv(v1);
    assertThat(HEX.formatHex(f)).contains("8480d0");
    JkTlvStatus discharge =
        new JkTlvStatus(List.of(), 0, 0, 0, 0, -20000, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 1);
    assertThat(HEX.formatHex(JkFrames.encodeTlv(discharge))).contains("8407d0");
    JkTlvStatus legacy =
        new JkTlvStatus(List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null);
    assertThat(HEX.formatHex(JkFrames.encodeTlv(legacy))).contains("842710");
  }

  @Property(tries = 300)
  void tlv_decode_of_encode_is_identity(@ForAll long seed) {
    JkTlvStatus s = randomTlv(new Prng(seed));
    assertThat(JkDecoder.decodeTlv(JkFrames.encodeTlv(s))).isEqualTo(DecodeResult.decoded(s));
  }

  @Property(tries = 300)
  void pb_decode_of_encode_is_identity_with_the_layout_detected(@ForAll long seed) {
    JkPbStatus s = randomPb(new Prng(seed));
    assertThat(JkDecoder.decodePb(JkFrames.encodePb(s))).isEqualTo(DecodeResult.decoded(s));
  }

  @Property(tries = 60)
  void any_single_bit_flip_is_rejected(@ForAll long seed) {
    Prng r = new Prng(seed);
    Harness.everyBitFlipIsRejected(
        JkFrames.encodeTlv(randomTlv(r)), JkDecoder::decodeTlv, o -> false);
    JkPbStatus pb = randomPb(r);
    Harness.everyBitFlipIsRejected(
        JkFrames.encodePb(pb), f -> JkDecoder.decodePb(f, pb.layout()), o -> false);
  }

  @Test
  void every_captured_frame_rejects_every_single_bit_flip() {
    for (FamilyVectors.Vector v : FamilyVectors.of("jk")) {
      Function<byte[], DecodeResult<?>> decoder =
          (v.frame()[0] & 0xFF) == 0x4E ? JkDecoder::decodeTlv : f -> JkDecoder.decodePb(f);
      Harness.everyBitFlipIsRejected(v.frame(), decoder, o -> false);
    }
  }

  @Property(tries = 10)
  void every_frame_decodes_identically_at_every_chunk_size(@ForAll long seed) {
    Prng r = new Prng(seed);
    byte[] garbage = r.bytes(r.between(0, 16));
    Harness.decodesIdenticallyAtEveryChunkSize(
        JkFrames.encodeTlv(randomTlv(r)), garbage, JkFrameSpec.TLV, JkDecoder::decodeTlv);
    Harness.decodesIdenticallyAtEveryChunkSize(
        JkFrames.encodePb(randomPb(r)), garbage, JkFrameSpec.PB, f -> JkDecoder.decodePb(f));
  }

  @Test
  void captured_frames_decode_identically_at_every_chunk_size_behind_an_ack_and_garbage() {
    byte[] noise = HEX.parseHex("004e57ff55aa01100000");
    for (FamilyVectors.Vector v : FamilyVectors.of("jk")) {
      if (!v.checksumValid()) {
        continue;
      }
      if ((v.frame()[0] & 0xFF) == 0x4E) {
        Harness.decodesIdenticallyAtEveryChunkSize(
            v.frame(), noise, JkFrameSpec.TLV, JkDecoder::decodeTlv);
      } else {
        Harness.decodesIdenticallyAtEveryChunkSize(
            v.frame(), noise, JkFrameSpec.PB, f -> JkDecoder.decodePb(f));
      }
    }
  }

  @Test
  void tlv_snapshot_names_probes_and_alarms() {
    JkTlvStatus s =
        new JkTlvStatus(
            List.of(3300, 3310),
            290,
            300,
            280,
            6620,
            -5000,
            50,
            2,
            4,
            100,
            2,
            0b1000_0000_0100,
            0b1011,
            280,
            null,
            "V",
            1);
    BmsSnapshot snap = JkBms.snapshot(s, JkFrames.encodeTlv(s));
    assertThat(snap.temperatures())
        .containsExactly(
            new Temperature("T1", 300), new Temperature("T2", 280), new Temperature("MOS", 290));
    assertThat(snap.mosfetTempDeciCelsius()).isEqualTo(290);
    assertThat(snap.alarms())
        .containsExactlyInAnyOrder(
            BmsAlarm.PACK_OVERVOLTAGE, BmsAlarm.CELL_UNDERVOLTAGE, BmsAlarm.BATTERY_DROPPED);
    assertThat(snap.remainingMilliampHours()).isEqualTo(140_000);
    assertThat(snap.rawFrames()).hasSize(1);
  }

  @Test
  void a_request_is_not_taken_for_a_reply() {
    DecodeResult<JkTlvStatus> r = JkDecoder.decodeTlv(JkFrames.readAll());
    assertThat(((Rejected<JkTlvStatus>) r).error())
        .isInstanceOf(FrameError.UnexpectedRegister.class);
  }

  /** jk-01 with another command byte and its checksum recomputed. */
  private static byte[] jk01WithCommand(int command) {
    byte[] f = FamilyVectors.get("jk", "jk-01").frame();
    f[8] = (byte) command;
    Bytes.put16be(f, f.length - 2, JkChecksum.tlvCompute(f));
    return f;
  }

  @Test
  void a_read_all_reply_with_command_0x03_decodes_to_the_values_of_its_0x06_original() {
    FamilyVectors.Derived derived = FamilyVectors.derived("jk", "jk-01-command-03");
    assertThat(derived.source()).startsWith("derived from jk-01.hex (").contains("@");
    assertThat(derived.frame()).isEqualTo(jk01WithCommand(0x03));
    assertThat(JkChecksum.tlvStored(derived.frame())).isEqualTo(0x54CE);

    DecodeResult<JkTlvStatus> original =
        JkDecoder.decodeTlv(FamilyVectors.get("jk", "jk-01").frame());
    DecodeResult<JkTlvStatus> read = JkDecoder.decodeTlv(derived.frame());

    assertThat(original).isInstanceOf(Decoded.class);
    assertThat(read).isEqualTo(original);
    JkTlvStatus s = ((Decoded<JkTlvStatus>) read).value();
    assertThat(s.cellMillivolts()).hasSize(14).startsWith(3821, 3834);
    assertThat(s.packMillivolts()).isEqualTo(53_590);
    assertThat(s.currentMilliamps()).isEqualTo(2_080);
  }

  @Test
  void every_other_command_byte_is_still_an_unexpected_register() {
    for (int command = 0; command <= 0xFF; command++) {
      if (command == JkFrames.CMD_READ || command == JkFrames.CMD_READ_ALL) {
        continue;
      }
      DecodeResult<JkTlvStatus> r = JkDecoder.decodeTlv(jk01WithCommand(command));
      assertThat(r).as("command 0x%02X", command).isInstanceOf(Rejected.class);
      assertThat(((Rejected<JkTlvStatus>) r).error())
          .as("command 0x%02X", command)
          .isEqualTo(
              new FrameError.UnexpectedRegister(command, "command 0x06 (read all) or 0x03 (read)"));
    }
  }

  @Test
  void a_command_0x03_reply_decodes_identically_at_every_chunk_size_behind_garbage() {
    Harness.decodesIdenticallyAtEveryChunkSize(
        FamilyVectors.derived("jk", "jk-01-command-03").frame(),
        HEX.parseHex("004e57ff0003"),
        JkFrameSpec.TLV,
        JkDecoder::decodeTlv);
  }

  @Test
  void an_unknown_tag_is_a_bad_field_not_an_exception() {
    byte[] f = JkFrames.tlvFrame(0, 6, 0, 1, new byte[] {(byte) 0x8D, 1, 2});
    DecodeResult<JkTlvStatus> r = JkDecoder.decodeTlv(f);
    assertThat(r).isNotInstanceOf(Decoded.class);
    assertThat(((Rejected<JkTlvStatus>) r).error())
        .isEqualTo(new FrameError.BadField("tag 0x8D", "unknown tag at offset 11"));
  }

  /**
   * Fuzz finding: a second 0x8A record (cell count 62132) was accepted, and the snapshot's cell
   * count then exceeded the 85 cells a TLV reply can carry voltages for.
   */
  @Test
  void a_cell_count_above_what_the_cell_record_can_carry_is_a_bad_field() {
    byte[] frame =
        HEX.parseHex(
            "4e57011e00000000060001792a010eed020efa030ef7040eec050ef8060efa070ef1080ef8090ee30a0efa"
                + "0b0ef10c0efb0d0efb0e0ef280001d81001e82001c8314ef8480d0850f86028700048900000000"
                + "8a000e8b00008c00078e16268f10ae900fd2910fa0920005930bea940c1c95000596012c970007"
                + "9800039900059a00059b0ce49c00089d019e005a9f0046a00064a10064a20014a30046a40046a5"
                + "ffec8af2b4a6fff6a7ffeca8fff6a90eaa0000000eab01ac01ad0411ae01af01b0000ab114b231"
                + "323334353600000000b300b4496e707574205573b532313031b60000e200b748362e585f5f5336"
                + "2e312e33535f5fb800b900000000ba42543330373230323031323030303032303035323130303"
                + "1c001000000006800005704");
    DecodeResult<JkTlvStatus> result = JkDecoder.decodeTlv(frame);
    assertThat(result).isInstanceOf(Rejected.class);
    assertThat(((Rejected<JkTlvStatus>) result).error().describe())
        .isEqualTo(
            "Bad field tag 0x8A: 62132 cells, but the 0x79 record carries at most 85 voltages.");
  }
}
