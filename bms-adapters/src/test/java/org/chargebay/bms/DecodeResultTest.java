package org.chargebay.bms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.chargebay.bms.FrameError.BadLength;
import org.chargebay.bms.FrameError.BadStart;
import org.chargebay.bms.FrameError.ChecksumMismatch;
import org.chargebay.bms.FrameError.DeviceStatus;
import org.chargebay.bms.FrameError.Truncated;
import org.chargebay.bms.FrameError.UnexpectedRegister;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DecodeResultTest {

  /** One sample per permitted FrameError; the test below fails when a variant is added. */
  private static final List<FrameError> SAMPLES =
      List.of(
          new BadStart(0, 0x00, "0xDD"),
          new BadLength(29, 35, "byte 35 should be the end marker 0x77 but is 0x00"),
          new ChecksumMismatch(0xFA8D, 0xFA8C),
          new DeviceStatus(0x80),
          new Truncated(36, 20),
          new UnexpectedRegister(0x05, "0x04"),
          new FrameError.BadField("tag 0x84", "mandatory record missing"),
          new FrameError.MissingValues(
              "cell", List.of(7, 8, 9, 16), "frame 3 dropped (checksum); frame 6 not received"));

  @Test
  void every_frame_error_variant_has_a_sample() {
    assertThat(SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(FrameError.class.getPermittedSubclasses());
  }

  @Test
  void every_frame_error_has_a_snake_case_code_and_a_sentence() {
    assertThat(SAMPLES)
        .extracting(FrameError::code)
        .containsExactly(
            "bad_start",
            "bad_length",
            "checksum_mismatch",
            "device_status",
            "truncated",
            "unexpected_register",
            "bad_field",
            "missing_values");
    assertThat(SAMPLES)
        .extracting(FrameError::describe)
        .containsExactly(
            "Byte 0 is 0x00, but a frame needs 0xDD there.",
            "Bad length (29 data bytes declared, 35 bytes in the frame): byte 35 should be the end"
                + " marker 0x77 but is 0x00.",
            "Checksum mismatch: the frame carries 0xFA8C but its bytes give 0xFA8D.",
            "The BMS answered with error status 0x80 (0x00 means ok).",
            "Truncated frame: 20 bytes present, at least 36 needed.",
            "The frame is for register 0x05, expected 0x04.",
            "Bad field tag 0x84: mandatory record missing.",
            "Cells 7-9, 16 missing: frame 3 dropped (checksum); frame 6 not received.");
  }

  @Test
  void missing_values_name_single_values_and_ranges() {
    assertThat(new FrameError.MissingValues("cell", List.of(16), "frame 6 not received").describe())
        .isEqualTo("Cell 16 missing: frame 6 not received.");
    assertThat(
            new FrameError.MissingValues(
                    "temperature sensor",
                    List.of(1, 2, 3, 4, 5, 6, 7),
                    "frame 1 dropped (cut short)")
                .describe())
        .isEqualTo("Temperature sensors 1-7 missing: frame 1 dropped (cut short).");
    assertThat(FrameError.MissingValues.ranges(List.of(1, 3, 4, 6, 7, 8))).isEqualTo("1, 3-4, 6-8");
  }

  @Test
  void dropped_bytes_say_where_and_why() {
    assertThat(new DroppedBytes(26, 11, DroppedBytes.Reason.SHORT, 3).describe())
        .isEqualTo("11 bytes at offset 26 (frame 3): cut short: the next frame starts inside it.");
    assertThat(new DroppedBytes(0, 1, DroppedBytes.Reason.JUNK, null).describe())
        .isEqualTo("1 byte at offset 0: not part of a frame.");
    assertThat(DroppedBytes.Reason.AMBIGUOUS.code()).isEqualTo("ambiguous");
  }

  @Test
  void rejected_compares_and_prints_the_frame_content() {
    byte[] bytes = {(byte) 0xDD, 0x03, 0x00};
    Rejected<String> a = new Rejected<>(new Truncated(7, 3), bytes);
    Rejected<String> b = new Rejected<>(new Truncated(7, 3), bytes.clone());

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new Rejected<String>(new Truncated(7, 3), new byte[] {1}));
    assertThat(a.toString())
        .isEqualTo("Rejected[error=Truncated[expectedLength=7, actualLength=3], frame=dd0300]");
  }

  @Test
  void rejected_copies_its_frame_in_and_out() {
    byte[] bytes = {1, 2, 3};
    Rejected<String> rejected = new Rejected<>(new Truncated(7, 3), bytes);

    bytes[0] = 9;
    rejected.frame()[1] = 9;

    assertThat(rejected.frame()).containsExactly(1, 2, 3);
    assertThat(Arrays.equals(rejected.frame(), new byte[] {1, 2, 3})).isTrue();
  }

  @Test
  void map_transforms_a_value_and_keeps_a_rejection() {
    DecodeResult<Integer> decoded = DecodeResult.decoded(21);
    DecodeResult<Integer> rejected = DecodeResult.rejected(new DeviceStatus(0x80), new byte[] {7});

    assertThat(decoded.map(x -> x * 2)).isEqualTo(new Decoded<>(42));
    assertThat(rejected.map(x -> x * 2))
        .isEqualTo(new Rejected<Integer>(new DeviceStatus(0x80), new byte[] {7}));
    assertThat(decoded.isDecoded()).isTrue();
    assertThat(rejected.isDecoded()).isFalse();
  }
}
