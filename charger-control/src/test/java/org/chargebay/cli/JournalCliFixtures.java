package org.chargebay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;

/** What the {@code events} and {@code replay} conformance tests share. */
final class JournalCliFixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalCliFixtures() {}

  record Run(int exit, String out, String err) {}

  interface Main {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  static Run run(Main main, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A journal with two events of bay 1 and one of bay 2. */
  static Path journal(Path dir) {
    Path journal = dir.resolve("chargebay.db");
    try (SqliteEventStore store = SqliteEventStore.open(journal)) {
      ChargeEvent e =
          new SetpointChanged("s-1", Instant.EPOCH, 49_800, 10_000, true, "x", Evidence.none());
      store.append("bay-1", ExpectedVersion.noStream(), List.of(e, e));
      store.append("bay-2", ExpectedVersion.noStream(), List.of(e));
    }
    return journal;
  }

  /** Opens no file: every read fails as a bug in the store would. */
  static EventStore brokenStore(Path file) {
    return new EventStore() {
      @Override
      public List<EventEnvelope> append(
          String streamId, ExpectedVersion expected, List<ChargeEvent> events) {
        throw new IllegalStateException("injected store bug");
      }

      @Override
      public List<EventEnvelope> readStream(String streamId, long fromSequence) {
        throw new IllegalStateException("injected store bug");
      }

      @Override
      public List<EventEnvelope> readAll(long afterPosition, int limit) {
        throw new IllegalStateException("injected store bug");
      }

      @Override
      public long streamVersion(String streamId) {
        throw new IllegalStateException("injected store bug");
      }

      @Override
      public List<String> streamIds() {
        throw new IllegalStateException("injected store bug");
      }

      @Override
      public void close() {}
    };
  }

  static void assertHelp(Run run, String usage) {
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: " + usage).contains("-h, --help", "Exit status:");
  }

  static void assertUsage(Run run, String command) {
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

  static JsonNode assertDataError(Run run, String code) throws Exception {
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).hasSize(1);
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("error").asText()).isEqualTo(code);
    assertThat(json.get("reason").asText()).isNotBlank();
    assertThat(json.size()).isEqualTo(2);
    return json;
  }

  static void assertInternal(Run run, String message) throws Exception {
    assertThat(run.exit()).isEqualTo(70);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ");
    JsonNode json = JSON.readTree(run.err());
    assertThat(json.get("error").asText()).isEqualTo("internal");
    assertThat(json.get("reason").asText()).contains(message);
    assertThat(json.size()).isEqualTo(2);
  }
}
