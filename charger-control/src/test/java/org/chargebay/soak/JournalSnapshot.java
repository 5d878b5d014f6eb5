package org.chargebay.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chargebay.events.EventEnvelope;

/**
 * The events of a journal as a crashed controller left it, read over a read-only connection: no
 * checkpoint, no recovery and no schema work happen on the test's side, so that the next controller
 * finds the file (and its write-ahead log) exactly as the killed one left it.
 */
record JournalSnapshot(Map<String, List<EventEnvelope>> streams, int rows) {

  static JournalSnapshot read(Path journal) {
    Map<String, List<EventEnvelope>> streams = new LinkedHashMap<>();
    if (!Files.exists(journal)) {
      return new JournalSnapshot(streams, 0);
    }
    int rows = 0;
    String url = "jdbc:sqlite:file:" + journal.toAbsolutePath() + "?mode=ro";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet t =
          s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'events'")) {
        if (!t.next() || t.getInt(1) == 0) {
          return new JournalSnapshot(streams, 0); // killed before the schema was created
        }
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT global_position, stream_id, sequence, type, schema_version, occurred_at,"
                  + " payload FROM events ORDER BY global_position")) {
        while (r.next()) {
          EventEnvelope e =
              new EventEnvelope(
                  r.getString(2),
                  r.getLong(3),
                  r.getLong(1),
                  r.getString(4),
                  r.getInt(5),
                  Instant.parse(r.getString(6)),
                  r.getString(7));
          streams.computeIfAbsent(e.streamId(), k -> new ArrayList<>()).add(e);
          rows++;
        }
      }
    } catch (SQLException e) {
      throw new AssertionError("the journal " + journal + " cannot be read after the kill", e);
    }
    return new JournalSnapshot(streams, rows);
  }

  List<EventEnvelope> stream(String streamId) {
    return streams.getOrDefault(streamId, List.of());
  }

  /** The event at {@code sequence} of the stream, or null. */
  EventEnvelope at(String streamId, long sequence) {
    List<EventEnvelope> s = stream(streamId);
    return sequence >= 1 && sequence <= s.size() ? s.get((int) sequence - 1) : null;
  }
}
