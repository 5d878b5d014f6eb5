package org.chargebay.events.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.codec.IsoInstants;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.RawEvent;
import org.chargebay.events.store.RawJournal;
import org.jspecify.annotations.Nullable;

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
 * alone). {@link #appendAll} commits many appends of one caller in one transaction, all or none.
 * In both cases nothing returns before its commit is on disk.
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
 * data/chargebay.db "select payload from events where stream_id='bay-3'" | jq .}
 *
 * <p>Instances are thread-safe.
 */
public final class SqliteEventStore implements EventStore, RawJournal {

  /** Where the journal lives unless configured otherwise, relative to the working directory. */
  public static final Path DEFAULT_PATH = Path.of("data", "chargebay.db");

  /** The version of the table layout this build writes and reads. */
  public static final int JOURNAL_SCHEMA_VERSION = SqliteJournalSchema.VERSION;

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

  /** The most appends the group commit puts in one transaction. */
  private static final int MAX_GROUP = 256;

  /** How long an append waits for another process's write lock before it fails. */
  public static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private static final String SELECT_COLUMNS =
      "SELECT global_position, stream_id, sequence, type, schema_version, occurred_at, payload"
          + " FROM events ";

  private final Path file;
  private final EventCodec codec;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final Connection connection;
  private final PreparedStatement selectVersion;
  private final PreparedStatement insert;
  private final PreparedStatement selectStream;
  private final PreparedStatement selectAll;
  private final PreparedStatement selectStreamIds;
  private boolean closed;

  private SqliteEventStore(Path file, EventCodec codec, Connection connection) throws SQLException {
    this.file = file;
    this.codec = codec;
    this.connection = connection;
    this.selectVersion =
        connection.prepareStatement(
            "SELECT COALESCE(MAX(sequence), 0) FROM events WHERE stream_id = ?");
    this.insert =
        connection.prepareStatement(
            "INSERT INTO events (stream_id, sequence, type, schema_version, occurred_at, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING global_position");
    this.selectStream =
        connection.prepareStatement(
            SELECT_COLUMNS + "WHERE stream_id = ? AND sequence >= ? ORDER BY sequence");
    this.selectAll =
        connection.prepareStatement(
            SELECT_COLUMNS + "WHERE global_position > ? ORDER BY global_position LIMIT ?");
    this.selectStreamIds =
        connection.prepareStatement("SELECT DISTINCT stream_id FROM events ORDER BY stream_id");
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
    Connection connection = SqliteJournalFile.connect(file, durability);
    try {
      return new SqliteEventStore(file, codec, connection);
    } catch (SQLException e) {
      SqliteErrors.closeQuietly(connection, e);
      throw SqliteErrors.translate(file, "cannot open the journal", e);
    }
  }

  /** The journal file as given to {@link #open}. */
  public Path file() {
    return file;
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
    List<ChargeEvent> batch = List.copyOf(events);
    List<EventCodec.Encoded> encoded = batch.stream().map(codec::encode).toList();
    Pending pending = new Pending(streamId, expected, batch, encoded);
    queue.add(pending);
    lock.lock();
    try {
      if (!pending.done) {
        ensureOpen();
        commitGroup();
      }
    } finally {
      lock.unlock();
    }
    if (pending.error != null) {
      throw pending.error;
    }
    return pending.stored;
  }

