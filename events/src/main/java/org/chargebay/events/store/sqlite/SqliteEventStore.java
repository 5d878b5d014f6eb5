package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.RawEvent;
import org.chargebay.events.store.RawJournal;

/**
 * The embedded journal: every stream in one SQLite file.
 *
 * <p><b>Durability.</b> The file runs in WAL mode. With {@link Durability#FULL} (the default,
 * {@code synchronous=FULL}) each commit syncs the write-ahead log to disk before {@link #append}
 * returns: what {@code append} returned survives a process crash and a power cut (as far as the
 * disk honours fsync). This is the guarantee the control loop relies on when it acts on an event
 * only after recording it. {@link Durability#NORMAL} ({@code synchronous=NORMAL}) survives a
 * process crash (SIGKILL) but may lose the last commits on a power cut; it is for tests and
 * benchmarks, never for a bay.
 *
 * <p><b>Group commit.</b> Appends from several threads (bays) that arrive while a commit is in
 * progress are committed together in the next transaction, one fsync for all of them; each keeps
 * its own expected-version check (a conflicting append is rolled back to its savepoint and fails
 * alone). {@link #appendAll} commits many appends of one caller in one transaction, all or none. In
 * both cases nothing returns before its commit is on disk.
 *
 * <p><b>Concurrency.</b> Appends check the expected version and insert inside one {@code BEGIN
 * IMMEDIATE} transaction, which takes SQLite's write lock up front, so no other writer (thread or
 * process) can slip in between the check and the insert. A mismatch raises {@link
 * ConcurrentAppendException} and writes nothing; so does the {@code UNIQUE(stream_id, sequence)}
 * constraint should it ever fire. Within the process, one connection is shared under a lock; other
 * processes (e.g. {@code sqlite3} or {@code jq} tooling) may read the file concurrently thanks to
 * WAL. A writer in another process that holds the lock longer than {@value #BUSY_TIMEOUT_MILLIS} ms
 * makes the append fail with {@link EventStoreException}.
 *
 * <p><b>Layout.</b> Table {@code events(global_position INTEGER PRIMARY KEY AUTOINCREMENT,
 * stream_id, sequence, type, schema_version, occurred_at, payload, UNIQUE(stream_id, sequence))},
 * with {@code occurred_at} an ISO-8601 UTC string and {@code payload} the event's JSON, and table
 * {@code schema_info} holding the journal schema version ({@value #JOURNAL_SCHEMA_VERSION}).
 * Triggers refuse updates and deletes: the journal is append-only. For example: {@code sqlite3
 * data/chargebay.db "select payload from events where stream_id='bay-3'" | jq .} The same file
 * holds the relay positions ({@link SqliteOutboxPositions}) and raw samples ({@link
 * SqliteSampleLog}); opening an older journal migrates it to the current schema version.
 *
 * <p>Instances are thread-safe.
 */
public final class SqliteEventStore implements EventStore, RawJournal {

  /** Where the journal lives unless configured otherwise, relative to the working directory. */
  public static final Path DEFAULT_PATH = Path.of("data", "chargebay.db");

  /** The version of the table layout this build writes and reads. */
  public static final int JOURNAL_SCHEMA_VERSION = SqliteJournalSchema.VERSION;

  /** How long an append waits for another process's write lock before it fails. */
  public static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** How hard a commit pushes to disk before it returns. */
  public enum Durability {
    /** {@code synchronous=FULL}: a returned append survives a power cut. The default. */
    FULL,
    /** {@code synchronous=NORMAL}: a returned append survives a process crash, not a power cut. */
    NORMAL
  }

  /** One append of an {@link #appendAll} batch. */
  public record Append(String streamId, ExpectedVersion expected, List<ChargeEvent> events) {
    public Append {
      requireStreamId(streamId);
      Objects.requireNonNull(expected, "expected");
      events = List.copyOf(events);
    }
  }

  private final SqliteTable table;
  private final SqliteJournalAppender appender;
  private final PreparedStatement selectStream;
  private final PreparedStatement selectAll;
  private final PreparedStatement selectStreamIds;

  private SqliteEventStore(SqliteTable table, EventCodec codec) throws SQLException {
    this.table = table;
    this.appender = new SqliteJournalAppender(table, codec);
    this.selectStream =
        table.prepare(
            SqliteJournalRows.SELECT_COLUMNS
                + "WHERE stream_id = ? AND sequence >= ? ORDER BY sequence");
    this.selectAll =
        table.prepare(
            SqliteJournalRows.SELECT_COLUMNS
                + "WHERE global_position > ? ORDER BY global_position LIMIT ?");
    this.selectStreamIds =
        table.prepare("SELECT DISTINCT stream_id FROM events ORDER BY stream_id");
  }

  /**
   * Opens (or creates) the journal at {@code file} with the released codec.
   *
   * @see #open(Path, EventCodec)
   */
  public static SqliteEventStore open(Path file) {
    return open(file, EventCodec.standard());
  }

  /**
   * Opens (or creates) the journal at {@code file}, creating missing parent directories, and
   * switches it to WAL mode.
   *
   * @param codec encodes the events given to {@link #append}
   * @throws EventStoreException if the path is a directory, cannot be created or written, is not a
   *     SQLite database, is another application's database, or holds a journal of a newer schema
   *     version; the message names the file and the problem
   */
  public static SqliteEventStore open(Path file, EventCodec codec) {
    return open(file, codec, Durability.FULL);
  }

