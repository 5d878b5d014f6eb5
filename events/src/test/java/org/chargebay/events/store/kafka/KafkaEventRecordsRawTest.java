package org.chargebay.events.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SampleEvents;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.IsoInstants;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.RawEvent;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay's raw path (stored bytes to record value) against the envelope path, byte for byte. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KafkaEventRecordsRawTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Characters the generator draws from: all of ASCII, Latin-1, BMP edges, surrogate pairs. */
  private static final String[] PIECES = buildPieces();

  @TempDir Path dir;

  private static String[] buildPieces() {
    List<String> pieces = new ArrayList<>();
    for (char c = 0; c < 128; c++) {
      pieces.add(String.valueOf(c));
    }
    for (String s :
        List.of(
            "\u00e9",
            "\u00ff",
            "\u0100",
            "\u07ff",
            "\u0800",
            "\u20ac",
            "\u2028",
            "\ufeff",
            "\uffff",
            "\ud83d\ude00",
            "\ud800\udc00",
            "\udbff\udfff",
            "bay-",
            "s-12",
            "caf\u00e9")) {
      pieces.add(s);
    }
    return pieces.toArray(String[]::new);
  }

  private static String text(Random random, int min, int max) {
    StringBuilder b = new StringBuilder();
    int n = min + random.nextInt(max - min + 1);
    for (int i = 0; i < n; i++) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }

  private static Instant instant(Random random) {
    long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
    int nanos =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(1000) * 1_000_000;
          case 2 -> random.nextInt(1_000_000) * 1_000;
          default -> random.nextInt(1_000_000_000);
        };
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static RawEvent raw(EventEnvelope e) {
    return new RawEvent(
        e.globalPosition(),
        e.streamId().getBytes(StandardCharsets.UTF_8),
        e.sequence(),
        e.type().getBytes(StandardCharsets.UTF_8),
        e.schemaVersion(),
        IsoInstants.format(e.occurredAt()).getBytes(StandardCharsets.US_ASCII),
        e.payload().getBytes(StandardCharsets.UTF_8));
  }

  private static void assertSameRecord(RawEvent row, EventEnvelope envelope) {
    assertThat(new String(KafkaEventRecords.toValue(row), StandardCharsets.UTF_8))
        .isEqualTo(new String(KafkaEventRecords.toValue(envelope), StandardCharsets.UTF_8));
    assertThat(KafkaEventRecords.toValue(row)).isEqualTo(KafkaEventRecords.toValue(envelope));
    assertThat(KafkaEventRecords.toKey(row))
        .isEqualTo(KafkaEventRecords.toKey(envelope.streamId()));
  }

  @Test
  void random_envelopes_give_the_same_value_and_key_on_both_paths() throws Exception {
    Random random = new Random(20261125);
    for (int i = 0; i < 20_000; i++) {
      String payload =
          switch (random.nextInt(4)) {
            case 0 -> JSON.writeValueAsString(Map.of("reason", text(random, 0, 12), "mv", i));
            case 1 -> JSON.writeValueAsString(List.of(text(random, 0, 6), i, -2.5, true));
            case 2 ->
                "{ \"a\" : [1, -2.50, 1e3], \"s\" : "
                    + JSON.writeValueAsString(text(random, 0, 8))
                    + " }";
            default -> JSON.writeValueAsString(text(random, 0, 20));
          };
      EventEnvelope envelope =
          new EventEnvelope(
              text(random, 1, 10),
              1 + random.nextInt(Integer.MAX_VALUE),
              random.nextBoolean() ? 1 + random.nextInt(1000) : random.nextLong(1, Long.MAX_VALUE),
              text(random, 1, 8),
              1 + random.nextInt(Integer.MAX_VALUE - 1),
              instant(random),
              payload);
      assertSameRecord(raw(envelope), envelope);
    }
  }

  @Test
  void every_ascii_character_in_stream_id_and_type_is_escaped_as_jackson_escapes_it() {
    for (char c = 0; c < 128; c++) {
      String s = "a" + c + "b" + c;
      EventEnvelope envelope =
          new EventEnvelope(
              s,
              1,
              Long.MAX_VALUE,
              s,
              1,
              Instant.EPOCH,
              "{\"x\":\"" + (c == '"' ? "" : "y") + "\"}");
      assertSameRecord(raw(envelope), envelope);
    }
  }

  @Test
  void bytes_that_are_not_utf8_go_through_the_envelope_as_the_journal_would_decode_them() {
    byte[][] bad = {
      {(byte) 0xC3},
      {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF8, 'a'},
      {'a', (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {'b', 'a', 'y', '-', '1', '2', '3', '4', '5', (byte) 0xC3},
      {
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        'a',
        'b',
        'c',
        'd',
        'e',
        'f',
        (byte) 0xED,
        (byte) 0xBF,
        (byte) 0xBF
      }
    };
    for (byte[] b : bad) {
      RawEvent row =
          new RawEvent(
              7,
              b,
              1,
              b,
              1,
              "2025-03-01T10:15:30Z".getBytes(StandardCharsets.US_ASCII),
              "\"x\"".getBytes(StandardCharsets.UTF_8));
      String decoded = new String(b, StandardCharsets.UTF_8);
      EventEnvelope envelope =
          new EventEnvelope(
              decoded, 1, 7, decoded, 1, Instant.parse("2025-03-01T10:15:30Z"), "\"x\"");
      assertSameRecord(row, envelope);
      byte[] payload = new byte[b.length + 12];
      System.arraycopy("\"0123456789".getBytes(StandardCharsets.US_ASCII), 0, payload, 0, 11);
      System.arraycopy(b, 0, payload, 11, b.length);
      payload[payload.length - 1] = '"';
      RawEvent badPayload =
          new RawEvent(
              7,
              "bay-1".getBytes(StandardCharsets.US_ASCII),
              1,
              "T".getBytes(StandardCharsets.US_ASCII),
              1,
              "2025-03-01T10:15:30Z".getBytes(StandardCharsets.US_ASCII),
              payload);
      assertSameRecord(
          badPayload,
          new EventEnvelope(
              "bay-1",
              1,
              7,
              "T",
              1,
              Instant.parse("2025-03-01T10:15:30Z"),
              new String(payload, StandardCharsets.UTF_8)));
    }
  }

  @Test
  void a_journal_read_raw_gives_the_records_of_the_journal_read_as_envelopes() throws Exception {
    Path file = dir.resolve("chargebay.db");
    Random random = new Random(7);
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      for (int i = 0; i < 300; i++) {
        String stream = i % 3 == 0 ? "bay-" + (i % 7) : "b" + text(random, 0, 6);
        List<ChargeEvent> events = new ArrayList<>(SampleEvents.oneOfEach());
        events.add(
            new SetpointChanged(
                "s-" + text(random, 0, 4),
                instant(random),
                1,
                2,
                false,
                text(random, 0, 10),
                Evidence.none()));
        store.append(stream, ExpectedVersion.any(), events);
      }
    }
    // rows as a hand-edited or foreign journal may hold them: occurred_at not in the canonical form
    List<String> odd =
        List.of(
            "2025-03-01T10:15:30.250000Z",
            "2025-03-01T10:15:30.000Z",
            "2025-03-01T10:15:30.1Z",
            "2024-02-29T23:59:59.5Z",
            "2025-01-31T00:00:00Z",
            "2025-03-01T10:15:30.123456789Z");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO events (stream_id, sequence, type, schema_version, occurred_at, payload)"
                    + " VALUES (?, ?, 'SetpointChanged', 1, ?, '{\"a\":1}')")) {
      int sequence = 1;
      for (String at : odd) {
        insert.setString(1, "odd-\u00e9\ud83d\ude00");
        insert.setInt(2, sequence++);
        insert.setString(3, at);
        insert.executeUpdate();
      }
    }
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      List<EventEnvelope> envelopes = store.readAll(0, 100_000);
      assertThat(envelopes).hasSizeGreaterThan(odd.size());
      for (int chunk : List.of(1, 7, 500, 100_000)) {
        long after = 0;
        int seen = 0;
        while (true) {
          List<RawEvent> rows = store.readAllRaw(after, chunk);
          if (rows.isEmpty()) {
            break;
          }
          for (RawEvent row : rows) {
            EventEnvelope envelope = envelopes.get(seen++);
            assertThat(row.globalPosition()).isEqualTo(envelope.globalPosition());
            assertThat(new String(row.occurredAt(), StandardCharsets.US_ASCII))
                .isEqualTo(IsoInstants.format(envelope.occurredAt()));
            assertSameRecord(row, envelope);
          }
          after = rows.get(rows.size() - 1).globalPosition();
        }
        assertThat(seen).isEqualTo(envelopes.size());
      }
    }
  }

  @Test
  void an_unreadable_occurred_at_fails_the_raw_read_as_it_fails_the_envelope_read()
      throws Exception {
    Path file = dir.resolve("bad.db");
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      store.append("bay-1", ExpectedVersion.any(), SampleEvents.oneOfEach().subList(0, 1));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement()
          .executeUpdate(
              "INSERT INTO events (stream_id, sequence, type, schema_version, occurred_at, payload)"
                  + " VALUES ('bay-1', 2, 'SetpointChanged', 1, '2025-02-30T00:00:00Z', '{}')");
    }
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      assertThatThrownBy(() -> store.readAll(0, 10))
          .isInstanceOf(EventStoreException.class)
          .hasMessageContaining("unreadable occurred_at '2025-02-30T00:00:00Z'");
      assertThatThrownBy(() -> store.readAllRaw(0, 10))
          .isInstanceOf(EventStoreException.class)
          .hasMessageContaining("unreadable occurred_at '2025-02-30T00:00:00Z'");
      assertThat(store.readAllRaw(0, 1)).hasSize(1);
    }
  }
}
