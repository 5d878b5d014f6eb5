package org.chargebay.events.store.sqlite;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;

/**
 * The audit trail in the journal file's {@code audit} table: one row per operator or admin command
 * (start, stop, ceiling, acknowledge, bay added or removed, user added or removed), saying who,
 * when, what, on what, from where and with what outcome. Rows are only ever appended: triggers make
 * an update or delete fail, so the trail cannot be edited through this or any other connection
 * short of dropping the triggers. Written with {@code synchronous=FULL}: an acknowledged command's
 * audit row survives a power cut like its events.
 *
 * <p>This table is where releases before the audit trail became journal events wrote it. Today
 * every entry is a {@link CommandAudited} event in the stream {@value CommandAudited#STREAM};
 * {@link #migrateToJournal} moves a table's rows there once, and nothing writes new rows. Instances
 * are thread-safe.
 */
public final class SqliteAuditLog implements AutoCloseable {

  /**
   * One audit entry.
   *
   * @param position grows by one per entry, from 1; 0 for an entry not yet stored
   * @param at when the command was handled (controller clock)
   * @param actor the authenticated user, e.g. {@code alice}, or {@code cli:root} for the command
   *     line
   * @param from the client address, or {@code local} for the command line
   * @param action what was asked, snake_case, e.g. {@code charge_stop}, {@code user_added}
   * @param target what it was asked of: a bay id or a user name
   * @param outcome {@code done} or {@code refused}
   * @param detail one line: the profile, the note, the role, or why it was refused
   */
  public record Entry(
      long position,
      Instant at,
      String actor,
      String from,
      String action,
      String target,
      String outcome,
      String detail) {
    public Entry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }

  private final SqliteTable table;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  private SqliteAuditLog(SqliteTable table) throws SQLException {
    this.table = table;
    try (Statement s = table.connection().createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS audit ("
              + " position INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " at TEXT NOT NULL,"
              + " actor TEXT NOT NULL,"
              + " from_address TEXT NOT NULL,"
              + " action TEXT NOT NULL,"
              + " target TEXT NOT NULL,"
              + " outcome TEXT NOT NULL,"
              + " detail TEXT NOT NULL)");
      s.execute(
          "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit"
              + " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END");
      s.execute(
          "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit"
              + " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END");
    }
    this.insert =
        table.prepare(
            "INSERT INTO audit (at, actor, from_address, action, target, outcome, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING position");
    this.select =
        table.prepare(
            "SELECT position, at, actor, from_address, action, target, outcome, detail FROM audit"
                + " WHERE position > ? ORDER BY position LIMIT ?");
  }

  /**
   * Opens the audit table of the journal at {@code file} (creating the journal and the table if
   * missing).
   *
   * @throws EventStoreException as {@link SqliteEventStore#open(Path)} does
   */
  public static SqliteAuditLog open(Path file) {
    return SqliteTable.open(
        file,
        SqliteEventStore.Durability.FULL,
        "cannot open the audit table",
        "audit table of " + file + " is closed",
        "cannot close the audit table",
        SqliteAuditLog::new);
  }

  /** Stores {@code entry} (its {@code position} is ignored); returns it with its position. */
  public Entry append(Entry entry) {
    return table.locked(
        "cannot store an audit entry",
        () -> {
          table.ensureOpen();
          insert.setString(1, entry.at().toString());
          insert.setString(2, entry.actor());
          insert.setString(3, entry.from());
          insert.setString(4, entry.action());
          insert.setString(5, entry.target());
          insert.setString(6, entry.outcome());
          insert.setString(7, entry.detail());
          try (ResultSet rs = insert.executeQuery()) {
            if (!rs.next()) {
              throw new SQLException("INSERT ... RETURNING gave no row");
            }
            long position = rs.getLong(1);
            return new Entry(
                position,
                entry.at(),
                entry.actor(),
                entry.from(),
                entry.action(),
                entry.target(),
                entry.outcome(),
                entry.detail());
          }
        });
  }

  /** Entries with position {@code > after}, oldest first, at most {@code limit}. */
  public List<Entry> read(long after, int limit) {
    return table.locked(
        "cannot read the audit trail",
        () -> {
          table.ensureOpen();
          select.setLong(1, after);
          select.setInt(2, limit);
          List<Entry> out = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new Entry(
                      rs.getLong(1),
                      Instant.parse(rs.getString(2)),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8)));
            }
          }
          return List.copyOf(out);
        });
  }

  /**
   * Moves the rows of the journal's {@code audit} table, if it has any, into the stream {@value
   * CommandAudited#STREAM} of {@code store} (the same journal's event store), each row's position
   * becoming its event's sequence. Done once: nothing is moved when that stream already has events
   * (then the table was moved before, or never had rows when the first event was written: every
   * writer of the stream calls this first), and the move is one append that expects an empty
   * stream, so two processes migrating at once move the rows once. The table is left as it was (it
   * is append-only) and is not created when missing.
   *
   * @return how many rows were moved now
   * @throws EventStoreException if the table or the store cannot be read or written
   */
  public static int migrateToJournal(Path file, EventStore store) {
    if (store.streamVersion(CommandAudited.STREAM) > 0) {
      return 0;
    }
    List<Entry> rows =
        SqliteTable.open(
            file,
            SqliteEventStore.Durability.FULL,
            "cannot open the audit table",
            "audit table of " + file + " is closed",
            "cannot close the audit table",
            SqliteAuditLog::readTableIfPresent);
    if (rows.isEmpty()) {
      return 0;
    }
    List<ChargeEvent> events = new ArrayList<>(rows.size());
    for (Entry e : rows) {
      events.add(
          new CommandAudited(
              e.at(), e.actor(), e.from(), e.action(), e.target(), e.outcome(), e.detail()));
    }
    try {
      store.append(CommandAudited.STREAM, ExpectedVersion.noStream(), events);
    } catch (ConcurrentAppendException e) {
      return 0; // another process moved them (or wrote the first event) meanwhile
    }
    return rows.size();
  }

  /** Every row of the audit table, oldest first; none if the table does not exist. */
  private static List<Entry> readTableIfPresent(SqliteTable table) throws SQLException {
    try {
      try (Statement s = table.connection().createStatement();
          ResultSet exists =
              s.executeQuery(
                  "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'")) {
        if (!exists.next()) {
          return List.of();
        }
      }
      List<Entry> out = new ArrayList<>();
      try (Statement s = table.connection().createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT position, at, actor, from_address, action, target, outcome, detail"
                      + " FROM audit ORDER BY position")) {
        while (rs.next()) {
          out.add(
              new Entry(
                  rs.getLong(1),
                  Instant.parse(rs.getString(2)),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8)));
        }
      }
      return List.copyOf(out);
    } finally {
      table.close();
    }
  }

  /** Idempotent. */
  @Override
  public void close() {
    table.close();
  }
}