  /**
   * Opens (or creates) the journal at {@code file} with the given durability.
   *
   * @see #open(Path, EventCodec)
   */
  public static SqliteEventStore open(Path file, EventCodec codec, Durability durability) {
    Objects.requireNonNull(codec, "codec");
    return SqliteTable.open(
        file,
        durability,
        "cannot open the journal",
        "journal " + file + " is closed",
        "cannot close the journal",
        table -> new SqliteEventStore(table, codec));
  }

  /** The journal file as given to {@link #open}. */
  public Path file() {
    return table.file();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The events are encoded before the write lock is taken; an event the codec refuses fails the
   * whole call with {@link org.chargebay.events.codec.EventCodecException} and nothing is written.
   * An empty list writes nothing but still checks the expected version.
   *
   * @throws ConcurrentAppendException if the stream is not at the expected version
   * @throws EventStoreException if the journal cannot be written (nothing was written)
   */
  @Override
  public List<EventEnvelope> append(
      String streamId, ExpectedVersion expected, List<ChargeEvent> events) {
    requireStreamId(streamId);
    Objects.requireNonNull(expected, "expected");
    return appender.append(streamId, expected, events);
  }

  /**
   * Appends several batches in one transaction (one fsync): all are stored, or none is. This is the
   * batched path for importers and benchmarks; the control loop appends one decision at a time and
   * profits from the group commit instead.
   *
   * @return the stored envelopes of each append, in the order given
   * @throws ConcurrentAppendException if any append's stream is not at its expected version
   *     (nothing was written)
   * @throws EventStoreException if the journal cannot be written (nothing was written)
   */
  public List<List<EventEnvelope>> appendAll(List<Append> appends) {
    return appender.appendAll(appends);
  }

  @Override
  public List<EventEnvelope> readStream(String streamId, long fromSequence) {
    requireStreamId(streamId);
    return table.locked(
        "cannot read stream '" + streamId + "'",
        () -> {
          table.ensureOpen();
          selectStream.setString(1, streamId);
          selectStream.setLong(2, fromSequence);
          try (ResultSet rs = selectStream.executeQuery()) {
            return SqliteJournalRows.envelopes(table.file(), rs);
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * @param afterPosition 0 to read from the start
   * @param limit at most this many envelopes, {@code >= 0}
   */
  @Override
  public List<EventEnvelope> readAll(long afterPosition, int limit) {
    if (!checkLimit(limit)) {
      return List.of();
    }
    return table.locked(
        "cannot read the journal after position " + afterPosition,
        () -> {
          table.ensureOpen();
          selectAll.setLong(1, afterPosition);
          selectAll.setInt(2, limit);
          try (ResultSet rs = selectAll.executeQuery()) {
            return SqliteJournalRows.envelopes(table.file(), rs);
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>A stored {@code occurred_at} that is not already in {@link
   * org.chargebay.events.codec.IsoInstants#format}'s form (only a hand-edited or foreign journal
   * holds one) is parsed and formatted, and an unreadable one fails as in {@link #readAll}.
   */
  @Override
  public List<RawEvent> readAllRaw(long afterPosition, int limit) {
    if (!checkLimit(limit)) {
      return List.of();
    }
    return table.locked(
        "cannot read the journal after position " + afterPosition,
        () -> {
          table.ensureOpen();
          selectAll.setLong(1, afterPosition);
          selectAll.setInt(2, limit);
          try (ResultSet rs = selectAll.executeQuery()) {
            return SqliteJournalRows.raw(table.file(), rs, limit);
          }
        });
  }

  /** False for a limit of 0 (nothing to read); throws for a negative one. */
  private static boolean checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    return limit > 0;
  }

  @Override
  public long lastPosition() {
    return table.locked(
        "cannot read the last position",
        () -> {
          table.ensureOpen();
          return Long.parseLong(
              table.queryString("SELECT COALESCE(MAX(global_position), 0) FROM events"));
        });
  }

  @Override
  public long streamVersion(String streamId) {
    requireStreamId(streamId);
    return table.locked(
        "cannot read the version of stream '" + streamId + "'",
        () -> {
          table.ensureOpen();
          return appender.version(streamId);
        });
  }

  @Override
  public List<String> streamIds() {
    List<String> ids =
        table.locked(
            "cannot list streams",
            () -> {
              table.ensureOpen();
              List<String> result = new ArrayList<>();
              try (ResultSet rs = selectStreamIds.executeQuery()) {
                while (rs.next()) {
                  result.add(rs.getString(1));
                }
              }
              return result;
            });
    // SQLite orders by UTF-8 bytes; sort again so the order is Java's String order everywhere.
    ids.sort(null);
    return List.copyOf(ids);
  }

  /**
   * Closes the connection; SQLite checkpoints the WAL into the main file. Idempotent. Every other
   * method fails with {@link EventStoreException} afterwards.
   */
  @Override
  public void close() {
    table.close();
  }

  /** The value of a PRAGMA on this store's connection, for tests and diagnostics. */
  String pragma(String name) {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    return table.locked(
        "cannot read PRAGMA " + name,
        () -> {
          table.ensureOpen();
          return table.queryString("PRAGMA " + name);
        });
  }

  static void requireStreamId(String streamId) {
    Objects.requireNonNull(streamId, "streamId");
    if (streamId.isEmpty()) {
      throw new IllegalArgumentException("streamId must not be empty");
    }
  }
}
