package org.chargebay.bms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.chargebay.bms.vectors.FamilyVectors;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** {@code bms decode} for JK, Daly and ANT frames, and {@code bms read} usage errors. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BmsCliFamiliesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return BmsCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private JsonNode json() throws Exception {
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  private static String hex(String family, String id) {
    return java.util.HexFormat.of()
        .formatHex(
            FamilyVectors.of(family).stream()
                .filter(v -> v.id().equals(id))
                .findFirst()
                .orElseThrow()
                .frame());
  }

  @Test
  void daly_pack_status_prints_the_wire_current_and_the_configured_current() throws Exception {
    assertThat(run("decode", "--family", "daly", "--hex", hex("daly", "daly-01"))).isEqualTo(0);
    JsonNode j = json();
    assertThat(j.get("current_wire_a").decimalValue()).isEqualByComparingTo("2.1");
    assertThat(j.get("current_a").decimalValue()).isEqualByComparingTo("-2.1");
    assertThat(j.get("current_sign_convention").asText()).isEqualTo("wire_positive_is_discharge");
  }

  @Test
  void the_current_sign_can_be_chosen_on_the_command_line() throws Exception {
    assertThat(
            run(
                "decode",
                "--family",
                "daly",
                "--current-sign",
                "wire-charge",
                "--hex",
                hex("daly", "daly-01")))
        .isEqualTo(0);
    assertThat(json().get("current_a").decimalValue()).isEqualByComparingTo("2.1");
  }

  @Test
  void daly_cells_honour_the_cell_count_hint() throws Exception {
    assertThat(run("decode", "--family", "daly", "--cells", "4", "--hex", hex("daly", "daly-09")))
        .isEqualTo(0);
    assertThat(json().get("cells_v")).hasSize(4);
  }

  @Test
  void daly_cells_with_junk_between_frames_decode_and_list_what_was_dropped() throws Exception {
    String cells = hex("daly", "daly-09");
    String junk = cells.substring(0, 2 * 26) + "00ffa513" + cells.substring(2 * 26);

    assertThat(run("decode", "--family", "daly", "--cells", "16", "--hex", junk)).isEqualTo(0);
    JsonNode j = json();
    assertThat(j.get("cells_v")).hasSize(16);
    assertThat(j.get("frame_numbers")).hasSize(16);
    assertThat(j.get("dropped").toString())
        .isEqualTo("[{\"offset\":26,\"length\":4,\"reason\":\"junk\",\"frame_number\":null}]");
  }

  @Test
  void a_daly_reply_that_lost_a_needed_frame_is_refused_naming_the_cells() throws Exception {
    String cells = hex("daly", "daly-09");
    // frame 3 two bytes short: bytes 7 and 8 of it lost
    String cut = cells.substring(0, 2 * (26 + 7)) + cells.substring(2 * (26 + 9));

    assertThat(run("decode", "--family", "daly", "--cells", "16", "--hex", cut)).isEqualTo(2);
    assertThat(json().get("error").asText()).isEqualTo("missing_values");
    assertThat(json().get("reason").asText())
        .isEqualTo("Cells 7-9 missing: frame 3 dropped (cut short).");
  }

  @Test
  void ant_legacy_prints_both_currents_and_named_alarms() throws Exception {
    assertThat(run("decode", "--family", "ant", "--hex", hex("ant", "ant-09"))).isEqualTo(0);
    JsonNode j = json();
    assertThat(j.get("frame").asText()).isEqualTo("legacy_status");
    assertThat(j.get("alarms").get(0).asText()).isEqualTo("cell_index_out_of_range");
    assertThat(j.has("current_wire_a")).isTrue();
  }

  @Test
  void jk_03_with_its_bad_checksum_is_rejected_with_exit_2() throws Exception {
    assertThat(run("decode", "--family", "jk", "--hex", hex("jk", "jk-03"))).isEqualTo(2);
    assertThat(json().get("error").asText()).isEqualTo("checksum_mismatch");
    assertThat(json().get("reason").asText())
        .isEqualTo("Checksum mismatch: the frame carries 0x4923 but its bytes give 0x485C.");
  }

  @Test
  void a_daly_reply_that_is_not_whole_frames_is_rejected() throws Exception {
    assertThat(run("decode", "--family", "daly", "--hex", "a50190")).isEqualTo(2);
    assertThat(json().get("error").asText()).isEqualTo("bad_length");
  }

  @Test
  void read_usage_errors_exit_64_without_a_stack_trace() {
    assertThat(run("read", "--family", "jk")).isEqualTo(64);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("chargebay bms read: Missing required option: '--port=PATH|tcp://HOST:PORT'");
    err.reset();
    assertThat(run("read", "--family", "jk", "--port", "http://x")).isEqualTo(64);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("chargebay bms read: unsupported BMS URL 'http://x'");
    err.reset();
    assertThat(run("read", "--family", "jk", "--port", "tcp://127.0.0.1:1", "--interval", "soon"))
        .isEqualTo(64);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(
            "chargebay bms read: Invalid value for option '--interval': 'soon' is not a duration");
    err.reset();
    assertThat(run("read", "--family", "victron", "--port", "tcp://127.0.0.1:1")).isEqualTo(64);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
  }

  @Test
  void a_read_that_fails_prints_a_json_error_line_and_exits_2() throws Exception {
    assertThat(run("read", "--family", "daly", "--port", "tcp://127.0.0.1:1", "--count", "1"))
        .isEqualTo(2);
    JsonNode j = json();
    assertThat(j.get("error").asText()).isEqualTo("device_error");
    assertThat(j.get("reason").asText()).contains("tcp://127.0.0.1:1");
  }
}
