package org.chargebay.events.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.IsoInstants;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.RawEvent;
import org.jspecify.annotations.Nullable;

/**
 * Rows of the {@code events} table as the store hands them out: as envelopes (for {@code readAll}
 * and {@code readStream}) or as their stored bytes (for the outbox relay). Both read the columns of
 * {@link #SELECT_COLUMNS}, in that order, and fail the same way on an unreadable {@code
 * occurred_at}, naming the file and the row's global position.
 */
final class SqliteJournalRows {

  /** The columns every read selects; the readers below address them by these positions. */
  static final String SELECT_COLUMNS =
      "SELECT global_position, stream_id, sequence, type, schema_version, occurred_at, payload"
          + " FROM events ";

  private SqliteJournalRows() {}

  /** Every row of {@code rs} as an envelope, in order. */
  static List<EventEnvelope> envelopes(Path file, ResultSet rs) throws SQLException {
    List<EventEnvelope> result = new ArrayList<>();
    while (rs.next()) {
      long globalPosition = rs.getLong(1);
      String occurredAt = rs.getString(6);
      Instant instant;
      try {
        instant = IsoInstants.parse(occurredAt);
      } catch (DateTimeParseException e) {
        throw unreadable(file, globalPosition, occurredAt, e);
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
    return List.copyOf(result);
  }

  /**
   * Every row of {@code rs} as its stored bytes, in order; {@code occurred_at} in {@link
   * IsoInstants#format}'s form (reformatted if a hand-edited or foreign journal stored it
   * otherwise).
   *
   * @param expected how many rows the query may return at most (sizes the list; capped at 10,000)
   */
  static List<RawEvent> raw(Path file, ResultSet rs, int expected) throws SQLException {
    List<RawEvent> result = new ArrayList<>(Math.min(expected, 10_000));
    while (rs.next()) {
      long globalPosition = rs.getLong(1);
      byte[] occurredAt = rs.getBytes(6);
      if (!isFormattedInstant(occurredAt)) {
        occurredAt = reformat(file, globalPosition, occurredAt);
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
    return result;
  }

  private static byte[] reformat(Path file, long globalPosition, byte @Nullable [] stored) {
    String text = stored == null ? "null" : new String(stored, StandardCharsets.UTF_8);
    try {
      return IsoInstants.format(IsoInstants.parse(text)).getBytes(StandardCharsets.US_ASCII);
    } catch (DateTimeParseException e) {
      throw unreadable(file, globalPosition, text, e);
    }
  }

  private static EventStoreException unreadable(
      Path file, long globalPosition, @Nullable String occurredAt, DateTimeParseException e) {
    return new EventStoreException(
        "journal "
            + file
            + ": the event at global position "
            + globalPosition
            + " has an unreadable occurred_at '"
            + occurredAt
            + "'",
        e);
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
    if (month < 1
        || month > 12
        || day < 1
        || day > 28
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
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
}
