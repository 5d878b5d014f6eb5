package org.chargebay.events.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.ExpectedVersion;
import org.jspecify.annotations.Nullable;

/**
 * The journal's write path: expected-version appends, the group commit and {@code appendAll}
 * ({@link SqliteEventStore} documents what callers get). Every transaction is {@code BEGIN
 * IMMEDIATE} on the store's connection under the store's lock, so the version check and the inserts
 * see no other writer in between. Events are encoded before the lock is taken.
 */
final class SqliteJournalAppender {

  /** The most appends the group commit puts in one transaction. */
  static final int MAX_GROUP = 256;

  private final SqliteTable table;
  private final EventCodec codec;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final PreparedStatement selectVersion;
  private final PreparedStatement insert;

  /** Prepares the appender's statements on {@code table}; they close with it. */
  SqliteJournalAppender(SqliteTable table, EventCodec codec) throws SQLException {
    this.table = table;
    this.codec = codec;
    this.selectVersion =
        table.prepare("SELECT COALESCE(MAX(sequence), 0) FROM events WHERE stream_id = ?");
    this.insert =
        table.prepare(
            "INSERT INTO events (stream_id, sequence, type, schema_version, occurred_at, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING global_position");
  }

  /**
   * Queues one append for the group commit and returns once a transaction holding it committed
   * (this thread's or another's). Arguments are checked by the caller.
   */
  List<EventEnvelope> append(String streamId, ExpectedVersion expected, List<ChargeEvent> events) {
    List<ChargeEvent> batch = List.copyOf(events);
    List<EventCodec.Encoded> encoded = batch.stream().map(codec::encode).toList();
    Pending pending = new Pending(streamId, expected, batch, encoded);
    queue.add(pending);
    table.lock();
    try {
      if (!pending.done) {
        table.ensureOpen();
        commitGroup();
      }
    } finally {
      table.unlock();
    }
    if (pending.error != null) {
      throw pending.error;
    }
    return pending.stored;
  }

  /** Commits all of {@code appends} in one transaction, or none of them. */
  List<List<EventEnvelope>> appendAll(List<SqliteEventStore.Append> appends) {
    List<List<EventCodec.Encoded>> encoded =
        appends.stream().map(a -> a.events().stream().map(codec::encode).toList()).toList();
    table.lock();
    try {
      table.ensureOpen();
      List<List<EventEnvelope>> result = new ArrayList<>(appends.size());
      try (Statement statement = table.connection().createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        try {
          for (int i = 0; i < appends.size(); i++) {
            SqliteEventStore.Append a = appends.get(i);
            result.add(insertChecked(a.streamId(), a.expected(), a.events(), encoded.get(i)));
          }
          statement.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          SqliteErrors.rollbackQuietly(statement, e);
          throw e;
        }
      }
      return List.copyOf(result);
    } catch (SQLException e) {
      throw table.translate("cannot append a batch of " + appends.size(), e);
    } finally {
      table.unlock();
    }
  }

  /** The stream's last sequence, 0 if it has none; call it with the table's lock held. */
  long version(String streamId) throws SQLException {
    selectVersion.setString(1, streamId);
    try (ResultSet rs = selectVersion.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** An append waiting for the group commit; fields are guarded by the table's lock. */
  private static final class Pending {
    final String streamId;
    final ExpectedVersion expected;
    final List<ChargeEvent> events;
    final List<EventCodec.Encoded> encoded;
    boolean done;
    List<EventEnvelope> stored = List.of();
    @Nullable RuntimeException error;

    Pending(
        String streamId,
        ExpectedVersion expected,
        List<ChargeEvent> events,
        List<EventCodec.Encoded> encoded) {
      this.streamId = streamId;
      this.expected = expected;
      this.events = events;
      this.encoded = encoded;
    }
  }

  /**
   * Commits every queued append (up to {@value #MAX_GROUP} per transaction) with the lock held.
   * Each append runs inside a savepoint, so a conflict undoes only its own inserts.
   */
  private void commitGroup() {
    while (true) {
      List<Pending> group = new ArrayList<>();
      Pending p;
      while (group.size() < MAX_GROUP && (p = queue.poll()) != null) {
        group.add(p);
      }
      if (group.isEmpty()) {
        return;
      }
      try (Statement statement = table.connection().createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        try {
          for (Pending g : group) {
            statement.execute("SAVEPOINT one_append");
            try {
              g.stored = insertChecked(g.streamId, g.expected, g.events, g.encoded);
              statement.execute("RELEASE one_append");
            } catch (ConcurrentAppendException e) {
              statement.execute("ROLLBACK TO one_append");
              statement.execute("RELEASE one_append");
              g.error = e;
            } catch (SQLException e) {
              if (!SqliteErrors.isUniqueViolation(e)) {
                throw e;
              }
              // Another writer took these sequences although we held the write lock: treat it
              // as the conflict it is. Nothing of this append was written.
              statement.execute("ROLLBACK TO one_append");
              statement.execute("RELEASE one_append");
              g.error =
                  new ConcurrentAppendException(
                      g.streamId, g.expected, versionAfterFailure(g.streamId, e));
            }
          }
          statement.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          SqliteErrors.rollbackQuietly(statement, e);
          throw e;
        }
      } catch (SQLException | RuntimeException e) {
        for (Pending g : group) {
          g.stored = List.of();
          g.error =
              e instanceof SQLException sql
                  ? table.translate("cannot append to stream '" + g.streamId + "'", sql)
                  : (RuntimeException) e;
        }
      } finally {
        for (Pending g : group) {
          g.done = true;
        }
      }
    }
  }

  private List<EventEnvelope> insertChecked(
      String streamId,
      ExpectedVersion expected,
      List<ChargeEvent> events,
      List<EventCodec.Encoded> encoded)
      throws SQLException {
    long current = version(streamId);
    if (!expected.matches(current)) {
      throw new ConcurrentAppendException(streamId, expected, current);
    }
    List<EventEnvelope> stored = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      stored.add(insert(streamId, current + 1 + i, events.get(i).at(), encoded.get(i)));
    }
    return List.copyOf(stored);
  }

  private long versionAfterFailure(String streamId, SQLException cause) {
    try {
      return version(streamId);
    } catch (SQLException e) {
      cause.addSuppressed(e);
      return -1;
    }
  }

  private EventEnvelope insert(
      String streamId, long sequence, Instant occurredAt, EventCodec.Encoded event)
      throws SQLException {
    insert.setString(1, streamId);
    insert.setLong(2, sequence);
    insert.setString(3, event.type());
    insert.setInt(4, event.schemaVersion());
    insert.setString(5, occurredAt.toString());
    insert.setString(6, event.payload());
    long globalPosition;
    try (ResultSet rs = insert.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("INSERT ... RETURNING returned no row");
      }
      globalPosition = rs.getLong(1);
    }
    return new EventEnvelope(
        streamId,
        sequence,
        globalPosition,
        event.type(),
        event.schemaVersion(),
        occurredAt,
        event.payload());
  }
}
