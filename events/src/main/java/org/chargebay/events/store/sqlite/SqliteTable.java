package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.chargebay.events.store.EventStoreException;

/**
 * One user of the journal file on a connection of its own (the store, outbox positions, samples):
 * the connection, its prepared statements, one lock around every call, SQLite errors translated to
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
   * Opens a connection to the journal at {@code file} ({@link SqliteJournalFile#connect}) and lets
   * {@code owner} prepare its statements; on failure the connection is closed and the error says
   * {@code openAction}.
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
      SqliteErrors.closeQuietly(connection, e);
      throw SqliteErrors.translate(file, openAction, e);
    } catch (RuntimeException e) {
      SqliteErrors.closeQuietly(connection, e);
      throw e;
    }
  }

  /** The journal file as given to {@link #open}. */
  Path file() {
    return file;
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
      throw translate(action, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the lock that {@link #locked} takes, for a caller that cannot hand over a call: the
   * journal's group commit queues its append before it locks and must not allocate a call object
   * per append. Release it with {@link #unlock()} in a {@code finally} block.
   */
  void lock() {
    lock.lock();
  }

  /** Releases the lock taken by {@link #lock()}. */
  void unlock() {
    lock.unlock();
  }

  /** An SQLite error of this table as "{@code action}: ..." naming the file. */
  EventStoreException translate(String action, SQLException e) {
    return SqliteErrors.translate(file, action, e);
  }

  /** Throws if the table was closed; call it first inside {@link #locked} or {@link #lock()}. */
  void ensureOpen() {
    if (closed) {
      throw new EventStoreException(closedMessage);
    }
  }

  /** The first column of the first row of {@code sql}, as text; call it with the lock held. */
  String queryString(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException(sql + " returned no row");
      }
      return String.valueOf(rs.getString(1));
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
