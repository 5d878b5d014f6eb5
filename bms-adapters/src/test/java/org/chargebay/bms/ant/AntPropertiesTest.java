package org.chargebay.bms.ant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.chargebay.bms.BmsAlarm;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.vectors.Harness;
import org.chargebay.bms.vectors.Prng;
import org.chargebay.bms.wire.Bytes;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** ANT codecs (7E A1 and legacy): checksums, round trip, bit flips, chunking, fuzz, conventions. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AntPropertiesTest {

  private static final HexFormat HEX = HexFormat.of();

  static AntStatus randomStatus(Prng r) {
    int n = r.between(0, 32);
    int t = r.between(0, 6);
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cells.add(r.between(0, 0xFFFF));
    }
    List<Integer> temps = new ArrayList<>();
    for (int i = 0; i < t; i++) {
      temps.add(r.between(-40, 120));
    }
    return new AntStatus(
        r.between(0, 255),
        r.between(0, 5),
        r.nextLong(),
        r.nextLong(),
        r.nextLong(),
        cells,
        temps,
        r.between(-40, 120),
        r.between(-40, 120),
        r.between(0, 0xFFFF) * 10,
        r.between(-0x8000, 0x7FFF) * 100,
        r.between(0, 100),
        r.between(0, 100),
        r.between(0, 15),
        r.between(0, 15),
        r.between(0, 4),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL),
        (int) r.between(Integer.MIN_VALUE, Integer.MAX_VALUE),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL));
  }

  static AntLegacyStatus randomLegacy(Prng r) {
    int n = r.between(0, 32);
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cells.add(r.between(0, 0xFFFF));
    }
    List<Integer> temps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      temps.add(r.between(-40, 120));
    }
    return new AntLegacyStatus(
        r.between(0, 0xFFFF) * 100,
        cells,
        r.between(-2_000_000, 2_000_000) * 100,
        r.between(0, 100),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL),
        r.between(0L, 0xFFFF_FFFFL),
        temps,
        r.between(0, 15),
        r.between(0, 15),
        r.between(0, 4),
        (int) r.between(Integer.MIN_VALUE, Integer.MAX_VALUE),
        r.between(0, 40),
        r.between(0, 0xFFFF),
        r.between(0, 40),
        r.between(0, 0xFFFF),
        r.between(0, 0xFFFF),
        n,
        r.between(0L, 0xFFFF_FFFFL));
  }

  static AntDeviceInfo randomInfo(Prng r) {
    return new AntDeviceInfo("M" + r.between(0, 99999), "SW" + r.between(0, 999999999));
  }

  @Test
  void checksums_match_the_published_requests_and_captures() {
    assertThat(HEX.formatHex(AntFrames.readStatus())).isEqualTo("7ea1010000be1855aa55");
    assertThat(HEX.formatHex(AntFrames.readDeviceInfo())).isEqualTo("7ea1026c022058c4aa55");
    assertThat(HEX.formatHex(AntFrames.legacyRead())).isEqualTo("dbdb00000000");
    for (FamilyVectors.Vector v : FamilyVectors.of("ant")) {
      byte[] f = v.frame();
      if ((f[0] & 0xFF) == 0x7E) {
        int len = f[5] & 0xFF;
        assertThat(AntChecksum.crc(f, len)).as(v.id()).isEqualTo(AntChecksum.storedCrc(f, len));
      } else {
        assertThat(AntChecksum.legacySum(f)).as(v.id()).isEqualTo(AntChecksum.legacyStored(f));
      }
    }
  }

  @Property(tries = 300)
  void decode_of_encode_is_identity(@ForAll long seed) {
    Prng r = new Prng(seed);
    AntStatus s = randomStatus(r);
    assertThat(AntDecoder.decodeStatus(AntFrames.encodeStatus(s)))
        .isEqualTo(DecodeResult.decoded(s));
    AntLegacyStatus l = randomLegacy(r);
    assertThat(AntDecoder.decodeLegacy(AntFrames.encodeLegacy(l)))
        .isEqualTo(DecodeResult.decoded(l));
    AntDeviceInfo i = randomInfo(r);
    assertThat(AntDecoder.decodeDeviceInfo(AntFrames.encodeDeviceInfo(i)))
        .isEqualTo(DecodeResult.decoded(i));
  }

  /**
   * Every bit flip is rejected, except in the 6 bytes the 0x12 reply carries beyond its declared
   * length (quirk 2): no checksum covers them and the decoder does not read them, so a flip there
   * leaves the decoded value unchanged (checked separately).
   */
  @Property(tries = 60)
  void any_single_bit_flip_is_rejected(@ForAll long seed) {
    Prng r = new Prng(seed);
    Harness.everyBitFlipIsRejected(
        AntFrames.encodeStatus(randomStatus(r)), AntDecoder::decodeStatus, o -> false);
    Harness.everyBitFlipIsRejected(
        AntFrames.encodeLegacy(randomLegacy(r)), AntDecoder::decodeLegacy, o -> false);
    byte[] info = AntFrames.encodeDeviceInfo(randomInfo(r));
    int undeclared = 8 + 32;
    Harness.everyBitFlipIsRejected(
        info, AntDecoder::decodeDeviceInfo, o -> o >= undeclared && o < undeclared + 6);
    for (int o = undeclared; o < undeclared + 6; o++) {
      byte[] flipped = info.clone();
      flipped[o] ^= 0x01;
      assertThat(AntDecoder.decodeDeviceInfo(flipped)).isEqualTo(AntDecoder.decodeDeviceInfo(info));
    }
  }

  @Test
  void every_captured_frame_rejects_every_single_bit_flip() {
    for (FamilyVectors.Vector v : FamilyVectors.of("ant")) {
      byte[] f = v.frame();
      if ((f[0] & 0xFF) == 0xAA) {
        Harness.everyBitFlipIsRejected(f, AntDecoder::decodeLegacy, o -> false);
      } else if ((f[2] & 0xFF) == 0x12) {
        Harness.everyBitFlipIsRejected(f, AntDecoder::decodeDeviceInfo, o -> o >= 40 && o < 46);
      } else {
        Harness.everyBitFlipIsRejected(f, AntDecoder::decodeStatus, o -> false);
      }
    }
  }

  @Property(tries = 10)
  void every_frame_decodes_identically_at_every_chunk_size(@ForAll long seed) {
    Prng r = new Prng(seed);
    byte[] garbage = r.bytes(r.between(0, 16));
    Harness.decodesIdenticallyAtEveryChunkSize(
        AntFrames.encodeStatus(randomStatus(r)),
        garbage,
        AntFrameSpec.NEW_REPLY,
        AntDecoder::decodeStatus);
    Harness.decodesIdenticallyAtEveryChunkSize(
        AntFrames.encodeDeviceInfo(randomInfo(r)),
        garbage,
        AntFrameSpec.NEW_REPLY,
        AntDecoder::decodeDeviceInfo);
    Harness.decodesIdenticallyAtEveryChunkSize(
        AntFrames.encodeLegacy(randomLegacy(r)),
        garbage,
        AntFrameSpec.LEGACY_REPLY,
        AntDecoder::decodeLegacy);
  }

  @Test
  void captured_frames_decode_identically_at_every_chunk_size() {
    byte[] noise = HEX.parseHex("7e00aa55aa00");
    for (FamilyVectors.Vector v : FamilyVectors.of("ant")) {
      byte[] f = v.frame();
      if ((f[0] & 0xFF) == 0xAA) {
        Harness.decodesIdenticallyAtEveryChunkSize(
            f, noise, AntFrameSpec.LEGACY_REPLY, AntDecoder::decodeLegacy);
      } else if ((f[2] & 0xFF) == 0x12) {
        Harness.decodesIdenticallyAtEveryChunkSize(
            f, noise, AntFrameSpec.NEW_REPLY, AntDecoder::decodeDeviceInfo);
      } else {
        Harness.decodesIdenticallyAtEveryChunkSize(
            f, noise, AntFrameSpec.NEW_REPLY, AntDecoder::decodeStatus);
      }
    }
  }

  private static AntStatus withMos(int a, int b) {
    AntStatus s = randomStatus(new Prng(7));
    return new AntStatus(
        s.permissions(),
        s.batteryStatus(),
        0,
        0,
        0,
        s.cellMillivolts(),
        s.tempsCelsius(),
        s.mosTempCelsius(),
        s.balancerTempCelsius(),
        s.packMillivolts(),
        s.currentWireMilliamps(),
        s.socPercent(),
        s.sohPercent(),
        a,
        b,
        0,
        s.nominalMicroampHours(),
        s.remainingMicroampHours(),
        s.cycleCapacityMilliampHours(),
        s.powerWatts(),
        s.runtimeSeconds(),
        0);
  }

  @Test
  void mos_byte_order_is_a_convention_defaulting_to_discharge_first() {
    AntStatus s = withMos(1, 2); // A = 1, B = 2 as in the captures at 96-100 % SoC
    BmsSnapshot byDefault = AntBms.snapshot(s, BmsConventions.DEFAULTS, new byte[0]);
    assertThat(byDefault.chargeFet()).isFalse();
    assertThat(byDefault.dischargeFet()).isTrue();
    assertThat(byDefault.alarms()).containsExactly(BmsAlarm.PACK_OVERVOLTAGE);
    BmsSnapshot esphome =
        AntBms.snapshot(
            s,
            BmsConventions.create(
                c -> c.antMosByteOrder(BmsConventions.AntMosByteOrder.CHARGE_FIRST)),
            new byte[0]);
    assertThat(esphome.chargeFet()).isTrue();
    assertThat(esphome.dischargeFet()).isFalse();
    assertThat(esphome.alarms()).containsExactly(BmsAlarm.PACK_UNDERVOLTAGE);
  }

  @Test
  void legacy_current_sign_and_cell_index_bounds_follow_the_conventions() {
    FamilyVectors.Vector ant09 =
        FamilyVectors.of("ant").stream()
            .filter(v -> v.id().equals("ant-09"))
            .findFirst()
            .orElseThrow();
    AntLegacyStatus s = ((Decoded<AntLegacyStatus>) AntDecoder.decodeLegacy(ant09.frame())).value();
    assertThat(s.minCell()).isEqualTo(17);
    BmsSnapshot flagged =
        ((Decoded<BmsSnapshot>) AntBms.snapshot(s, BmsConventions.DEFAULTS, ant09.frame())).value();
    assertThat(flagged.alarms()).contains(BmsAlarm.CELL_INDEX_OUT_OF_RANGE);
    assertThat(flagged.tempDeciCelsius()).containsExactly(230, 250, 210, 220); // -40 = absent
    DecodeResult<BmsSnapshot> rejected =
        AntBms.snapshot(
            s,
            BmsConventions.create(c -> c.cellIndexPolicy(BmsConventions.CellIndexPolicy.REJECT)),
            ant09.frame());
    assertThat(((Rejected<BmsSnapshot>) rejected).error())
        .isEqualTo(
            new FrameError.BadField(
                "min/max cell number", "max cell 8 / min cell 17 outside 1..16"));

    FamilyVectors.Vector ant07 =
        FamilyVectors.of("ant").stream()
            .filter(v -> v.id().equals("ant-07"))
            .findFirst()
            .orElseThrow();
    AntLegacyStatus l = ((Decoded<AntLegacyStatus>) AntDecoder.decodeLegacy(ant07.frame())).value();
    assertThat(l.currentWireMilliamps()).isEqualTo(8000);
    assertThat(
            ((Decoded<BmsSnapshot>) AntBms.snapshot(l, BmsConventions.DEFAULTS, ant07.frame()))
                .value()
                .currentMilliamps())
        .isEqualTo(-8000);
    BmsConventions esphome =
        BmsConventions.create(
            c -> c.antLegacyCurrentSign(BmsConventions.CurrentSign.WIRE_POSITIVE_IS_CHARGE));
    assertThat(
            ((Decoded<BmsSnapshot>) AntBms.snapshot(l, esphome, ant07.frame()))
                .value()
                .currentMilliamps())
        .isEqualTo(8000);
  }

  /**
   * Fuzz finding: a legacy reply claiming 188 cells was accepted with 32 voltages and a cell count
   * of 188; the reply has 32 cell slots.
   */
  @Test
  void a_legacy_cell_count_above_the_32_slots_is_a_bad_field() {
    byte[] frame = FamilyVectors.get("ant", "ant-07").frame();
    frame[123] = (byte) 188;
    Bytes.put16be(frame, 138, Bytes.sum(frame, 4, 134) & 0xFFFF);
    DecodeResult<AntLegacyStatus> result = AntDecoder.decodeLegacy(frame);
    assertThat(result).isInstanceOf(Rejected.class);
    assertThat(((Rejected<AntLegacyStatus>) result).error().describe())
        .isEqualTo("Bad field cell count (byte 123): 188 cells, but the reply has 32 cell slots.");
    frame[123] = 32;
    Bytes.put16be(frame, 138, Bytes.sum(frame, 4, 134) & 0xFFFF);
    assertThat(((Decoded<AntLegacyStatus>) AntDecoder.decodeLegacy(frame)).value().cellMillivolts())
        .hasSize(32);
  }

  /**
   * Fuzz finding: the device-info encoder wrote a model byte above 0x7F, as the decoder had read
   * it, as '?'.
   */
  @Test
  void device_info_with_bytes_above_0x7F_round_trips() {
    byte[] frame =
        HexFormat.of()
            .parseHex(
                "7ea1126c022031365a4d00000000000000000000feff31365a4d554230302d32313130323641"
                    + "5210ff0b000041f2aa55");
    AntDeviceInfo info = ((Decoded<AntDeviceInfo>) AntDecoder.decodeDeviceInfo(frame)).value();
    assertThat(info.model()).endsWith("\u00fe\u00ff");
    assertThat(AntFrames.encodeDeviceInfo(info)).isEqualTo(frame);
  }

  /**
   * Fuzz finding: a legacy current of int32 0x80000000 x 0.1 A overflowed to 0 mA when scaled
   * (other raw values changed sign); a current beyond an int's milliamps is a bad field.
   */
  @Test
  void a_legacy_current_beyond_an_int_of_milliamps_is_a_bad_field() {
    byte[] frame = FamilyVectors.get("ant", "ant-09").frame();
    for (long raw : new long[] {0x8000_0000L, 0x0200_0000L, 0x7FFF_FFFFL}) {
      Bytes.put32be(frame, 70, raw);
      Bytes.put16be(frame, 138, Bytes.sum(frame, 4, 134) & 0xFFFF);
      DecodeResult<AntLegacyStatus> result = AntDecoder.decodeLegacy(frame);
      assertThat(result).as("raw 0x%08X", raw).isInstanceOf(Rejected.class);
      assertThat(((Rejected<AntLegacyStatus>) result).error().code()).isEqualTo("bad_field");
    }
    Bytes.put32be(frame, 70, (long) (Integer.MIN_VALUE / 100) & 0xFFFF_FFFFL);
    Bytes.put16be(frame, 138, Bytes.sum(frame, 4, 134) & 0xFFFF);
    assertThat(
            ((Decoded<AntLegacyStatus>) AntDecoder.decodeLegacy(frame))
                .value()
                .currentWireMilliamps())
        .isEqualTo(Integer.MIN_VALUE / 100 * 100);
  }
}