  /**
   * Appends several batches in one transaction (one fsync): all are stored, or none is. This is
   * the batched path for importers and benchmarks; the control loop appends one decision at a
   * time and profits from the group commit instead.
   *
   * @return the stored envelopes of each append, in the order given
   * @throws ConcurrentAppendException if any append's stream is not at its expected version
   *     (nothing was written)
   * @throws EventStoreException if the journal cannot be written (nothing was written)
   */
  public List<List<EventEnvelope>> appendAll(List<Append> appends) {
    List<List<EventCodec.Encoded>> encoded =
        appends.stream().map(a -> a.events().stream().map(codec::encode).toList()).toList();
    lock.lock();
    try {
      ensureOpen();
      List<List<EventEnvelope>> result = new ArrayList<>(appends.size());
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        try {
          for (int i = 0; i < appends.size(); i++) {
            Append a = appends.get(i);
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
      throw SqliteErrors.translate(file, "cannot append a batch of " + appends.size(), e);
    } finally {
      lock.unlock();
    }
  }

  /** An append waiting for the group commit; fields are guarded by {@link #lock}. */
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
      try (Statement statement = connection.createStatement()) {
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
                  ? SqliteErrors.translate(file, "cannot append to stream '" + g.streamId + "'", sql)
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

  @Override
  public List<EventEnvelope> readStream(String streamId, long fromSequence) {
    requireStreamId(streamId);
    lock.lock();
    try {
      ensureOpen();
      selectStream.setString(1, streamId);
      selectStream.setLong(2, fromSequence);
      return readEnvelopes(selectStream);
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, "cannot read stream '" + streamId + "'", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * @param afterPosition 0 to read from the start
   * @param limit at most this many envelopes, {@code >= 0}
   */
  @Override
  public List<EventEnvelope> readAll(long afterPosition, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    lock.lock();
    try {
      ensureOpen();
      selectAll.setLong(1, afterPosition);
      selectAll.setInt(2, limit);
      return readEnvelopes(selectAll);
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, "cannot read the journal after position " + afterPosition, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A stored {@code occurred_at} that is not already in {@link IsoInstants#format}'s form (only
   * a hand-edited or foreign journal holds one) is parsed and formatted, and an unreadable one
   * fails as in {@link #readAll}.
   */
  @Override
  public List<RawEvent> readAllRaw(long afterPosition, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    lock.lock();
    try {
      ensureOpen();
      selectAll.setLong(1, afterPosition);
      selectAll.setInt(2, limit);
      List<RawEvent> result = new ArrayList<>(Math.min(limit, 10_000));
      try (ResultSet rs = selectAll.executeQuery()) {
        while (rs.next()) {
          long globalPosition = rs.getLong(1);
          byte[] occurredAt = rs.getBytes(6);
          if (!isFormattedInstant(occurredAt)) {
            occurredAt = reformat(globalPosition, occurredAt);
          }
          result.add(
              new RawEvent(
                  globalPosition,
                  rs.getBytes(2),
                  rs.getLong(3),
                  rs.getBytes(4),
                  rs.getInt(5),
                  occurredAt,
                  rs.getBytes(7)));
        }
      }
      return result;
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, "cannot read the journal after position " + afterPosition, e);
    } finally {
      lock.unlock();
    }
  }

  private byte[] reformat(long globalPosition, byte @Nullable [] stored) {
    String text = stored == null ? "null" : new String(stored, StandardCharsets.UTF_8);
    try {
      return IsoInstants.format(IsoInstants.parse(text)).getBytes(StandardCharsets.US_ASCII);
    } catch (DateTimeParseException e) {
      throw new EventStoreException(
          "journal "
              + file
              + ": the event at global position "
              + globalPosition
              + " has an unreadable occurred_at '"
              + text
              + "'",
          e);
    }
  }

  /**
   * True if {@code s} is certainly what {@link IsoInstants#format} (= {@link Instant#toString()})
   * writes for some instant: {@code yyyy-MM-ddTHH:mm:ss} with a day of at most 28 (later days are
   * left to the exact check), then nothing or 3, 6 or 9 fraction digits whose last three are not
   * all zero, then {@code Z}. False means "not sure", never "invalid".
   */
  static boolean isFormattedInstant(byte @Nullable [] s) {
    if (s == null) {
      return false;
    }
    int n = s.length;
    if ((n != 20 && n != 24 && n != 27 && n != 30) || s[n - 1] != 'Z') {
      return false;
    }
    if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
      return false;
    }
    if (digits(s, 0, 4) < 0) {
      return false;
    }
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return false;
    }
    if (n > 20) {
      return s[19] == '.' && digits(s, 20, n - 21) >= 0 && digits(s, n - 4, 3) > 0;
    }
    return true;
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
  private static int digits(byte[] s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  @Override
  public long lastPosition() {
    lock.lock();
    try (Statement statement = connection.createStatement()) {
      ensureOpen();
      return Long.parseLong(
          queryString(statement, "SELECT COALESCE(MAX(global_position), 0) FROM events"));
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, "cannot read the last position", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long streamVersion(String streamId) {
    requireStreamId(streamId);
    lock.lock();
    try {
      ensureOpen();
      return version(streamId);
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, "cannot read the version of stream '" + streamId + "'", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> streamIds() {
    List<String> ids = new ArrayList<>();
    lock.lock();
    try {
      ensureOpen();
      try (ResultSet rs = selectStreamIds.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, "cannot list streams", e);
    } finally {
      lock.unlock();
    }
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
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Statement statement :
          List.of(selectVersion, insert, selectStream, selectAll, selectStreamIds)) {
        statement.close();
      }
      connection.close();
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, "cannot close the journal", e);
    } finally {
      lock.unlock();
    }
  }

  /** The value of a PRAGMA on this store's connection, for tests and diagnostics. */
  String pragma(String name) {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    lock.lock();
    try (Statement statement = connection.createStatement()) {
      ensureOpen();
      return queryString(statement, "PRAGMA " + name);
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, "cannot read PRAGMA " + name, e);
    } finally {
      lock.unlock();
    }
  }

  private long version(String streamId) throws SQLException {
    selectVersion.setString(1, streamId);
    try (ResultSet rs = selectVersion.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<EventEnvelope> readEnvelopes(PreparedStatement query) throws SQLException {
    List<EventEnvelope> result = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        long globalPosition = rs.getLong(1);
        String occurredAt = rs.getString(6);
        Instant instant;
        try {
          instant = IsoInstants.parse(occurredAt);
        } catch (DateTimeParseException e) {
          throw new EventStoreException(
              "journal "
                  + file
                  + ": the event at global position "
                  + globalPosition
                  + " has an unreadable occurred_at '"
                  + occurredAt
                  + "'",
              e);
        }
        result.add(
            new EventEnvelope(
                rs.getString(2),
                rs.getLong(3),
                globalPosition,
                rs.getString(4),
                rs.getInt(5),
                instant,
                rs.getString(7)));
      }
    }
    return List.copyOf(result);
  }

  private void ensureOpen() {
    if (closed) {
      throw new EventStoreException("journal " + file + " is closed");
    }
  }

  static void requireStreamId(String streamId) {
    Objects.requireNonNull(streamId, "streamId");
    if (streamId.isEmpty()) {
      throw new IllegalArgumentException("streamId must not be empty");
    }
  }

  private static String queryString(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException(sql + " returned no row");
      }
      return String.valueOf(rs.getString(1));
    }
  }
}
