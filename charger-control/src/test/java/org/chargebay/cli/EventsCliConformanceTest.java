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
 * The command-line contract for {@code events} (journal side; the Kafka side is in {@link
 * EventsKafkaFollowIT}): help on stdout with 0, usage errors 64, data errors as JSON with 2,
 * unexpected failures as one JSON line on stderr with 70.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventsCliConformanceTest {

  @TempDir Path dir;

  private static Run events(String... args) {
    return JournalCliFixtures.run(EventsCli::run, args);
  }

  @Test
  void help_prints_usage_on_stdout_with_status_0() {
    assertHelp(events("--help"), "chargebay events");
    assertHelp(events("-h"), "chargebay events");
    assertHelp(events("--kafka", "localhost", "--help"), "chargebay events");
  }

  @Test
  void usage_errors_exit_64() {
    assertUsage(events(), "chargebay events");
    assertUsage(events("--frobnicate"), "chargebay events");
    assertUsage(events("--journal"), "chargebay events");
    assertUsage(events("--journal=x.db", "--follow=maybe"), "chargebay events");
    assertUsage(events("--journal", "x.db", "--kafka", "127.0.0.1:9092"), "chargebay events");
    assertUsage(events("--journal", "x.db", "--topic", "t"), "chargebay events");
    assertUsage(events("--journal", "x.db", "--bay", " "), "chargebay events");
    assertUsage(events("--journal", "x.db", "--bay", "1", "--bay", "2"), "chargebay events");
    assertUsage(events("bays"), "chargebay events");
  }

  @Test
  void both_option_forms_print_the_same_events() {
    Path journal = JournalCliFixtures.journal(dir);

    Run spaced = events("--journal", journal.toString(), "--bay", "1");
    Run equals = events("--journal=" + journal, "--bay=1");

    assertThat(spaced.exit()).isZero();
    assertThat(spaced.out().lines())
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).startsWith("{\"streamId\":\"bay-1\""));
    assertThat(equals).isEqualTo(spaced);
  }

  @Test
  void a_journal_that_does_not_exist_is_a_data_error_with_status_2() throws Exception {
    Path missing = dir.resolve("data").resolve("nope.db");

    JsonNode json = assertDataError(events("--journal", missing.toString()), "journal_not_found");

    assertThat(json.get("reason").asText()).startsWith("journal " + missing + " does not exist");
    assertThat(missing.getParent()).doesNotExist();
  }

  @Test
  void a_file_that_is_not_a_chargebay_journal_is_a_data_error_with_status_2() throws Exception {
    Path notes =
        Files.writeString(dir.resolve("notes.txt"), "not a database, just notes\n".repeat(100));

    JsonNode json = assertDataError(events("--journal", notes.toString()), "journal_unreadable");

    assertThat(json.get("reason").asText()).contains(notes.toString());
    assertThat(Files.readString(notes)).isEqualTo("not a database, just notes\n".repeat(100));
  }

  @Test
  void an_unknown_bay_is_a_data_error_naming_the_bays_there_are() throws Exception {
    Path journal = JournalCliFixtures.journal(dir);

    JsonNode json =
        assertDataError(events("--journal", journal.toString(), "--bay", "7"), "unknown_bay");

    assertThat(json.get("reason").asText())
        .isEqualTo("bay '7' has no events in journal " + journal + "; bays with events: 1, 2");
  }

  @Test
  void a_store_that_fails_unexpectedly_is_one_internal_json_line_with_status_70() throws Exception {
    Path journal = JournalCliFixtures.journal(dir);

    Run run =
        JournalCliFixtures.run(
            (args, out, err) ->
                EventsCli.run(args, out, err, () -> false, JournalCliFixtures::brokenStore),
            "--journal",
            journal.toString());

    assertInternal(run, "java.lang.IllegalStateException: injected store bug");
  }
}
