package org.chargebay.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The rules {@link CliRunner} applies to every command, on a two-level command of its own. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CliRunnerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NL = System.lineSeparator();

  @Command(name = "chargebay demo", subcommands = Echo.class)
  static final class Demo {}

  @Command(name = "echo", description = "Prints a word.")
  static final class Echo implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--word", required = true)
    String word;

    @Option(names = "--times")
    int times = 1;

    @Override
    public Integer call() throws Exception {
      switch (word) {
        case "data":
          throw new DataError("no_such_word", "There is no word 'data'.");
        case "usage":
          throw new ParameterException(spec.commandLine(), "--word usage is reserved");
        case "bug":
          throw new IllegalStateException("injected\n\tat a second line");
        case "checked":
          throw new IOException("injected disk failure");
        case "linkage":
          throw new NoClassDefFoundError("org/example/Missing");
        case "differ":
          spec.commandLine().getOut().println("differs");
          return Exit.DIFFERENT;
        default:
          spec.commandLine().getOut().println(word.repeat(times));
          return Exit.OK;
      }
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CliRunner.run(
            new Demo(),
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void options_take_their_value_after_a_space_or_an_equals_sign() {
    assertThat(run("echo", "--word", "ab", "--times", "2")).isEqualTo(new Run(0, "abab" + NL, ""));
    assertThat(run("echo", "--word=ab", "--times=3")).isEqualTo(new Run(0, "ababab" + NL, ""));
  }

  @Test
  void a_command_returns_its_own_status() {
    assertThat(run("echo", "--word", "differ")).isEqualTo(new Run(1, "differs" + NL, ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "echo --help", "echo -h", "help echo", "help"})
  void help_goes_to_stdout_with_status_0(String args) {
    Run run = run(args.split(" "));

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: chargebay demo").contains("-h, --help");
  }

  @Test
  void help_wins_over_a_missing_required_option() {
    Run run = run("echo", "-h");

    assertThat(run.out()).startsWith("Usage: chargebay demo echo").contains("--word=<word>");
  }

  @Test
  void usage_errors_are_one_line_and_a_help_hint_on_stderr_with_status_64() {
    assertUsage(
        run("echo", "--word", "a", "--loud"), "chargebay demo echo: Unknown option: '--loud'");
    assertUsage(run("echo"), "chargebay demo echo: Missing required option: '--word=<word>'");
    assertUsage(
        run("echo", "--word"),
        "chargebay demo echo: Missing required parameter for option '--word' (<word>)");
    assertUsage(
        run("echo", "--word", "a", "--times", "x"),
        "chargebay demo echo: Invalid value for option '--times': 'x' is not an int");
    assertUsage(
        run("echo", "--word", "a", "--word", "b"),
        "chargebay demo echo: option '--word' (<word>) should be specified only once");
    assertUsage(run("shout"), "chargebay demo: unknown subcommand 'shout'; one of echo");
    assertUsage(run(), "chargebay demo: missing subcommand; one of echo");
    assertUsage(run("echo", "--word", "usage"), "chargebay demo echo: --word usage is reserved");
  }

  private static void assertUsage(Run run, String message) {
    assertThat(run.exit()).as(run.err()).isEqualTo(Exit.USAGE);
    assertThat(run.out()).isEmpty();
    String command = message.substring(0, message.indexOf(':'));
    assertThat(run.err().lines())
        .containsExactly(message, "Try '" + command + " --help' for more information.");
  }

  @Test
  void a_data_error_is_one_json_line_on_stdout_with_status_2() throws Exception {
    Run run = run("echo", "--word", "data");

    assertThat(run.exit()).isEqualTo(Exit.DATA_ERROR);
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo("{\"error\":\"no_such_word\",\"reason\":\"There is no word 'data'.\"}" + NL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bug", "checked", "linkage"})
  void anything_else_is_one_internal_json_line_on_stderr_with_status_70(String word)
      throws Exception {
    Run run = run("echo", "--word", word);

    assertThat(run.exit()).isEqualTo(Exit.INTERNAL);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("\n\t");
    JsonNode json = JSON.readTree(run.err());
    assertThat(json.size()).isEqualTo(2);
    assertThat(json.get("error").asText()).isEqualTo("internal");
    assertThat(json.get("reason").asText())
        .startsWith("unexpected ")
        .containsAnyOf("injected", "Missing");
  }

  @Test
  void the_internal_reason_names_the_class_the_message_and_the_root_cause() {
    String reason =
        CliRunner.describe(
            new IllegalStateException("outer", new IllegalArgumentException("inner\nline")));

    assertThat(reason)
        .isEqualTo(
            "unexpected java.lang.IllegalStateException: outer"
                + " (cause: java.lang.IllegalArgumentException: inner line)");
  }

  @Test
  void an_error_line_is_one_line_whatever_the_reason_holds() throws Exception {
    String line = CliRunner.errorLine("device_error", "no answer\nfrom 1.2.3.4 \"x\"");

    assertThat(line).doesNotContain("\n");
    assertThat(JSON.readTree(line).get("reason").asText())
        .isEqualTo("no answer\nfrom 1.2.3.4 \"x\"");
    assertThat(CliRunner.errorLine("device_error", null))
        .isEqualTo("{\"error\":\"device_error\",\"reason\":\"device_error\"}");
  }
}
