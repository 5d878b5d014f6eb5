package org.chargebay.bms.jbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Request frames byte for byte against PROTOCOLS.md section 1 and the captured MOSFET log. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JbdFramesTest {

  @Test
  void read_requests_match_the_published_frames() {
    assertThat(JbdVectors.hex(JbdFrames.readBasicInfo())).isEqualTo("dda50300fffd77");
    assertThat(JbdVectors.hex(JbdFrames.readCells())).isEqualTo("dda50400fffc77");
    assertThat(JbdVectors.hex(JbdFrames.readHardware())).isEqualTo("dda50500fffb77");
    assertThat(JbdVectors.hex(JbdFrames.readErrorCounts())).isEqualTo("dda5aa00ff5677");
  }

  @Test
  void mosfet_writes_match_the_captured_log() {
    assertThat(JbdVectors.hex(JbdFrames.writeMosfets(true, true))).isEqualTo("dd5ae1020000ff1d77");
    assertThat(JbdVectors.hex(JbdFrames.writeMosfets(false, true))).isEqualTo("dd5ae1020001ff1c77");
    assertThat(JbdVectors.hex(JbdFrames.writeMosfets(true, false))).isEqualTo("dd5ae1020002ff1b77");
    assertThat(JbdVectors.hex(JbdFrames.writeMosfets(false, false)))
        .isEqualTo("dd5ae1020003ff1a77");
  }

  @Test
  void mosfet_command_byte_sets_bit_0_for_charge_off_and_bit_1_for_discharge_off() {
    assertThat(JbdFrames.mosfetCommand(true, true)).isEqualTo(0);
    assertThat(JbdFrames.mosfetCommand(false, true)).isEqualTo(1);
    assertThat(JbdFrames.mosfetCommand(true, false)).isEqualTo(2);
    assertThat(JbdFrames.mosfetCommand(false, false)).isEqualTo(3);
  }

  @Test
  void exit_factory_mode_write_matches_the_captured_log() {
    assertThat(JbdVectors.hex(JbdFrames.writeRequest(0x01, 0x0000)))
        .isEqualTo("dd5a01020000fffd77");
  }

  @Test
  void write_ack_matches_the_captured_log() {
    assertThat(JbdVectors.hex(JbdFrames.encodeWriteAck(0xE1))).isEqualTo("dde10000000077");
  }

  @Test
  void encoded_basic_info_puts_cell_1_balance_in_bit_0_of_the_word_at_offset_12() {
    JbdBasicInfo info =
        new JbdBasicInfo(
            0,
            0,
            0,
            0,
            0,
            LocalDate.of(2022, 3, 28),
            1L | 1L << 16,
            0,
            0,
            0,
            true,
            true,
            17,
            List.of());

    byte[] frame = JbdFrames.encodeBasicInfo(info);

    // payload offsets 10-15 sit at frame offsets 14-19
    assertThat(JbdVectors.hex(java.util.Arrays.copyOfRange(frame, 14, 20)))
        .isEqualTo("2c7c" + "0001" + "0001");
  }

  /** Fuzz finding: the encoder refused a model the decoder had returned from a byte above 0x7F. */
  @Test
  void a_model_with_bytes_above_0x7F_round_trips() {
    byte[] frame =
        JbdVectors.hex("dd0500194a42818953503034533033342d4cfffe2d323030412d422d55f7f977");
    JbdHardware model =
        ((org.chargebay.bms.Decoded<JbdHardware>) JbdDecoder.decodeHardware(frame)).value();
    assertThat(model.model()).isEqualTo("JB\u0081\u0089SP04S034-L\u00ff\u00fe-200A-B-U");
    assertThat(JbdFrames.encodeHardware(model)).isEqualTo(frame);
  }
}
