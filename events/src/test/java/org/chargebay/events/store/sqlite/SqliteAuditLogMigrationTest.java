package org.chargebay.events.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ExpectedVersion;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit table of an older release moves into the journal's {@code audit} stream, once. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SqliteAuditLogMigrationTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");

  @TempDir Path dir;

  private Path journal() {
    return dir.resolve("chargebay.db");
  }

  private void writeLegacyRows() {
    try (SqliteAuditLog old = SqliteAuditLog.open(journal())) {
      old.append(
          new SqliteAuditLog.Entry(
              0, T0, "ana", "192.0.2.4", "charge_stop", "bay-1", "done", "pack swap"));
      old.append(
          new SqliteAuditLog.Entry(
              0,
              T0.plusSeconds(5),
              "cli:root",
              "local",
              "user_added",
              "bob",
              "done",
              "role viewer"));
      old.append(
          new SqliteAuditLog.Entry(
              0,
              T0.plusSeconds(9),
              "bob",
              "192.0.2.5",
              "charge_start",
              "bay-1",
              "refused",
              "-> forbidden"));
    }
  }

  private static List<CommandAudited> trail(SqliteEventStore store) {
    return store.readStream(CommandAudited.STREAM, 1).stream()
        .map(e -> (CommandAudited) EventCodec.standard().decode(e))
        .toList();
  }

  @Test
  void every_row_becomes_an_event_with_its_position_as_sequence_and_a_second_run_moves_nothing() {
    writeLegacyRows();
    try (SqliteEventStore store = SqliteEventStore.open(journal())) {
      assertThat(SqliteAuditLog.migrateToJournal(journal(), store)).isEqualTo(3);

      List<EventEnvelope> stored = store.readStream(CommandAudited.STREAM, 1);
      assertThat(stored).extracting(EventEnvelope::sequence).containsExactly(1L, 2L, 3L);
      assertThat(stored).extracting(EventEnvelope::type).containsOnly("CommandAudited");
      assertThat(trail(store))
          .extracting(
              CommandAudited::at,
              CommandAudited::by,
              CommandAudited::from,
              CommandAudited::action,
              CommandAudited::target,
              CommandAudited::outcome,
              CommandAudited::detail)
          .containsExactly(
              tuple(T0, "ana", "192.0.2.4", "charge_stop", "bay-1", "done", "pack swap"),
              tuple(
                  T0.plusSeconds(5),
                  "cli:root",
                  "local",
                  "user_added",
                  "bob",
                  "done",
                  "role viewer"),
              tuple(
                  T0.plusSeconds(9),
                  "bob",
                  "192.0.2.5",
                  "charge_start",
                  "bay-1",
                  "refused",
                  "-> forbidden"));

      assertThat(SqliteAuditLog.migrateToJournal(journal(), store)).isZero();
      assertThat(trail(store)).hasSize(3);
    }
    // a restart (a new store on the same file) moves nothing either; the table is untouched
    try (SqliteEventStore store = SqliteEventStore.open(journal());
        SqliteAuditLog old = SqliteAuditLog.open(journal())) {
      assertThat(SqliteAuditLog.migrateToJournal(journal(), store)).isZero();
      assertThat(trail(store)).hasSize(3);
      assertThat(old.read(0, 10)).hasSize(3);
    }
  }

  @Test
  void entries_written_after_the_move_follow_the_moved_ones() {
    writeLegacyRows();
    try (SqliteEventStore store = SqliteEventStore.open(journal())) {
      SqliteAuditLog.migrateToJournal(journal(), store);
      store.append(
          CommandAudited.STREAM,
          ExpectedVersion.any(),
          List.of(
              new CommandAudited(
                  T0.plusSeconds(60),
                  "ana",
                  "192.0.2.4",
                  "ceiling_adjust",
                  "bay-1",
                  "done",
                  "4100 mV")));
      assertThat(SqliteAuditLog.migrateToJournal(journal(), store)).isZero();
      assertThat(trail(store))
          .extracting(CommandAudited::action)
          .containsExactly("charge_stop", "user_added", "charge_start", "ceiling_adjust");
    }
  }

  @Test
  void a_journal_without_an_audit_table_moves_nothing_and_gets_no_table() throws Exception {
    try (SqliteEventStore store = SqliteEventStore.open(journal())) {
      assertThat(SqliteAuditLog.migrateToJournal(journal(), store)).isZero();
      assertThat(store.streamVersion(CommandAudited.STREAM)).isZero();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal());
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit'")) {
      assertThat(rs.next()).as("no audit table created").isFalse();
    }
  }

  @Test
  void an_empty_audit_table_moves_nothing() {
    try (SqliteAuditLog old = SqliteAuditLog.open(journal())) {
      assertThat(old.read(0, 10)).isEmpty();
    }
    try (SqliteEventStore store = SqliteEventStore.open(journal())) {
      assertThat(SqliteAuditLog.migrateToJournal(journal(), store)).isZero();
      assertThat(store.streamVersion(CommandAudited.STREAM)).isZero();
    }
  }
}
