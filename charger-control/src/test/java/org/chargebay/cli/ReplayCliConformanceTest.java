package org.chargebay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.cli.JournalCliFixtures.assertDataError;
import static org.chargebay.cli.JournalCliFixtures.assertHelp;
import static org.chargebay.cli.JournalCliFixtures.assertInternal;
import static org.chargebay.cli.JournalCliFixtures.assertUsage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chargebay.cli.JournalCliFixtures.Run;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line contract for {@code replay}: help on stdout with 0, usage errors 64, data errors
 * as JSON with 2, unexpected failures as one JSON line on stderr with 70. (A replay that differs
 * exits 1: {@code IncidentReplayIT}, {@link CliErrorsTest}.)
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReplayCliConformanceTest {

  @TempDir Path dir;

  private static Run replay(String... args) {
    return JournalCliFixtures.run(ReplayCli::run, args);
  }

  @Test
  void help_prints_usage_on_stdout_with_status_0() {
    Run run = replay("--help");

    assertHelp(run, "chargebay replay");
    assertThat(run.out()).contains(" 1   decisions differ");
    assertHelp(replay("-h", "--bay", "1"), "chargebay replay");
  }

  @Test
  void usage_errors_exit_64() {
    assertUsage(replay(), "chargebay replay");
    assertUsage(replay("--journal", "x.db"), "chargebay replay");
    assertUsage(replay("--journal=x.db", "--bay=1", "--set=nokey"), "chargebay replay");
    assertUsage(replay("--journal", "x.db", "--bay", "1", "--sets", "a=1"), "chargebay replay");
    assertUsage(replay("--journal", "x.db", "--bay"), "chargebay replay");
    assertUsage(replay("now", "--journal", "x.db", "--bay", "1"), "chargebay replay");
  }

  @Test
  void a_journal_that_does_not_exist_is_a_data_error_with_status_2() throws Exception {
    Path missing = dir.resolve("nope.db");

    JsonNode json =
        assertDataError(replay("--journal", missing.toString(), "--bay", "1"), "journal_not_found");

    assertThat(json.get("reason").asText()).startsWith("journal " + missing + " does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void a_file_that_is_not_a_chargebay_journal_is_a_data_error_with_status_2() throws Exception {
    Path notes =
        Files.writeString(dir.resolve("notes.txt"), "not a database, just notes\n".repeat(100));

    JsonNode json = assertDataError(replay("--journal=" + notes, "--bay=1"), "journal_unreadable");

    assertThat(json.get("reason").asText()).contains(notes.toString());
  }

  @Test
  void an_unknown_bay_is_a_data_error_naming_the_bays_there_are() throws Exception {
    Path journal = JournalCliFixtures.journal(dir);

    JsonNode json =
        assertDataError(replay("--journal", journal.toString(), "--bay", "7"), "unknown_bay");

    assertThat(json.get("reason").asText())
        .isEqualTo("bay '7' has no events in journal " + journal + "; bays with events: 1, 2");
  }

  @Test
  void a_store_that_fails_unexpectedly_is_one_internal_json_line_with_status_70() throws Exception {
    Path journal = JournalCliFixtures.journal(dir);

    Run run =
        JournalCliFixtures.run(
            (args, out, err) -> ReplayCli.run(args, out, err, JournalCliFixtures::brokenStore),
            "--journal",
            journal.toString(),
            "--bay",
            "1");

    assertInternal(run, "java.lang.IllegalStateException: injected store bug");
  }
}
