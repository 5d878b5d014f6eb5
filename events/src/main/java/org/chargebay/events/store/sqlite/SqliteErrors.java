package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.chargebay.events.store.EventStoreException;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a SQLite error means for the journal file: the operator reads the file, the action and the
 * likely cause instead of a bare result code. Also the quiet clean-ups that must not hide the error
 * that caused them.
 */
final class SqliteErrors {

  private SqliteErrors() {}

  /** Turns a SQLite error into an {@link EventStoreException} that says what it means. */
  static EventStoreException translate(Path file, String action, SQLException e) {
    String problem;
    SQLiteErrorCode code =
        e instanceof SQLiteException sqlite
            ? sqlite.getResultCode()
            : SQLiteErrorCode.getErrorCode(e.getErrorCode());
    String name = code.name().toUpperCase(Locale.ROOT);
    if (code == SQLiteErrorCode.SQLITE_NOTADB) {
      problem = "the file is not a SQLite database (or it is encrypted)";
    } else if (name.startsWith("SQLITE_CORRUPT")) {
      problem = "the database file is corrupt";
    } else if (name.startsWith("SQLITE_CANTOPEN")) {
      problem = "the file cannot be opened (missing directory, no permission, or a directory)";
    } else if (name.startsWith("SQLITE_READONLY")) {
      problem = "the file is read-only";
    } else if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
      problem =
          "the journal is locked by another process (waited "
              + SqliteEventStore.BUSY_TIMEOUT_MILLIS
              + " ms)";
    } else if (code == SQLiteErrorCode.SQLITE_FULL) {
      problem = "the disk is full";
    } else if (name.startsWith("SQLITE_IOERR")) {
      problem = "an I/O error occurred";
    } else {
      problem = "SQLite error";
    }
    return new EventStoreException(
        "journal " + file + ": " + action + ": " + problem + " [" + e.getMessage() + "]", e);
  }

  /** True if the exception is the {@code UNIQUE(stream_id, sequence)} constraint firing. */
  static boolean isUniqueViolation(SQLException e) {
    return e instanceof SQLiteException sqlite
        && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
            || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
  }

  /**
   * Rolls back the open transaction after {@code cause}; a failure to do so is added to {@code
   * cause}, except when SQLite had already rolled it back itself.
   */
  static void rollbackQuietly(Statement statement, Exception cause) {
    try {
      statement.execute("ROLLBACK");
    } catch (SQLException e) {
      // No transaction left to roll back (SQLite already rolled it back) is fine.
      if (!(e.getMessage() != null && e.getMessage().contains("no transaction is active"))) {
        cause.addSuppressed(e);
      }
    }
  }

  /** Closes a connection that failed to open; a failure to close is added to {@code cause}. */
  static void closeQuietly(@Nullable Connection connection, Exception cause) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
