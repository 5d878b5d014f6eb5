package org.chargebay.bms.jbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.FrameError.BadLength;
import org.chargebay.bms.FrameError.BadStart;
import org.chargebay.bms.FrameError.DeviceStatus;
import org.chargebay.bms.FrameError.Truncated;
import org.chargebay.bms.FrameError.UnexpectedRegister;
import org.chargebay.bms.Rejected;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JbdDecoderTest {

  /** Newer firmware: len 0x22 = 23 fixed + 1 probe (2 bytes) + 9 unknown trailing bytes. */
  @Test
  void ignores_bytes_after_the_ntc_block_from_newer_firmware() {
    byte[] data = new byte[0x22];
    byte[] fixed = Arrays.copyOfRange(JbdVectors.get("jbd-01").frame(), 4, 4 + 23);
    System.arraycopy(fixed, 0, data, 0, 23);
    data[22] = 1; // one probe
    data[23] = 0x0B; // 0x0B8B = 2955 -> 22.4 degC
    data[24] = (byte) 0x8B;
    Arrays.fill(data, 25, data.length, (byte) 0x5A);
    byte[] frame = JbdFrames.response(0x03, 0x00, data);

    JbdBasicInfo info = value(JbdDecoder.decodeBasicInfo(frame));

    assertThat(info.tempDeciCelsius()).containsExactly(224);
    assertThat(info.packMillivolts()).isEqualTo(15_600);
    assertThat(info.cellCount()).isEqualTo(4);
  }

  @Test
  void balance_bit_zero_of_the_word_at_offset_12_is_cell_1_and_offset_14_starts_at_cell_17() {
    byte[] data = basicInfoPayload();
    data[12] = (byte) 0x80; // cell 16
    data[13] = 0x01; // cell 1
    data[14] = 0x00;
    data[15] = 0x01; // cell 17

    JbdBasicInfo info = value(JbdDecoder.decodeBasicInfo(JbdFrames.response(0x03, 0, data)));

    assertThat(info.balanceBits()).isEqualTo((1L << 16) | (1L << 15) | 1L);
    assertThat(info.balancing()).isTrue();
  }

  @Test
  void balance_bits_for_all_32_cells_stay_positive() {
    byte[] data = basicInfoPayload();
    Arrays.fill(data, 12, 16, (byte) 0xFF);

    JbdBasicInfo info = value(JbdDecoder.decodeBasicInfo(JbdFrames.response(0x03, 0, data)));

    assertThat(info.balanceBits()).isEqualTo(0xFFFF_FFFFL);
  }

  @Test
  void fet_byte_bit_zero_is_charge_and_bit_one_is_discharge() {
    byte[] data = basicInfoPayload();
    data[20] = 0x01;

    JbdBasicInfo info = value(JbdDecoder.decodeBasicInfo(JbdFrames.response(0x03, 0, data)));

    assertThat(info.chargeFet()).isTrue();
    assertThat(info.dischargeFet()).isFalse();
  }

  @Test
  void a_date_word_that_is_not_a_calendar_date_decodes_to_null() {
    byte[] data = basicInfoPayload();
    data[10] = 0;
    data[11] = 0; // month 0, day 0: an unprogrammed board

    JbdBasicInfo info = value(JbdDecoder.decodeBasicInfo(JbdFrames.response(0x03, 0, data)));

    assertThat(info.productionDate()).isNull();
  }

  @Test
  void unpacks_the_vendor_pdf_date_example() {
    assertThat(JbdDecoder.unpackDate(0x2078)).isEqualTo(LocalDate.of(2016, 3, 24));
    assertThat(JbdDecoder.unpackDate(0x2C7C)).isEqualTo(LocalDate.of(2022, 3, 28));
    assertThat(JbdDecoder.unpackDate(0x2C5F)).isNull(); // 2022-02-31
  }

  @Test
  void temperature_below_zero_celsius_is_negative_tenths() {
    byte[] data = basicInfoPayload();
    data[22] = 1;
    byte[] withProbe = Arrays.copyOf(data, 25);
    withProbe[23] = 0x0A; // 0x0A8C = 2700 -> -3.1 degC
    withProbe[24] = (byte) 0x8C;

    JbdBasicInfo info = value(JbdDecoder.decodeBasicInfo(JbdFrames.response(0x03, 0, withProbe)));

    assertThat(info.tempDeciCelsius()).containsExactly(-31);
  }

  @Test
  void rejects_an_ntc_count_the_payload_cannot_hold() {
    byte[] data = basicInfoPayload();
    data[22] = 3; // needs 29 data bytes, has 23

    DecodeResult<JbdBasicInfo> result =
        JbdDecoder.decodeBasicInfo(JbdFrames.response(0x03, 0, data));

    assertThat(error(result))
        .isEqualTo(new BadLength(23, 30, "an NTC count of 3 needs at least 29 data bytes"));
  }

  @Test
  void rejects_a_basic_info_shorter_than_the_fixed_fields() {
    byte[] frame = JbdFrames.response(0x03, 0, new byte[22]);

    assertThat(error(JbdDecoder.decodeBasicInfo(frame))).isInstanceOf(BadLength.class);
  }

  @Test
  void rejects_an_odd_cell_payload() {
    byte[] frame = JbdFrames.response(0x04, 0, new byte[] {0x0F, 0x45, 0x0F});

    assertThat(error(JbdDecoder.decodeCells(frame)))
        .isEqualTo(new BadLength(3, 10, "cell voltages need an even number of data bytes"));
  }

  @Test
  void rejects_error_counters_shorter_than_eleven_words() {
    byte[] frame = JbdFrames.response(0xAA, 0, new byte[20]);

    assertThat(error(JbdDecoder.decodeErrorCounts(frame))).isInstanceOf(BadLength.class);
  }

  @Test
  void error_status_0x80_is_a_device_status_after_the_checksum_passed() {
    byte[] frame = JbdFrames.response(0x03, 0x80, new byte[0]);

    assertThat(error(JbdDecoder.decodeBasicInfo(frame))).isEqualTo(new DeviceStatus(0x80));
    assertThat(error(JbdDecoder.decode(frame))).isEqualTo(new DeviceStatus(0x80));
  }

  @Test
  void a_cells_frame_given_to_the_basic_info_decoder_is_an_unexpected_register() {
    byte[] cells = JbdVectors.get("jbd-02").frame();

    assertThat(error(JbdDecoder.decodeBasicInfo(cells)))
        .isEqualTo(new UnexpectedRegister(0x04, "0x03"));
  }

  @Test
  void an_unknown_register_is_rejected_by_the_dispatcher() {
    byte[] frame = JbdFrames.response(0x07, 0, new byte[] {1, 2});

    FrameError error = error(JbdDecoder.decode(frame));

    assertThat(error).isInstanceOf(UnexpectedRegister.class);
    assertThat(((UnexpectedRegister) error).register()).isEqualTo(0x07);
  }

  @Test
  void empty_input_is_truncated() {
    assertThat(error(JbdDecoder.decode(new byte[0]))).isEqualTo(new Truncated(7, 0));
  }

  @Test
  void a_prefix_of_a_frame_is_truncated_to_the_declared_length() {
    byte[] frame = JbdVectors.get("jbd-01").frame();

    assertThat(error(JbdDecoder.decode(Arrays.copyOf(frame, 20))))
        .isEqualTo(new Truncated(frame.length, 20));
    assertThat(error(JbdDecoder.decode(Arrays.copyOf(frame, 3)))).isEqualTo(new Truncated(7, 3));
  }

  @Test
  void a_byte_after_the_end_marker_is_a_bad_length() {
    byte[] frame = JbdVectors.get("jbd-02").frame();
    byte[] longer = Arrays.copyOf(frame, frame.length + 1);

    assertThat(error(JbdDecoder.decodeCells(longer)))
        .isEqualTo(new BadLength(8, 16, "the length byte accounts for 15 bytes but 1 more follow"));
  }

  @Test
  void garbage_in_front_is_a_bad_start() {
    byte[] frame = JbdVectors.hex("00dd0400080f450f3d0f370f3dfec677");

    assertThat(error(JbdDecoder.decodeCells(frame))).isEqualTo(new BadStart(0, 0x00, "0xDD"));
  }

  @Test
  void decodes_the_captured_mosfet_write_ack() {
    byte[] ack = JbdVectors.hex("dd e1 00 00 00 00 77");

    assertThat(value(JbdDecoder.decodeWriteAck(ack, 0xE1))).isEqualTo(new JbdWriteAck(0xE1));
    assertThat(value(JbdDecoder.decode(ack))).isEqualTo(new JbdWriteAck(0xE1));
    assertThat(value(JbdDecoder.decode(JbdVectors.hex("dd 01 00 00 00 00 77"))))
        .isEqualTo(new JbdWriteAck(0x01));
  }

  @Test
  void a_write_ack_for_another_register_or_with_data_is_rejected() {
    byte[] ack = JbdVectors.hex("dd e1 00 00 00 00 77");

    assertThat(error(JbdDecoder.decodeWriteAck(ack, 0x01)))
        .isEqualTo(new UnexpectedRegister(0xE1, "0x01"));
    assertThat(error(JbdDecoder.decodeWriteAck(JbdFrames.response(0xE1, 0, new byte[2]), 0xE1)))
        .isInstanceOf(BadLength.class);
  }

  @Test
  void decodes_read_and_write_requests() {
    assertThat(value(JbdDecoder.decodeRequest(JbdVectors.hex("dda50300fffd77"))))
        .isEqualTo(new JbdRequest.Read(0x03));
    assertThat(value(JbdDecoder.decodeRequest(JbdVectors.hex("dd5ae1020002ff1b77"))))
        .isEqualTo(new JbdRequest.Write(0xE1, 0x0002));
  }

  @Test
  void a_request_with_an_unknown_mode_byte_is_a_bad_start_at_offset_1() {
    byte[] response = JbdVectors.get("jbd-02").frame();

    assertThat(error(JbdDecoder.decodeRequest(response)))
        .isEqualTo(new BadStart(1, 0x04, "0xA5 (read) or 0x5A (write)"));
  }

  @Test
  void a_write_request_must_carry_two_bytes() {
    byte[] frame = JbdVectors.hex("dd5ae10100ff1e77");

    assertThat(error(JbdDecoder.decodeRequest(frame))).isInstanceOf(BadLength.class);
  }

  @Test
  void decoding_does_not_modify_the_input() {
    byte[] frame = JbdVectors.get("jbd-01").frame();
    byte[] copy = frame.clone();

    JbdDecoder.decode(frame);

    assertThat(frame).isEqualTo(copy);
  }

  @Test
  void a_rejection_keeps_the_exact_bytes() {
    byte[] frame = JbdVectors.get("jbd-02").frame();
    frame[5] ^= 0x01;

    DecodeResult<JbdCells> result = JbdDecoder.decodeCells(frame);

    assertThat(((Rejected<JbdCells>) result).frame()).isEqualTo(frame);
  }

  @Test
  void decoded_values_are_immutable() {
    JbdCells cells = value(JbdDecoder.decodeCells(JbdVectors.get("jbd-02").frame()));

    assertThat(cells.cellMillivolts()).isInstanceOf(List.class);
    assertThatThrownBy(() -> cells.cellMillivolts().add(1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** The 23 fixed bytes of jbd-01 with the NTC count set to 0. */
  private static byte[] basicInfoPayload() {
    byte[] data = Arrays.copyOfRange(JbdVectors.get("jbd-01").frame(), 4, 4 + 23);
    data[22] = 0;
    return data;
  }

  private static <T> T value(DecodeResult<T> result) {
    assertThat(result).isInstanceOf(Decoded.class);
    return ((Decoded<T>) result).value();
  }

  private static FrameError error(DecodeResult<?> result) {
    assertThat(result).isInstanceOf(Rejected.class);
    return ((Rejected<?>) result).error();
  }

  /**
   * Fuzz finding: a 0x03 reply claiming more cells than any 0x04 reply can carry was accepted, and
   * the snapshot's cell count then exceeded the protocol's bound.
   */
  @Test
  void rejects_a_cell_count_above_what_a_cells_reply_can_carry() {
    byte[] frame =
        JbdVectors.hex("dd03001d060b000001ed01f400002c7c00000000100080630280030ba00b9d0b98f9d977");
    DecodeResult<JbdBasicInfo> result = JbdDecoder.decodeBasicInfo(frame);
    assertThat(result).isInstanceOf(Rejected.class);
    FrameError error = ((Rejected<JbdBasicInfo>) result).error();
    assertThat(error.code()).isEqualTo("bad_field");
    assertThat(error.describe())
        .isEqualTo(
            "Bad field cell count (offset 21): 128 cells, but a 0x04 reply carries at most 127"
                + " voltages.");
    byte[] edge = frame.clone();
    edge[25] = 127;
    assertThat(
            JbdDecoder.decodeBasicInfo(
                JbdFrames.response(
                    0x03, 0, java.util.Arrays.copyOfRange(edge, 4, edge.length - 3))))
        .isInstanceOf(Decoded.class);
  }
}
