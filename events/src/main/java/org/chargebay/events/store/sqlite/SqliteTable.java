package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.chargebay.events.store.EventStoreException;

/**
 * One side table of the journal file on a connection of its own (outbox positions, samples): the
 * connection, its prepared statements, one lock around every call, SQLite errors translated to
 * {@link EventStoreException} naming the file, and an idempotent close. Thread-safe.
 */
final class SqliteTable implements AutoCloseable {

  /** A call on the table's connection. */
  @FunctionalInterface
  interface SqlCall<T> {
    T run() throws SQLException;
  }

  /** Prepares the owner's statements on a freshly opened connection. */
  @FunctionalInterface
  interface Preparation<T> {
    T prepare(SqliteTable table) throws SQLException;
  }

  private final Path file;
  private final String closedMessage;
  private final String closeAction;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<PreparedStatement> statements = new ArrayList<>();
  private boolean closed;

  private SqliteTable(Path file, String closedMessage, String closeAction, Connection connection) {
    this.file = file;
    this.closedMessage = closedMessage;
    this.closeAction = closeAction;
    this.connection = connection;
  }

  /**
   * Opens a connection to the journal at {@code file} and lets {@code owner} prepare its
   * statements; on failure the connection is closed and the error says {@code openAction}.
   *
   * @param closedMessage what {@link #ensureOpen()} says once the table is closed
   * @param closeAction what a failed {@link #close()} says
   */
  static <T> T open(
      Path file,
      SqliteEventStore.Durability durability,
      String openAction,
      String closedMessage,
      String closeAction,
      Preparation<T> owner) {
    Connection connection = SqliteJournalFile.connect(file, durability);
    try {
      return owner.prepare(new SqliteTable(file, closedMessage, closeAction, connection));
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw SqliteErrors.translate(file, openAction, e);
    }
  }

  Connection connection() {
    return connection;
  }

  /** A statement closed with the table. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statements.add(statement);
    return statement;
  }

  /** Runs {@code call} under the lock; an SQLite error becomes "{@code action}: ...". */
  <T> T locked(String action, SqlCall<T> call) {
    lock.lock();
    try {
      return call.run();
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, action, e);
    } finally {
      lock.unlock();
    }
  }

  /** Throws if the table was closed; call it first inside {@link #locked}. */
  void ensureOpen() {
    if (closed) {
      throw new EventStoreException(closedMessage);
    }
  }

  /** Idempotent. */
  @Override
  public void close() {
    locked(
        closeAction,
        () -> {
          if (!closed) {
            closed = true;
            for (PreparedStatement s : statements) {
              s.close();
            }
            connection.close();
          }
          return null;
        });
  }
}
