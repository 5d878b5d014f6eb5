package org.chargebay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CliErrorsTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run events(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        EventsCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run replay(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ReplayCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void a_missing_journal_is_one_json_line_on_stdout_and_no_file_is_created() throws Exception {
    Path missing = dir.resolve("nope.db");
    Run run = events("--journal", missing.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEmpty();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("error").asText()).isEqualTo("journal_not_found");
    assertThat(json.get("reason").asText())
        .isEqualTo(
            "journal " + missing + " does not exist (give --journal, e.g. data/chargebay.db)");
    assertThat(missing).doesNotExist();
  }

  @Test
  void unknown_arguments_and_missing_values_are_usage_errors() {
    assertThat(events("--journal").err())
        .startsWith("chargebay events: Missing required parameter for option '--journal' (FILE)");
    assertThat(events("--frobnicate").exit()).isEqualTo(64);
    assertThat(events().err()).startsWith("chargebay events: give --journal FILE");
    assertThat(replay("--journal", "x.db").err())
        .startsWith("chargebay replay: Missing required option: '--bay=B'");
    assertThat(replay("--journal", "x.db", "--bay", "1", "--set", "nokey").exit()).isEqualTo(64);
    assertThat(replay("--journal", "x.db", "--bay", "1").out())
        .startsWith("{\"error\":\"journal_not_found\"");
  }

  @Test
  void events_filters_by_bay_and_replay_without_samples_exits_1() {
    Path journal = dir.resolve("chargebay.db");
    try (SqliteEventStore store = SqliteEventStore.open(journal)) {
      SetpointChanged e =
          new SetpointChanged(
              "s-1", java.time.Instant.EPOCH, 49_800, 10_000, true, "x", Evidence.none());
      store.append("bay-1", ExpectedVersion.noStream(), List.of(e, e));
      store.append("bay-2", ExpectedVersion.noStream(), List.of(e));
    }

    Run all = events("--journal", journal.toString());
    Run one = events("--journal", journal.toString(), "--bay", "2");
    Run replayed = replay("--journal", journal.toString(), "--bay", "1");

    assertThat(all.out().lines()).hasSize(3);
    assertThat(one.out().lines())
        .containsExactly(
            "{\"streamId\":\"bay-2\",\"sequence\":1,\"globalPosition\":3,\"type\":\"SetpointChanged\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"1970-01-01T00:00:00Z\",\"payload\":{\"sessionId\":\"s-1\",\"at\":\"1970-01-01T00:00:00Z\","
                + "\"millivolts\":49800,\"milliamps\":10000,\"outputOn\":true,\"cause\":\"x\",\"evidence\":"
                + one.out().split("\"evidence\":", 2)[1].trim());
    assertThat(replayed.exit()).isEqualTo(1);
    assertThat(replayed.out())
        .contains("no recorded controller start of bay 1")
        .contains("nothing replayed");
  }
}
