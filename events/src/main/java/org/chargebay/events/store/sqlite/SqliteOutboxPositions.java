package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.chargebay.events.store.OutboxPositions;

/**
 * The last journal position a relay had acknowledged by its destination, kept in the journal file's
 * {@code outbox_positions} table (one row per relay name) with {@code synchronous=FULL}. Instances
 * are thread-safe.
 */
public final class SqliteOutboxPositions implements OutboxPositions, AutoCloseable {
  private final SqliteTable table;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  private SqliteOutboxPositions(SqliteTable table) throws SQLException {
    this.table = table;
    this.select = table.prepare("SELECT position FROM outbox_positions WHERE name = ?");
    this.upsert =
        table.prepare(
            "INSERT INTO outbox_positions (name, position, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET position = excluded.position,"
                + " updated_at = excluded.updated_at");
  }

  /** Opens the position table of the journal at {@code file}. */
  public static SqliteOutboxPositions open(Path file) {
    return SqliteTable.open(
        file,
        SqliteEventStore.Durability.FULL,
        "cannot open the outbox position table",
        "outbox positions of " + file + " are closed",
        "cannot close the outbox positions",
        SqliteOutboxPositions::new);
  }

  @Override
  public long get(String name) {
    return table.locked(
        "cannot read outbox position '" + name + "'",
        () -> {
          table.ensureOpen();
          select.setString(1, name);
          try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
          }
        });
  }

  @Override
  public void set(String name, long position) {
    table.locked(
        "cannot store outbox position '" + name + "'",
        () -> {
          table.ensureOpen();
          upsert.setString(1, name);
          upsert.setLong(2, position);
          upsert.setString(3, Instant.now().toString());
          return upsert.executeUpdate();
        });
  }

  /** Idempotent. */
  @Override
  public void close() {
    table.close();
  }
}
