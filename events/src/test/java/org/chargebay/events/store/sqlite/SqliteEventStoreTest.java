package org.chargebay.events.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.SampleEvents;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.codec.EventCodecException;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreContract;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.EventStores;
import org.chargebay.events.store.ExpectedVersion;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SqliteEventStoreTest extends EventStoreContract {

  @TempDir Path dir;

  private Path journal() {
    return dir.resolve("data").resolve("chargebay.db");
  }

  @Override
  protected EventStore newStore() {
    return SqliteEventStore.open(journal());
  }

  private static List<String> rows(Path file, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      List<String> rows = new java.util.ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) {
          row.append(c > 1 ? "|" : "").append(rs.getString(c));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  private static void execute(Path file, String... sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      for (String s : sql) {
        statement.execute(s);
      }
    }
  }

  @Test
  void creates_missing_parent_directories() {
    assertThat(journal()).isRegularFile();
    assertThat(((SqliteEventStore) store).file()).isEqualTo(journal());
  }

  @Test
  void the_default_path_is_data_chargebay_db() {
    assertThat(SqliteEventStore.DEFAULT_PATH).isEqualTo(Path.of("data", "chargebay.db"));
  }

  @Test
  void reopening_the_file_reads_everything_back() {
    List<ChargeEvent> samples = SampleEvents.oneOfEach();
    store.append("bay-1", ExpectedVersion.noStream(), samples.subList(0, 4));
    store.append("bay-2", ExpectedVersion.noStream(), samples.subList(4, 6));
    store.append("bay-1", ExpectedVersion.exactly(4), samples.subList(6, samples.size()));
    List<EventEnvelope> before = store.readAll(0, 1000);
    store.close();

    try (SqliteEventStore reopened = SqliteEventStore.open(journal())) {
      assertThat(reopened.readAll(0, 1000)).isEqualTo(before);
      assertThat(reopened.streamIds()).containsExactly("bay-1", "bay-2");
      assertThat(reopened.streamVersion("bay-1")).isEqualTo(12);
      assertThat(reopened.streamVersion("bay-2")).isEqualTo(2);
      assertThat(EventStores.readEvents(reopened, EventCodec.standard(), "bay-2"))
          .isEqualTo(samples.subList(4, 6));

      List<EventEnvelope> next =
          reopened.append("bay-2", ExpectedVersion.exactly(2), samples.subList(0, 1));
      assertThat(next.get(0).sequence()).isEqualTo(3);
      assertThat(next.get(0).globalPosition()).isEqualTo(before.size() + 1);
    }
  }

  @Test
  void the_journal_is_in_wal_mode_with_full_sync() throws SQLException {
    SqliteEventStore sqlite = (SqliteEventStore) store;

    assertThat(sqlite.pragma("journal_mode")).isEqualTo("wal");
    assertThat(sqlite.pragma("synchronous")).isEqualTo("2"); // FULL
    assertThat(rows(journal(), "PRAGMA journal_mode")).containsExactly("wal");
  }

  @Test
  void the_file_holds_the_documented_tables_and_schema_version() throws SQLException {
    store.append("bay-7", ExpectedVersion.noStream(), List.of(SampleEvents.oneOfEach().get(5)));

    assertThat(rows(journal(), "SELECT application, journal_schema_version FROM schema_info"))
        .containsExactly("chargebay|2");
    assertThat(
            rows(
                journal(),
                "SELECT global_position, stream_id, sequence, type, schema_version, occurred_at,"
                    + " payload FROM events"))
        .containsExactly(
            "1|bay-7|1|FaultLatched|1|2025-03-01T11:05:30.124Z|"
                + "{\"sessionId\":\"s-0001\",\"at\":\"2025-03-01T11:05:30.124Z\","
                + "\"reason\":\"CELL_OVER_VOLTAGE\","
                + "\"detail\":\"cell 7 at 4262 mV is above the 4250 mV limit\"}");
  }

  @Test
  void the_journal_refuses_updates_and_deletes() {
    store.append("bay-1", ExpectedVersion.noStream(), List.of(SampleEvents.oneOfEach().get(0)));

    assertThatThrownBy(() -> execute(journal(), "UPDATE events SET type = 'X'"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> execute(journal(), "DELETE FROM events"))
        .hasMessageContaining("append-only");
    assertThat(store.streamVersion("bay-1")).isEqualTo(1);
  }

  @Test
  void a_second_store_on_the_same_file_sees_appends_and_conflicts_like_another_process() {
    try (SqliteEventStore other = SqliteEventStore.open(journal())) {
      store.append("bay-1", ExpectedVersion.noStream(), List.of(event("mine")));

      assertThat(other.streamVersion("bay-1")).isEqualTo(1);
      assertThatThrownBy(
              () -> other.append("bay-1", ExpectedVersion.noStream(), List.of(event("theirs"))))
          .isInstanceOfSatisfying(
              ConcurrentAppendException.class, e -> assertThat(e.actual()).isEqualTo(1));

      other.append("bay-1", ExpectedVersion.exactly(1), List.of(event("theirs")));
      assertThat(store.readStream("bay-1", 1))
          .extracting(EventEnvelope::sequence)
          .containsExactly(1L, 2L);
    }
  }

  @Test
  void a_unique_constraint_violation_is_recognised_as_a_conflict() {
    assertThat(
            SqliteErrors.isUniqueViolation(
                new SQLiteException("UNIQUE failed", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)))
        .isTrue();
    assertThat(
            SqliteErrors.isUniqueViolation(
                new SQLiteException("CHECK failed", SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK)))
        .isFalse();
  }

  @Test
  void a_corrupt_payload_is_reported_with_its_stream_sequence_and_type() throws SQLException {
    store.append("bay-1", ExpectedVersion.noStream(), List.of(event("a")));
    execute(
        journal(),
        "DROP TRIGGER events_append_only_update",
        "UPDATE events SET payload = '{\"sessionId\":\"s-1\"}' WHERE sequence = 1");

    assertThatThrownBy(() -> EventStores.readEvents(store, EventCodec.standard(), "bay-1"))
        .isInstanceOf(EventCodecException.class)
        .hasMessageContaining("'bay-1'")
        .hasMessageContaining("sequence 1")
        .hasMessageContaining("SetpointChanged");
  }

  @Test
  void opening_a_file_that_is_not_a_database_fails_clearly() throws Exception {
    Path notes = dir.resolve("notes.txt");
    Files.writeString(notes, "bay 3: replace the fan before Friday. ".repeat(20));

    assertThatThrownBy(() -> SqliteEventStore.open(notes))
        .isInstanceOf(EventStoreException.class)
        .hasMessageContaining(notes.toString())
        .hasMessageContaining("not a SQLite database");
    assertThat(Files.readString(notes)).startsWith("bay 3: replace the fan");
  }

  @Test
  void opening_a_directory_fails_clearly() {
    assertThatThrownBy(() -> SqliteEventStore.open(dir))
        .isInstanceOf(EventStoreException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("is a directory");
  }

  @Test
  void opening_below_a_regular_file_fails_clearly() throws Exception {
    Path file = dir.resolve("plain");
    Files.writeString(file, "x");

    assertThatThrownBy(() -> SqliteEventStore.open(file.resolve("chargebay.db")))
        .isInstanceOf(EventStoreException.class)
        .hasMessageContaining("cannot create the directory");
  }

  @Test
  void opening_another_applications_database_fails_clearly() throws SQLException {
    Path other = dir.resolve("other.db");
    execute(other, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

    assertThatThrownBy(() -> SqliteEventStore.open(other))
        .isInstanceOf(EventStoreException.class)
        .hasMessageContaining("not a chargebay journal")
        .hasMessageContaining("customers");
  }

  @Test
  void opening_a_journal_of_a_newer_schema_version_fails_clearly() throws SQLException {
    store.close();
    execute(journal(), "UPDATE schema_info SET journal_schema_version = 99");

    assertThatThrownBy(() -> SqliteEventStore.open(journal()))
        .isInstanceOf(EventStoreException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer release");
  }

  @Test
  void a_closed_store_refuses_further_use() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.streamVersion("bay-1"))
        .isInstanceOf(EventStoreException.class)
        .hasMessageContaining("closed");
  }
}
