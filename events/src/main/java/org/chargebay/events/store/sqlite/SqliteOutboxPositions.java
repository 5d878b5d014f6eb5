package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.chargebay.events.store.EventStoreException;

/**
 * The last journal position a relay had acknowledged by its destination, kept in the journal
 * file's {@code outbox_positions} table (one row per relay name) with {@code synchronous=FULL}.
 * Instances are thread-safe.
 */
public final class SqliteOutboxPositions implements AutoCloseable {
  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection;
  private final PreparedStatement select;
  private final PreparedStatement upsert;
  private boolean closed;

  private SqliteOutboxPositions(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.select = connection.prepareStatement("SELECT position FROM outbox_positions WHERE name = ?");
    this.upsert =
        connection.prepareStatement(
            "INSERT INTO outbox_positions (name, position, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET position = excluded.position,"
                + " updated_at = excluded.updated_at");
  }

  /** Opens the position table of the journal at {@code file}. */
  public static SqliteOutboxPositions open(Path file) {
    Connection connection = SqliteEventStore.openConnection(file, SqliteEventStore.Durability.FULL);
    try {
      return new SqliteOutboxPositions(file, connection);
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw SqliteEventStore.translate(file, "cannot open the outbox position table", e);
    }
  }

  /** The acknowledged position of relay {@code name}, 0 if it never acknowledged anything. */
  public long get(String name) {
    lock.lock();
    try {
      ensureOpen();
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw SqliteEventStore.translate(file, "cannot read outbox position '" + name + "'", e);
    } finally {
      lock.unlock();
    }
  }

  /** Records that every event up to {@code position} is acknowledged by relay {@code name}. */
  public void set(String name, long position) {
    lock.lock();
    try {
      ensureOpen();
      upsert.setString(1, name);
      upsert.setLong(2, position);
      upsert.setString(3, Instant.now().toString());
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw SqliteEventStore.translate(file, "cannot store outbox position '" + name + "'", e);
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new EventStoreException("outbox positions of " + file + " are closed");
    }
  }

  /** Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      select.close();
      upsert.close();
      connection.close();
    } catch (SQLException e) {
      throw SqliteEventStore.translate(file, "cannot close the outbox positions", e);
    } finally {
      lock.unlock();
    }
  }
}
