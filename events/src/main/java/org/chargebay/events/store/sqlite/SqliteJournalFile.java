package org.chargebay.events.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.chargebay.events.store.EventStoreException;
import org.sqlite.SQLiteConfig;

/**
 * Connections to the journal file, each configured the same way: the path checked (so that a wrong
 * path fails with a sentence, not a SQLite code), a busy timeout of {@value
 * SqliteEventStore#BUSY_TIMEOUT_MILLIS} ms, WAL mode (refused if SQLite cannot keep it), the
 * requested {@code synchronous} level, and the schema created or migrated ({@link
 * SqliteJournalSchema}). The store and each side table use a connection of their own.
 */
final class SqliteJournalFile {

  private SqliteJournalFile() {}

  /**
   * A configured connection to the journal at {@code file}, its schema current; missing parent
   * directories are created.
   *
   * @throws EventStoreException if the path is a directory, cannot be created or written, is not a
   *     SQLite database, cannot use WAL mode, is another application's database, or holds a journal
   *     of a newer schema version; the message names the file and the problem
   */
  static Connection connect(Path file, SqliteEventStore.Durability durability) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(durability, "durability");
    Path absolute = file.toAbsolutePath().normalize();
    checkPath(file, absolute);
    Connection connection = null;
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setBusyTimeout(SqliteEventStore.BUSY_TIMEOUT_MILLIS);
      connection = config.createConnection("jdbc:sqlite:" + absolute);
      configure(file, connection, durability);
      SqliteJournalSchema.createOrMigrate(file, connection);
      return connection;
    } catch (SQLException e) {
      SqliteErrors.closeQuietly(connection, e);
      throw SqliteErrors.translate(file, "cannot open the journal", e);
    } catch (RuntimeException e) {
      SqliteErrors.closeQuietly(connection, e);
      throw e;
    }
  }

  private static void checkPath(Path file, Path absolute) {
    if (Files.isDirectory(absolute)) {
      throw new EventStoreException(
          "journal "
              + file
              + " is a directory; expected a SQLite file (e.g. "
              + SqliteEventStore.DEFAULT_PATH
              + ")");
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new EventStoreException(
            "cannot create the directory " + parent + " for journal " + file + ": " + e, e);
      }
      if (!Files.isWritable(parent)) {
        throw new EventStoreException(
            "the directory "
                + parent
                + " of journal "
                + file
                + " is not writable (SQLite creates its -wal and -shm files next to the journal)");
      }
    }
    if (Files.exists(absolute) && !Files.isWritable(absolute)) {
      throw new EventStoreException("journal " + file + " is not writable");
    }
  }

  private static void configure(
      Path file, Connection connection, SqliteEventStore.Durability durability)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      String mode;
      try (ResultSet rs = statement.executeQuery("PRAGMA journal_mode = WAL")) {
        if (!rs.next()) {
          throw new SQLException("PRAGMA journal_mode = WAL returned no row");
        }
        mode = String.valueOf(rs.getString(1));
      }
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new EventStoreException(
            "journal "
                + file
                + " cannot use WAL mode (SQLite kept journal_mode="
                + mode
                + "); is it on a network file system?");
      }
      statement.execute("PRAGMA synchronous = " + durability.name());
    }
  }
}
