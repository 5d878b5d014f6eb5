package org.chargebay.bms.daly;

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
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Daly codec: checksum on published frames, round trip, bit flips, chunking, fuzz, assembly, sign.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DalyPropertiesTest {

  private static final HexFormat HEX = HexFormat.of();

  /** A random reply of every data ID. */
  static DalyFrame random(Prng r) {
    switch (r.between(0, 9)) {
      case 0:
        return new DalyFrame.PackStatus(
            r.between(0, 0xFFFF) * 100,
            r.between(0, 0xFFFF) * 100,
            (r.between(0, 0xFFFF) - 30000) * 100,
            r.between(0, 0xFFFF));
      case 1:
        return new DalyFrame.CellExtremes(
            r.between(0, 0xFFFF), r.between(0, 255), r.between(0, 0xFFFF), r.between(0, 255));
      case 2:
        return new DalyFrame.TempExtremes(
            r.between(-40, 215), r.between(0, 255), r.between(-40, 215), r.between(0, 255));
      case 3:
        return new DalyFrame.MosStatus(
            r.between(0, 2),
            r.nextBoolean(),
            r.nextBoolean(),
            r.between(0, 255),
            r.between(0L, 0xFFFF_FFFFL));
      case 4:
        return new DalyFrame.StatusInfo(
            r.between(0, 48),
            r.between(0, 16),
            r.nextBoolean(),
            r.nextBoolean(),
            r.between(0, 255),
            r.between(0, 0xFFFF));
      case 5:
        return new DalyFrame.CellVoltages(
            r.between(1, 16),
            List.of(r.between(0, 0xFFFF), r.between(0, 0xFFFF), r.between(0, 0xFFFF)));
      case 6:
        List<Integer> t = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
          t.add(r.between(-40, 215));
        }
        return new DalyFrame.Temperatures(r.between(1, 3), t);
      case 7:
        return new DalyFrame.Balance(r.between(0L, (1L << 48) - 1));
      case 8:
        return new DalyFrame.Faults(r.between(0L, (1L << 56) - 1), r.between(0, 255));
      default:
        return new DalyFrame.MosAck(
            r.nextBoolean() ? DalyFrames.CHARGE_MOS : DalyFrames.DISCHARGE_MOS, r.nextBoolean());
    }
  }

  @Test
  void checksum_matches_the_published_requests_and_captures() {
    assertThat(HEX.formatHex(DalyFrames.request(DalyFrames.HOST_RS485, 0x90)))
        .isEqualTo("a540900800000000000000007d");
    assertThat(DalyFrames.request(DalyFrames.HOST_UART, 0x90)[12] & 0xFF).isEqualTo(0xBD);
    for (FamilyVectors.Vector v : FamilyVectors.of("daly")) {
      byte[] all = v.frame();
      for (int at = 0; at < all.length; at += 13) {
        byte[] one = java.util.Arrays.copyOfRange(all, at, at + 13);
        assertThat(DalyChecksum.compute(one)).as(v.id()).isEqualTo(DalyChecksum.stored(one));
      }
    }
  }

  @Property(tries = 300)
  void decode_of_encode_is_identity(@ForAll long seed) {
    DalyFrame value = random(new Prng(seed));
    assertThat(DalyDecoder.decode(DalyFrames.encode(value))).isEqualTo(DecodeResult.decoded(value));
  }

  @Property(tries = 200)
  void any_single_bit_flip_is_rejected(@ForAll long seed) {
    byte[] frame = DalyFrames.encode(random(new Prng(seed)));
    Harness.everyBitFlipIsRejected(frame, f -> DalyDecoder.decode(f), offset -> false);
  }

  @Property(tries = 50)
  void every_frame_decodes_identically_at_every_chunk_size(@ForAll long seed) {
    Prng r = new Prng(seed);
    byte[] frame = DalyFrames.encode(random(r));
    Harness.decodesIdenticallyAtEveryChunkSize(
        frame, r.bytes(r.between(0, 20)), DalyFrameSpec.INSTANCE, DalyDecoder::decode);
  }

  @Test
  void captured_frames_decode_identically_at_every_chunk_size() {
    for (FamilyVectors.Vector v : FamilyVectors.of("daly")) {
      byte[] all = v.frame();
      for (int at = 0; at < all.length; at += 13) {
        Harness.decodesIdenticallyAtEveryChunkSize(
            java.util.Arrays.copyOfRange(all, at, at + 13),
            new byte[] {(byte) 0xA5, 0x01},
            DalyFrameSpec.INSTANCE,
            DalyDecoder::decode);
      }
    }
  }

  @Test
  void cells_come_from_frames_numbered_from_one_and_zero_filled_extras_are_ignored() {
    List<DalyFrame.CellVoltages> frames = new ArrayList<>();
    for (int n = 16; n >= 1; n--) { // any order, 16 frames as daly-09 sends
      frames.add(
          new DalyFrame.CellVoltages(
              n, n <= 2 ? List.of(3300 + n, 3310 + n, 3320 + n) : List.of(0, 0, 0)));
    }
    assertThat(DalyBms.assembleCells(frames, 5))
        .isEqualTo(DecodeResult.decoded(List.of(3301, 3311, 3321, 3302, 3312)));
  }

  @Test
  void a_missing_or_duplicated_cell_frame_is_rejected() {
    List<DalyFrame.CellVoltages> missing =
        List.of(
            new DalyFrame.CellVoltages(1, List.of(1, 2, 3)),
            new DalyFrame.CellVoltages(3, List.of(7, 8, 9)));
    DecodeResult<List<Integer>> r = DalyBms.assembleCells(missing, 7);
    assertThat(((Rejected<List<Integer>>) r).error())
        .isEqualTo(
            new FrameError.BadField(
                "0x95 frame number", "frame 2 of 3 is missing (frames count from 1)"));
    List<DalyFrame.CellVoltages> twice =
        List.of(
            new DalyFrame.CellVoltages(1, List.of(1, 2, 3)),
            new DalyFrame.CellVoltages(1, List.of(1, 2, 3)));
    assertThat(((Rejected<List<Integer>>) DalyBms.assembleCells(twice, 3)).error())
        .isEqualTo(new FrameError.BadField("0x95 frame number", "frame 1 arrived twice"));
    // a frame numbered 0 (as the V1.2 PDF says) does not count as frame 1
    assertThat(DalyBms.assembleCells(List.of(new DalyFrame.CellVoltages(0, List.of(1, 2, 3))), 3))
        .isInstanceOf(Rejected.class);
  }

  private static DalySeries series(int command, int count, DalyFrame frame) {
    return ((Decoded<DalySeries>)
            DalyDecoder.decodeSeries(
                DalyFrames.encode(frame), command, count, DalyStream.End.MAY_BE_CUT))
        .value();
  }

  private static DalyReadings readings(int wireMilliamps, int state) {
    return new DalyReadings(
        new DalyFrame.PackStatus(53200, 0, wireMilliamps, 888),
        new DalyFrame.MosStatus(state, true, true, 154, 172760),
        new DalyFrame.StatusInfo(2, 1, false, false, 0, 3),
        series(DalyFrames.CELL_VOLTAGES, 2, new DalyFrame.CellVoltages(1, List.of(3325, 3326, 0))),
        series(
            DalyFrames.TEMPERATURES,
            1,
            new DalyFrame.Temperatures(1, List.of(15, -40, -40, -40, -40, -40, -40))),
        new DalyFrame.Balance(0b10),
        new DalyFrame.Faults(0b1, 0),
        List.of());
  }

  @Test
  void current_sign_follows_the_convention_and_is_cross_checked_with_the_state_byte() {
    BmsSnapshot byDefault = DalyBms.snapshot(readings(2100, 2), BmsConventions.DEFAULTS);
    assertThat(byDefault.currentMilliamps()).isEqualTo(-2100);
    assertThat(byDefault.alarms()).containsExactly(BmsAlarm.CELL_OVERVOLTAGE);

    BmsConventions inverted =
        BmsConventions.create(
            c -> c.dalyCurrentSign(BmsConventions.CurrentSign.WIRE_POSITIVE_IS_CHARGE));
    BmsSnapshot contradicted = DalyBms.snapshot(readings(2100, 2), inverted);
    assertThat(contradicted.currentMilliamps()).isEqualTo(2100);
    assertThat(contradicted.alarms()).contains(BmsAlarm.CURRENT_SIGN_MISMATCH);

    BmsSnapshot small = DalyBms.snapshot(readings(400, 1), BmsConventions.DEFAULTS);
    assertThat(small.alarms()).doesNotContain(BmsAlarm.CURRENT_SIGN_MISMATCH);
    assertThat(byDefault.cellBalanceFlags()).containsExactly(false, true);
    assertThat(byDefault.socPercent()).isEqualTo(89);
    assertThat(byDefault.tempDeciCelsius()).containsExactly(150);
  }

  @Test
  void a_corrupted_cell_frame_in_a_capture_is_rejected_with_a_checksum_error() {
    byte[] all =
        FamilyVectors.of("daly").stream()
            .filter(v -> v.id().equals("daly-09"))
            .findFirst()
            .orElseThrow()
            .frame();
    byte[] second = java.util.Arrays.copyOfRange(all, 13, 26);
    second[5] ^= 0x10;
    DecodeResult<DalyFrame> r = DalyDecoder.decode(second);
    assertThat(r).isNotInstanceOf(Decoded.class);
    assertThat(((Rejected<DalyFrame>) r).error()).isInstanceOf(FrameError.ChecksumMismatch.class);
  }
}
