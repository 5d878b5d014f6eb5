package org.chargebay.bms.jbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JbdChecksumTest {

  static List<JbdVectors.Vector> vectors() {
    return JbdVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void every_captured_response_carries_the_checksum_computed_over_status_length_and_data(
      JbdVectors.Vector vector) {
    byte[] frame = vector.frame();

    assertThat(JbdChecksum.compute(frame)).isEqualTo(JbdChecksum.stored(frame));
  }

  /** Requests from PROTOCOLS.md section 1 and the MOSFET capture in esphome-jbd-bms docs/pdus. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "dda50300fffd77",
        "dda50400fffc77",
        "dda50500fffb77",
        "dda5aa00ff5677",
        "dd5ae1020002ff1b77",
        "dd5ae1020001ff1c77",
        "dd5ae1020000ff1d77",
        "dd5a01020000fffd77",
        "dde10000000077",
        "dd010000000077"
      })
  void published_frames_carry_the_checksum_computed_over_bytes_two_to_three_plus_len(String hex) {
    byte[] frame = JbdVectors.hex(hex);

    assertThat(JbdChecksum.compute(frame)).isEqualTo(JbdChecksum.stored(frame));
  }

  @Test
  void vendor_pdf_cell_example_has_checksum_f9f9() {
    byte[] frame = JbdVectors.get("jbd-06").frame();

    assertThat(JbdChecksum.compute(frame)).isEqualTo(0xF9F9);
  }

  @Test
  void basic_info_request_checksum_is_the_complement_of_register_plus_length() {
    byte[] summed = {0x03, 0x00};

    assertThat(JbdChecksum.sum16Complement(summed, 0, 2)).isEqualTo(0xFFFD);
  }

  @Test
  void empty_sum_gives_zero_as_in_the_write_ack() {
    assertThat(JbdChecksum.sum16Complement(new byte[0], 0, 0)).isZero();
  }

  @Test
  void sum_wraps_at_sixteen_bits() {
    byte[] ff = new byte[258];
    Arrays.fill(ff, (byte) 0xFF);
    // 258 * 255 = 65790 = 0x100FE -> 0x00FE -> complement 0xFF02
    assertThat(JbdChecksum.sum16Complement(ff, 0, ff.length)).isEqualTo(0xFF02);
  }

  @Test
  void register_byte_of_a_response_is_not_summed() {
    byte[] cells = JbdVectors.get("jbd-02").frame();
    byte[] sameButRegister05 = cells.clone();
    sameButRegister05[1] = 0x05;

    assertThat(JbdChecksum.compute(sameButRegister05)).isEqualTo(JbdChecksum.compute(cells));
  }
}
