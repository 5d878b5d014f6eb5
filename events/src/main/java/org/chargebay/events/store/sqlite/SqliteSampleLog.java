package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.chargebay.events.store.EventStoreException;

/**
 * Raw telemetry samples in the journal file's {@code samples} table: one JSON document per bay
 * poll, kept so that a recorded session can be re-run. Samples are measurements, not events: they
 * are bounded by a retention period and pruned, and nothing in them is acknowledged to anyone. They
 * are written with {@code synchronous=NORMAL} (a crash may lose the last few).
 *
 * <p>The payload's shape belongs to the writer (charger-control's {@code SampleRecord}); this class
 * stores and returns it verbatim. Instances are thread-safe.
 */
public final class SqliteSampleLog implements AutoCloseable {

  /** One stored sample. {@code id} grows with insertion order. */
  public record Sample(long id, String streamId, Instant at, String payload) {}

  private final SqliteTable table;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement prune;

  private SqliteSampleLog(SqliteTable table) throws SQLException {
    this.table = table;
    this.insert =
        table.prepare("INSERT INTO samples (stream_id, at_millis, payload) VALUES (?, ?, json(?))");
    this.select =
        table.prepare(
            "SELECT id, stream_id, at_millis, payload FROM samples"
                + " WHERE stream_id = ? AND at_millis >= ? AND at_millis < ? ORDER BY at_millis, id");
    this.prune = table.prepare("DELETE FROM samples WHERE at_millis < ?");
  }

  /**
   * Opens the sample table of the journal at {@code file} (creating the journal if missing).
   *
   * @throws EventStoreException as {@link SqliteEventStore#open(Path)} does
   */
  public static SqliteSampleLog open(Path file) {
    return SqliteTable.open(
        file,
        SqliteEventStore.Durability.NORMAL,
        "cannot open the sample table",
        "sample table of " + file + " is closed",
        "cannot close the sample table",
        SqliteSampleLog::new);
  }

  /** Stores samples in one transaction. */
  public void append(List<Sample> samples) {
    if (samples.isEmpty()) {
      return;
    }
    table.locked(
        "cannot store " + samples.size() + " samples",
        () -> {
          try (Statement statement = table.connection().createStatement()) {
            table.ensureOpen();
            statement.execute("BEGIN IMMEDIATE");
            try {
              for (Sample s : samples) {
                insert.setString(1, s.streamId());
                insert.setLong(2, s.at().toEpochMilli());
                insert.setString(3, s.payload());
                insert.executeUpdate();
              }
              statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
              try {
                statement.execute("ROLLBACK");
              } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
              }
              throw e;
            }
          }
          return null;
        });
  }

  /** The stream's samples with {@code from <= at < to}, in time order. */
  public List<Sample> read(String streamId, Instant from, Instant to) {
    Objects.requireNonNull(streamId, "streamId");
    return table.locked(
        "cannot read samples of '" + streamId + "'",
        () -> {
          table.ensureOpen();
          select.setString(1, streamId);
          select.setLong(2, from.toEpochMilli());
          select.setLong(3, to.toEpochMilli());
          List<Sample> result = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              result.add(
                  new Sample(
                      rs.getLong(1),
                      rs.getString(2),
                      Instant.ofEpochMilli(rs.getLong(3)),
                      rs.getString(4)));
            }
          }
          return List.copyOf(result);
        });
  }

  /**
   * Deletes every sample older than {@code retention} before {@code now}.
   *
   * @return how many were deleted
   */
  public int prune(Instant now, Duration retention) {
    return table.locked(
        "cannot prune samples",
        () -> {
          table.ensureOpen();
          prune.setLong(1, now.minus(retention).toEpochMilli());
          return prune.executeUpdate();
        });
  }

  /** Idempotent. */
  @Override
  public void close() {
    table.close();
  }
}
