package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.store.EventStoreException;

/**
 * The journal's tables ({@link SqliteEventStore} documents the layout): created in an empty file,
 * migrated step by step in a journal of an older schema version, and refused in a file that is not
 * a chargebay journal or was written by a newer release. Each connection runs this once, in one
 * {@code BEGIN IMMEDIATE} transaction, so two processes opening the same new file do not both
 * create it and a failed migration leaves the file as it was.
 *
 * <p>Versions: 1, the {@code events} table with its append-only triggers and {@code schema_info};
 * 2, adds {@code outbox_positions} and {@code samples}. A released version's tables are never
 * changed incompatibly; a new version adds a step to {@link #migrate}.
 */
final class SqliteJournalSchema {

  /** The version of the table layout this build writes and reads. */
  static final int VERSION = 2;

  /** What {@code schema_info.application} holds in every chargebay journal. */
  static final String APPLICATION = "chargebay";

  private SqliteJournalSchema() {}

  /**
   * Creates the schema in an empty database, or checks and migrates an existing journal to {@link
   * #VERSION}.
   *
   * @throws EventStoreException if the file holds another application's tables, a damaged or
   *     foreign {@code schema_info}, or a journal of a newer version; nothing is changed then
   */
  static void createOrMigrate(Path file, Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        List<String> tables = tables(statement);
        if (tables.contains("schema_info")) {
          migrate(statement, checkVersion(file, statement, tables));
        } else if (!tables.isEmpty()) {
          throw new EventStoreException(
              "file "
                  + file
                  + " is a SQLite database but not a chargebay journal (it has tables "
                  + tables
                  + " and no schema_info)");
        } else {
          create(statement);
        }
        statement.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        SqliteErrors.rollbackQuietly(statement, e);
        throw e;
      }
    }
  }

  private static List<String> tables(Statement statement) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        statement.executeQuery(
            "SELECT name FROM sqlite_schema WHERE type = 'table'"
                + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  /** The journal's schema version, 1 to {@link #VERSION}; throws for anything else. */
  private static long checkVersion(Path file, Statement statement, List<String> tables)
      throws SQLException {
    String application;
    long version;
    try (ResultSet rs =
        statement.executeQuery(
            "SELECT application, journal_schema_version FROM schema_info WHERE id = 1")) {
      if (!rs.next()) {
        throw new EventStoreException("journal " + file + " has an empty schema_info table");
      }
      application = rs.getString(1);
      version = rs.getLong(2);
    } catch (SQLException e) {
      throw new EventStoreException(
          "file " + file + " has a schema_info table that is not a chargebay journal's", e);
    }
    if (!APPLICATION.equals(application)) {
      throw new EventStoreException(
          "file " + file + " belongs to application '" + application + "', not " + APPLICATION);
    }
    if (version > VERSION) {
      throw new EventStoreException(
          "journal "
              + file
              + " has schema version "
              + version
              + " but this build reads up to version "
              + VERSION
              + "; it was written by a newer release");
    }
    if (version < 1 || !tables.contains("events")) {
      throw new EventStoreException(
          "journal " + file + " is damaged: schema version " + version + ", tables " + tables);
    }
    return version;
  }

  /**
   * Brings a journal of schema version {@code from} (1 to {@link #VERSION}) to {@link #VERSION},
   * inside the caller's transaction. Every step only adds tables and indexes.
   */
  private static void migrate(Statement statement, long from) throws SQLException {
    if (from >= VERSION) {
      return;
    }
    if (from < 2) {
      createVersion2Tables(statement);
    }
    statement.execute(
        "UPDATE schema_info SET journal_schema_version = " + VERSION + " WHERE id = 1");
  }

  /** The current layout in an empty database. */
  private static void create(Statement statement) throws SQLException {
    statement.execute(
        "CREATE TABLE schema_info ("
            + " id INTEGER PRIMARY KEY CHECK (id = 1),"
            + " application TEXT NOT NULL,"
            + " journal_schema_version INTEGER NOT NULL)");
    statement.execute(
        "INSERT INTO schema_info (id, application, journal_schema_version) VALUES (1, '"
            + APPLICATION
            + "', "
            + VERSION
            + ")");
    statement.execute(
        "CREATE TABLE events ("
            + " global_position INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " stream_id TEXT NOT NULL CHECK (length(stream_id) > 0),"
            + " sequence INTEGER NOT NULL CHECK (sequence >= 1),"
            + " type TEXT NOT NULL,"
            + " schema_version INTEGER NOT NULL CHECK (schema_version >= 1),"
            + " occurred_at TEXT NOT NULL,"
            + " payload TEXT NOT NULL CHECK (json_valid(payload)),"
            + " UNIQUE (stream_id, sequence))");
    statement.execute(
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
            + " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END");
    statement.execute(
        "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
            + " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END");
    createVersion2Tables(statement);
  }

  /**
   * Version 2: {@code outbox_positions(name PRIMARY KEY, position, updated_at)}, the last journal
   * position a relay had acknowledged; and {@code samples(id, stream_id, at_millis, payload)}, raw
   * telemetry per poll (not events: retention-bounded, hence deletable).
   */
  private static void createVersion2Tables(Statement statement) throws SQLException {
    statement.execute(
        "CREATE TABLE IF NOT EXISTS outbox_positions ("
            + " name TEXT PRIMARY KEY,"
            + " position INTEGER NOT NULL CHECK (position >= 0),"
            + " updated_at TEXT NOT NULL)");
    statement.execute(
        "CREATE TABLE IF NOT EXISTS samples ("
            + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " stream_id TEXT NOT NULL,"
            + " at_millis INTEGER NOT NULL,"
            + " payload TEXT NOT NULL)");
    statement.execute(
        "CREATE INDEX IF NOT EXISTS samples_by_stream ON samples (stream_id, at_millis, id)");
    statement.execute("CREATE INDEX IF NOT EXISTS samples_by_time ON samples (at_millis)");
  }
}
