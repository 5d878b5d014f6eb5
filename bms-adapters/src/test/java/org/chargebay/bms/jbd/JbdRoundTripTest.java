package org.chargebay.bms.jbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@code decode(encode(x)) == x} over deterministic value sets: the field boundaries plus a walk
 * through each range with coprime strides (no Random, so every run checks the same values).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JbdRoundTripTest {

  private static final int SAMPLES = 2_000;

  @Test
  void basic_info_round_trips_at_the_field_boundaries() {
    List<JbdBasicInfo> cases =
        List.of(
            new JbdBasicInfo(0, 0, 0, 0, 0, null, 0L, 0, 0, 0, false, false, 0, List.of()),
            new JbdBasicInfo(
                655_350,
                327_670,
                655_350,
                655_350,
                65_535,
                LocalDate.of(2127, 12, 31),
                0xFFFF_FFFFL,
                0xFFFF,
                255,
                255,
                true,
                true,
                JbdDecoder.MAX_CELLS,
                List.of(-2731, 62_804)),
            new JbdBasicInfo(
                3_000,
                -327_680,
                10,
                10,
                1,
                LocalDate.of(2000, 1, 1),
                1L << 31,
                1 << 12,
                0x80,
                100,
                true,
                false,
                16,
                List.of(0)));

    for (JbdBasicInfo info : cases) {
      assertRoundTrip(info, JbdFrames::encodeBasicInfo, JbdDecoder::decodeBasicInfo);
    }
  }

  @Test
  void basic_info_round_trips_over_a_deterministic_walk_of_the_ranges() {
    for (int i = 0; i < SAMPLES; i++) {
      List<Integer> temps = new ArrayList<>();
      for (int t = 0; t < i % 9; t++) {
        temps.add(step(i * 9 + t, 613, 1_200) - 400); // -40.0 .. +79.9 degC
      }
      JbdBasicInfo info =
          new JbdBasicInfo(
              step(i, 7_919, 65_536) * 10,
              (step(i, 104_729, 65_536) - 32_768) * 10,
              step(i, 15_485, 65_536) * 10,
              step(i, 32_452, 65_536) * 10,
              step(i, 2_017, 65_536),
              i % 5 == 0 ? null : LocalDate.of(2000 + step(i, 37, 128), 1 + i % 12, 1 + i % 28),
              (long) step(i, 1_000_003, 65_536) << 16 | step(i, 999_983, 65_536),
              step(i, 4_099, 65_536),
              step(i, 71, 256),
              step(i, 13, 101),
              i % 2 == 0,
              i % 3 == 0,
              step(i, 29, 33),
              temps);

      assertRoundTrip(info, JbdFrames::encodeBasicInfo, JbdDecoder::decodeBasicInfo);
    }
  }

  @Test
  void cells_round_trip_for_every_count_from_0_to_127() {
    for (int count = 0; count <= 127; count++) {
      List<Integer> mv = new ArrayList<>();
      for (int c = 0; c < count; c++) {
        mv.add(step(count * 131 + c, 40_503, 65_536));
      }
      if (count == 2) {
        mv.set(0, 0);
        mv.set(1, 65_535);
      }

      assertRoundTrip(new JbdCells(mv), JbdFrames::encodeCells, JbdDecoder::decodeCells);
    }
  }

  @Test
  void hardware_error_counts_and_write_ack_round_trip() {
    assertRoundTrip(
        new JbdHardware("JBD-SP04S034-L4S-200A-B-U"),
        JbdFrames::encodeHardware,
        JbdDecoder::decodeHardware);
    assertRoundTrip(new JbdHardware(""), JbdFrames::encodeHardware, JbdDecoder::decodeHardware);
    assertRoundTrip(
        new JbdErrorCounts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 65_535),
        JbdFrames::encodeErrorCounts,
        JbdDecoder::decodeErrorCounts);
    assertRoundTrip(
        new JbdWriteAck(0xE1),
        JbdFrames::encodeWriteAck,
        frame -> JbdDecoder.decodeWriteAck(frame, 0xE1));
  }

  @Test
  void captured_frames_reencode_to_the_same_bytes() {
    for (String id : List.of("jbd-01", "jbd-05", "jbd-09", "jbd-12", "jbd-15", "jbd-16")) {
      byte[] frame = JbdVectors.get(id).frame();
      JbdBasicInfo info = ((Decoded<JbdBasicInfo>) JbdDecoder.decodeBasicInfo(frame)).value();

      assertThat(JbdFrames.encodeBasicInfo(info)).as(id).isEqualTo(frame);
    }
    for (String id : List.of("jbd-02", "jbd-06", "jbd-10", "jbd-13")) {
      byte[] frame = JbdVectors.get(id).frame();
      JbdCells cells = ((Decoded<JbdCells>) JbdDecoder.decodeCells(frame)).value();

      assertThat(JbdFrames.encodeCells(cells)).as(id).isEqualTo(frame);
    }
    byte[] hardware = JbdVectors.get("jbd-03").frame();
    assertThat(JbdFrames.encodeHardware("JBD-SP04S034-L4S-200A-B-U")).isEqualTo(hardware);
  }

  /**
   * The counter capture (jbd-04) carries a 12th word (0x0001) after the eleven counters; it is no
   * counter (PROTOCOLS.md section 1), so JbdErrorCounts does not hold it and the encoder writes 22
   * data bytes, not 24. With that word put back (and length and checksum recomputed by the test's
   * own sum) the encoding is the capture byte for byte.
   */
  @Test
  void counter_capture_reencodes_but_for_its_trailing_word() {
    byte[] capture = JbdVectors.get("jbd-04").frame();
    JbdErrorCounts counts =
        ((Decoded<JbdErrorCounts>) JbdDecoder.decodeErrorCounts(capture)).value();
    byte[] encoded = JbdFrames.encodeErrorCounts(counts);
    assertThat(encoded.length).isEqualTo(capture.length - 2);
    byte[] rebuilt = java.util.Arrays.copyOf(encoded, capture.length);
    rebuilt[3] = (byte) (capture.length - 7);
    rebuilt[26] = capture[26];
    rebuilt[27] = capture[27];
    int chk = JbdFuzzTest.Target.independentChecksum(rebuilt, capture.length - 7);
    rebuilt[28] = (byte) (chk >>> 8);
    rebuilt[29] = (byte) chk;
    rebuilt[30] = 0x77;
    assertThat(JbdVectors.hex(rebuilt)).isEqualTo(JbdVectors.hex(capture));
    assertThat(JbdVectors.hex(java.util.Arrays.copyOfRange(encoded, 4, 26)))
        .as("the eleven counters")
        .isEqualTo(JbdVectors.hex(java.util.Arrays.copyOfRange(capture, 4, 26)));
  }

  @Test
  void encoder_refuses_values_the_wire_cannot_carry() {
    JbdBasicInfo fine =
        new JbdBasicInfo(
            15_600, 0, 4_980, 5_000, 0, null, 0L, 0, 0x80, 100, true, true, 4, List.of());

    assertThatThrownBy(() -> JbdFrames.encodeBasicInfo(withCurrent(fine, 15)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("currentMilliamps must be a multiple of 10");
    assertThatThrownBy(() -> JbdFrames.encodeBasicInfo(withCurrent(fine, 327_680)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JbdFrames.encodeCells(new JbdCells(List.of(65_536))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JbdFrames.encodeCells(new JbdCells(new ArrayList<>(zeros(128)))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JbdFrames.encodeHardware("Zelle \u20ac"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO-8859-1");
    assertThatThrownBy(() -> JbdFrames.encodeBasicInfo(withCellCount(fine, 128)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cellCount must be in 0..127");
  }

  private static List<Integer> zeros(int n) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(0);
    }
    return list;
  }

  private static JbdBasicInfo withCurrent(JbdBasicInfo i, int currentMilliamps) {
    return new JbdBasicInfo(
        i.packMillivolts(),
        currentMilliamps,
        i.remainingMilliampHours(),
        i.nominalMilliampHours(),
        i.cycles(),
        i.productionDate(),
        i.balanceBits(),
        i.protectionBits(),
        i.softwareVersion(),
        i.socPercent(),
        i.chargeFet(),
        i.dischargeFet(),
        i.cellCount(),
        i.tempDeciCelsius());
  }

  /** The i-th value of a walk through 0..modulus-1 with the given stride. */
  private static int step(int i, int stride, int modulus) {
    return (int) (((long) i * stride + stride / 2) % modulus);
  }

  private static <T> void assertRoundTrip(
      T value, Function<T, byte[]> encoder, Function<byte[], DecodeResult<T>> decoder) {
    byte[] frame = encoder.apply(value);

    DecodeResult<T> decoded = decoder.apply(frame);

    assertThat(decoded).as("%s", value).isEqualTo(new Decoded<>(value));
    assertThat(JbdChecksum.compute(frame)).isEqualTo(JbdChecksum.stored(frame));
  }

  private static JbdBasicInfo withCellCount(JbdBasicInfo i, int cells) {
    return new JbdBasicInfo(
        i.packMillivolts(),
        i.currentMilliamps(),
        i.remainingMilliampHours(),
        i.nominalMilliampHours(),
        i.cycles(),
        i.productionDate(),
        i.balanceBits(),
        i.protectionBits(),
        i.softwareVersion(),
        i.socPercent(),
        i.chargeFet(),
        i.dischargeFet(),
        cells,
        i.tempDeciCelsius());
  }
}
