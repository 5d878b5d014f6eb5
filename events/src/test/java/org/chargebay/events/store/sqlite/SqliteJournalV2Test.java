package org.chargebay.events.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.ExpectedVersion;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal schema 2: batched appends, durability setting, samples, outbox positions, migration. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SqliteJournalV2Test {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private Path journal() {
    return dir.resolve("chargebay.db");
  }

  private static ChargeEvent event(String cause) {
    return new SetpointChanged("s-1", T0, 49_800, 10_000, true, cause, Evidence.none());
  }

  @Test
  void append_all_commits_every_batch_in_one_transaction() {
    try (SqliteEventStore store = SqliteEventStore.open(journal())) {
      List<List<EventEnvelope>> stored =
          store.appendAll(
              List.of(
                  new SqliteEventStore.Append(
                      "bay-1", ExpectedVersion.noStream(), List.of(event("a"), event("b"))),
                  new SqliteEventStore.Append(
                      "bay-2", ExpectedVersion.noStream(), List.of(event("c"))),
                  new SqliteEventStore.Append(
                      "bay-1", ExpectedVersion.exactly(2), List.of(event("d")))));

      assertThat(stored).hasSize(3);
      assertThat(stored.get(2)).extracting(EventEnvelope::sequence).containsExactly(3L);
      assertThat(store.readAll(0, 10))
          .extracting(EventEnvelope::globalPosition)
          .containsExactly(1L, 2L, 3L, 4L);
    }
  }

  @Test
  void append_all_with_one_conflict_writes_nothing() {
    try (SqliteEventStore store = SqliteEventStore.open(journal())) {
      store.append("bay-1", ExpectedVersion.noStream(), List.of(event("a")));

      assertThatThrownBy(
              () ->
                  store.appendAll(
                      List.of(
                          new SqliteEventStore.Append(
                              "bay-2", ExpectedVersion.noStream(), List.of(event("b"))),
                          new SqliteEventStore.Append(
                              "bay-1", ExpectedVersion.noStream(), List.of(event("c"))))))
          .isInstanceOfSatisfying(
              ConcurrentAppendException.class, e -> assertThat(e.actual()).isEqualTo(1));
      assertThat(store.streamIds()).containsExactly("bay-1");
    }
  }

  @Test
  void durability_normal_sets_synchronous_normal() {
    try (SqliteEventStore store =
        SqliteEventStore.open(
            journal(), EventCodec.standard(), SqliteEventStore.Durability.NORMAL)) {
      assertThat(store.pragma("synchronous")).isEqualTo("1");
    }
  }

  @Test
  void samples_are_read_by_stream_and_time_and_pruned_by_retention() {
    try (SqliteEventStore store = SqliteEventStore.open(journal());
        SqliteSampleLog samples = SqliteSampleLog.open(journal())) {
      samples.append(
          List.of(
              new SqliteSampleLog.Sample(0, "bay-1", T0, "{\"n\":1}"),
              new SqliteSampleLog.Sample(0, "bay-2", T0, "{\"n\":2}"),
              new SqliteSampleLog.Sample(0, "bay-1", T0.plusSeconds(60), "{\"n\":3}")));

      assertThat(samples.read("bay-1", T0, T0.plusSeconds(3600)))
          .extracting(SqliteSampleLog.Sample::payload)
          .containsExactly("{\"n\":1}", "{\"n\":3}");
      assertThat(samples.prune(T0.plusSeconds(90), Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(samples.read("bay-1", Instant.EPOCH, T0.plusSeconds(3600)))
          .extracting(SqliteSampleLog.Sample::at)
          .containsExactly(T0.plusSeconds(60));
      assertThat(store.readAll(0, 10)).isEmpty();
    }
  }

  @Test
  void outbox_positions_start_at_zero_and_survive_reopening() {
    try (SqliteOutboxPositions positions = SqliteOutboxPositions.open(journal())) {
      assertThat(positions.get("kafka")).isZero();
      positions.set("kafka", 42);
      positions.set("kafka", 43);
    }
    try (SqliteOutboxPositions positions = SqliteOutboxPositions.open(journal())) {
      assertThat(positions.get("kafka")).isEqualTo(43);
      assertThat(positions.get("other")).isZero();
    }
  }

  @Test
  void a_version_1_journal_is_migrated_to_version_2_keeping_its_events() throws SQLException {
    try (SqliteEventStore store = SqliteEventStore.open(journal())) {
      store.append("bay-1", ExpectedVersion.noStream(), List.of(event("a")));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE samples");
      s.execute("DROP TABLE outbox_positions");
      s.execute("UPDATE schema_info SET journal_schema_version = 1");
    }

    try (SqliteEventStore store = SqliteEventStore.open(journal());
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(journal())) {
      assertThat(store.readStream("bay-1", 1)).hasSize(1);
      assertThat(positions.get("kafka")).isZero();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT journal_schema_version FROM schema_info")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }
}
