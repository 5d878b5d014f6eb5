package org.chargebay.bms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The command-line contract for {@code bms decode} and {@code bms read}: help on stdout with 0,
 * usage errors 64, data errors as JSON with 2, unexpected failures as one JSON line on stderr with
 * 70. Failures are injected through {@link BmsCli.Backend}; nothing opens a port.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BmsCliConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JBD_CELLS = "dd0400080f450f3d0f370f3dfec677";

  private record Run(int exit, String out, String err) {}

  private static Run run(BmsCli.Backend backend, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        BmsCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            backend);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run run(String... args) {
    return run(BmsCli.Backend.REAL, args);
  }

  /** A backend whose every client answers {@code read()} with {@code failure}. */
  private static BmsCli.Backend clientsThatThrow(Exception failure, AtomicBoolean closed) {
    return new BmsCli.Backend() {
      @Override
      public DecodeResult<ObjectNode> decode(
          BmsFamily family, byte[] frame, BmsConventions conventions, @Nullable Integer cells) {
        return BmsCli.Backend.REAL.decode(family, frame, conventions, cells);
      }

      @Override
      public BmsClient open(BmsFamily family, String port, BmsOptions options) {
        return new BmsClient() {
          @Override
          public BmsSnapshot read() throws BmsException {
            if (failure instanceof BmsException e) {
              throw e;
            }
            throw (RuntimeException) failure;
          }

          @Override
          public void setChargeFet(boolean on) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
      }
    };
  }

  private static void assertHelp(Run run, String usage) {
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: " + usage).contains("-h, --help");
  }

  private static void assertUsage(Run run, String command) {
    assertThat(run.exit()).as(run.err()).isEqualTo(64);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList())
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).startsWith(command + ": "))
        .satisfies(
            l ->
                assertThat(l.get(1))
                    .isEqualTo("Try '" + command + " --help' for more information."));
  }

  private static JsonNode assertDataError(Run run, String code) throws Exception {
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).isEmpty();
    String last = run.out().lines().reduce((a, b) -> b).orElseThrow();
    JsonNode json = JSON.readTree(last);
    assertThat(json.get("error").asText()).isEqualTo(code);
    assertThat(json.get("reason").asText()).isNotBlank();
    assertThat(json.size()).isEqualTo(2);
    return json;
  }

  private static void assertInternal(Run run, String message) throws Exception {
    assertThat(run.exit()).isEqualTo(70);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.out() + run.err()).doesNotContain("\tat ");
    JsonNode json = JSON.readTree(run.err());
    assertThat(json.get("error").asText()).isEqualTo("internal");
    assertThat(json.get("reason").asText()).contains(message);
    assertThat(json.size()).isEqualTo(2);
  }

  // ---- bms decode ----------------------------------------------------------------------------

  @Test
  void decode_help_prints_usage_on_stdout_with_status_0() {
    assertHelp(run("decode", "--help"), "chargebay bms decode");
    assertHelp(run("decode", "-h"), "chargebay bms decode");
    assertHelp(run("help", "decode"), "chargebay bms decode");
    assertHelp(run("--help"), "chargebay bms");
  }

  @Test
  void decode_usage_errors_exit_64() {
    assertUsage(run("decode", "--family", "jbd"), "chargebay bms decode");
    assertUsage(
        run("decode", "--family=jbd", "--hex=" + JBD_CELLS, "--cells=x"), "chargebay bms decode");
    assertUsage(
        run("decode", "--family", "jbd", "--hex", JBD_CELLS, "--current-sign", "up"),
        "chargebay bms decode");
    assertUsage(
        run("decode", "--family", "jbd", "--hex", JBD_CELLS, "--bogus"), "chargebay bms decode");
    assertUsage(run("deocde"), "chargebay bms");
  }

  @Test
  void decode_accepts_both_option_forms() {
    Run spaced = run("decode", "--family", "jbd", "--hex", JBD_CELLS);
    Run equals = run("decode", "--family=jbd", "--hex=" + JBD_CELLS);

    assertThat(spaced.exit()).isZero();
    assertThat(equals).isEqualTo(spaced);
  }

  @Test
  void decode_of_a_frame_that_does_not_decode_is_a_data_error_with_status_2() throws Exception {
    JsonNode json =
        assertDataError(
            run("decode", "--family", "jbd", "--hex", "dd0400080f450f3d0f370f3dfec577"),
            "checksum_mismatch");
    assertThat(json.get("reason").asText()).startsWith("Checksum mismatch");
    assertDataError(run("decode", "--family", "jbd", "--hex", "xyz"), "bad_hex");
  }

  @Test
  void decode_that_fails_unexpectedly_is_one_internal_json_line_with_status_70() throws Exception {
    BmsCli.Backend broken =
        new BmsCli.Backend() {
          @Override
          public DecodeResult<ObjectNode> decode(
              BmsFamily family, byte[] frame, BmsConventions conventions, @Nullable Integer cells) {
            throw new IllegalStateException("injected decoder bug");
          }

          @Override
          public BmsClient open(BmsFamily family, String port, BmsOptions options) {
            throw new UnsupportedOperationException();
          }
        };

    Run run = run(broken, "decode", "--family", "jbd", "--hex", JBD_CELLS);

    assertInternal(run, "java.lang.IllegalStateException: injected decoder bug");
    assertThat(run.out()).isEmpty();
  }

  // ---- bms read ------------------------------------------------------------------------------

  @Test
  void read_help_prints_usage_on_stdout_with_status_0() {
    assertHelp(run("read", "--help"), "chargebay bms read");
    assertHelp(run("read", "-h", "--family", "nonsense"), "chargebay bms read");
  }

  @Test
  void read_usage_errors_exit_64() {
    assertUsage(run("read", "--family", "jbd"), "chargebay bms read");
    assertUsage(
        run("read", "--family", "jbd", "--port", "tcp://127.0.0.1:1", "--count", "0"),
        "chargebay bms read");
    assertUsage(
        run("read", "--family", "jbd", "--port=tcp://127.0.0.1:1", "--interval=soon"),
        "chargebay bms read");
    assertUsage(
        run("read", "--family", "jbd", "--port", "tcp://127.0.0.1:1", "--address", "256"),
        "chargebay bms read");
  }

  @Test
  void read_from_a_device_that_does_not_answer_is_a_data_error_with_status_2() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    BmsCli.Backend silent =
        clientsThatThrow(
            new BmsException("no reply from tcp://127.0.0.1:4196 within 500 ms"), closed);

    Run run =
        run(
            silent,
            "read",
            "--family",
            "daly",
            "--port",
            "tcp://127.0.0.1:4196",
            "--count=2",
            "--interval=1ms");

    assertThat(run.out().lines()).hasSize(2);
    JsonNode json = assertDataError(run, "device_error");
    assertThat(json.get("reason").asText())
        .isEqualTo("no reply from tcp://127.0.0.1:4196 within 500 ms");
    assertThat(closed).isTrue();
  }

  @Test
  void read_that_fails_unexpectedly_is_one_internal_json_line_with_status_70() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    BmsCli.Backend broken =
        clientsThatThrow(new IllegalStateException("injected client bug"), closed);

    Run run =
        run(broken, "read", "--family", "jk", "--port", "tcp://127.0.0.1:4196", "--count", "1");

    assertInternal(run, "java.lang.IllegalStateException: injected client bug");
    assertThat(closed).as("the client is closed on the way out").isTrue();
  }
}
