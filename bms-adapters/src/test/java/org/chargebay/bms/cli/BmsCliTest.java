package org.chargebay.bms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chargebay.bms.jbd.JbdVectors;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BmsCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @Test
  void decodes_basic_info_into_one_json_line_with_the_fixture_keys() throws Exception {
    String hex = JbdVectors.hex(JbdVectors.get("jbd-01").frame());

    int status = run("decode", "--family", "jbd", "--hex", hex);

    assertThat(status).isZero();
    assertThat(err()).isEmpty();
    assertThat(out().lines()).hasSize(1);
    JsonNode json = JSON.readTree(out());
    assertThat(json.get("family").asText()).isEqualTo("jbd");
    assertThat(json.get("frame").asText()).isEqualTo("basic_info");
    assertThat(json.get("pack_v").decimalValue()).isEqualByComparingTo("15.6");
    assertThat(json.get("current_a").decimalValue()).isEqualByComparingTo("0");
    assertThat(json.get("capacity_remaining_ah").decimalValue()).isEqualByComparingTo("4.98");
    assertThat(json.get("capacity_nominal_ah").decimalValue()).isEqualByComparingTo("5");
    assertThat(json.get("soc_pct").asInt()).isEqualTo(100);
    assertThat(json.get("charge_fet").asBoolean()).isTrue();
    assertThat(json.get("discharge_fet").asBoolean()).isTrue();
    assertThat(json.get("fet_bitmask").asInt()).isEqualTo(3);
    assertThat(json.get("balancing").asBoolean()).isFalse();
    assertThat(json.get("balance_bitmask").asLong()).isZero();
    assertThat(json.get("protection_bitmask").asInt()).isZero();
    assertThat(json.get("software_version").asInt()).isEqualTo(128);
    assertThat(json.get("cell_count").asInt()).isEqualTo(4);
    assertThat(json.get("ntc_count").asInt()).isEqualTo(3);
    assertThat(json.get("production_date").asText()).isEqualTo("2022-03-28");
    assertThat(json.get("temps_c").toString()).isEqualTo("[22.4,22.3,21.7]");
  }

  @Test
  void prints_cells_as_an_exact_json_line() {
    int status = run("decode", "--family", "jbd", "--hex", "dd0400080f450f3d0f370f3dfec677");

    assertThat(status).isZero();
    assertThat(out())
        .isEqualTo(
            "{\"family\":\"jbd\",\"frame\":\"cells\",\"cells_v\":[3.909,3.901,3.895,3.901],"
                + "\"cell_count\":4}"
                + System.lineSeparator());
  }

  @Test
  void negative_current_is_printed_in_amps() throws Exception {
    int status =
        run("decode", "--hex=" + JbdVectors.hex(JbdVectors.get("jbd-09").frame()), "--family=jbd");

    assertThat(status).isZero();
    assertThat(JSON.readTree(out()).get("current_a").decimalValue()).isEqualByComparingTo("-2.87");
  }

  @Test
  void decodes_hardware_error_counts_and_a_colon_separated_write_ack() throws Exception {
    run("decode", "--family", "jbd", "--hex", JbdVectors.hex(JbdVectors.get("jbd-03").frame()));
    run("decode", "--family", "jbd", "--hex", JbdVectors.hex(JbdVectors.get("jbd-04").frame()));
    run("decode", "--family", "JBD", "--hex", "DD:E1:00:00:00:00:77");

    List<String> lines = out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(JSON.readTree(lines.get(0)).get("device_model").asText())
        .isEqualTo("JBD-SP04S034-L4S-200A-B-U");
    assertThat(JSON.readTree(lines.get(1)).get("error_counts").get("cell_overvoltage").asInt())
        .isEqualTo(122);
    assertThat(lines.get(2))
        .isEqualTo("{\"family\":\"jbd\",\"frame\":\"write_ack\",\"register\":225}");
  }

  @Test
  void a_flipped_bit_prints_a_checksum_error_and_returns_2() throws Exception {
    byte[] frame = JbdVectors.get("jbd-01").frame();
    frame[6] ^= 0x01;

    int status = run("decode", "--family", "jbd", "--hex", JbdVectors.hex(frame));

    assertThat(status).isEqualTo(2);
    JsonNode json = JSON.readTree(out());
    assertThat(json.get("error").asText()).isEqualTo("checksum_mismatch");
    assertThat(json.get("reason").asText())
        .isEqualTo("Checksum mismatch: the frame carries 0xFA8D but its bytes give 0xFA8C.");
    assertThat(json.size()).isEqualTo(2);
    assertThat(err()).isEmpty();
  }

  @Test
  void a_truncated_frame_prints_its_error_code() throws Exception {
    int status = run("decode", "--family", "jbd", "--hex", "dd03001d0618");

    assertThat(status).isEqualTo(2);
    assertThat(JSON.readTree(out()).get("error").asText()).isEqualTo("truncated");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz", "dd0", "", "dd 03 0g"})
  void bad_hex_prints_an_error_and_returns_2(String hex) throws Exception {
    int status = run("decode", "--family", "jbd", "--hex", hex);

    assertThat(status).isEqualTo(2);
    JsonNode json = JSON.readTree(out());
    assertThat(json.get("error").asText()).isEqualTo("bad_hex");
    assertThat(json.get("reason").asText()).isNotBlank();
    assertThat(err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"victron", "seplos"})
  void unknown_families_are_unsupported(String family) throws Exception {
    int status = run("decode", "--family", family, "--hex", "dd");

    assertThat(status).isEqualTo(2);
    assertThat(JSON.readTree(out()).get("error").asText()).isEqualTo("unsupported_family");
  }

  @Test
  void bad_usage_prints_one_line_and_a_help_hint_on_stderr_and_returns_64() {
    List<String[]> wrong =
        List.of(
            new String[] {},
            new String[] {"encode", "--family", "jbd", "--hex", "dd"},
            new String[] {"decode", "--family", "jbd"},
            new String[] {"decode", "--hex", "dd"},
            new String[] {"decode", "--family", "jbd", "--hex"},
            new String[] {"decode", "--family", "jbd", "--hex", "dd", "--verbose"},
            new String[] {"decode", "--family", "jbd", "--hex", "dd", "--cells", "four"});

    for (String[] args : wrong) {
      stdout.reset();
      stderr.reset();

      int status = BmsCli.run(args, print(stdout), print(stderr));

      assertThat(status).as(String.join(" ", args)).isEqualTo(64);
      assertThat(out()).isEmpty();
      assertThat(err().lines().toList())
          .as(String.join(" ", args))
          .hasSize(2)
          .satisfies(
              l -> assertThat(l.get(0)).startsWith("chargebay bms").doesNotContain("Exception"))
          .satisfies(
              l ->
                  assertThat(l.get(1))
                      .matches("Try 'chargebay bms( decode)? --help' for more information\\."));
    }
  }

  @Test
  void usage_errors_name_what_is_wrong() {
    run("encode");
    run("decode", "--family", "jbd");
    run("decode", "--family", "jbd", "--hex", "dd", "--verbose");
    run("decode", "--family", "jbd", "--hex", "dd", "--cells", "300");

    assertThat(err().lines().filter(l -> !l.startsWith("Try ")))
        .containsExactly(
            "chargebay bms: unknown subcommand 'encode'; one of decode, read",
            "chargebay bms decode: Missing required option: '--hex=FRAME'",
            "chargebay bms decode: Unknown option: '--verbose'",
            "chargebay bms decode: --cells must be 0-255, was 300");
  }

  @Test
  void help_prints_usage_on_stdout() {
    assertThat(run("--help")).isZero();
    assertThat(out()).startsWith("Usage: chargebay bms ").contains("decode", "read");
    assertThat(err()).isEmpty();
  }

  private int run(String... args) {
    return BmsCli.run(args, print(stdout), print(stderr));
  }

  private static PrintStream print(ByteArrayOutputStream target) {
    return new PrintStream(target, true, StandardCharsets.UTF_8);
  }

  private String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }
}
