package org.chargebay.events.store.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.IsoInstants;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.RawEvent;

/**
 * The JSON shape of an event on the topic: the envelope (CloudEvents-like) with the payload
 * embedded as a JSON object, e.g. {@code {"streamId":"bay-3","sequence":12,"journalPosition":
 * 345,"type":"SetpointChanged","schemaVersion":1,"occurredAt":"2026-01-01T00:00:00Z",
 * "payload":{...}}}. The record key is the stream id (UTF-8). {@code journalPosition} is the global
 * position in the journal that produced the record; readers assign their own positions.
 */
public final class KafkaEventRecords {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private KafkaEventRecords() {}

  /**
   * The record value for an envelope, byte for byte what the earlier encoding (payload parsed to a
   * tree and written again) produced ({@code KafkaEventRecordsTest}), at a fraction of its cost.
   * The journal's payloads are written by {@code EventCodec.encode} (Jackson, compact), so they are
   * embedded as stored, without parsing them again; except that a payload with a character outside
   * the Basic Multilingual Plane (which the codec writes as is, and this encoder as a {@code \\u}
   * escaped surrogate pair) is copied token by token. A payload that is not JSON, which only a
   * hand-edited journal could hold, is no longer refused here; readers of the topic ({@link
   * #fromValue}) refuse it.
   */
  public static byte[] toValue(EventEnvelope envelope) {
    String payload = envelope.payload();
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length() + 192);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("streamId", envelope.streamId());
      g.writeNumberField("sequence", envelope.sequence());
      g.writeNumberField("journalPosition", envelope.globalPosition());
      g.writeStringField("type", envelope.type());
      g.writeNumberField("schemaVersion", envelope.schemaVersion());
      g.writeStringField("occurredAt", IsoInstants.format(envelope.occurredAt()));
      g.writeFieldName("payload");
      if (hasSurrogate(payload)) {
        try (JsonParser p = FACTORY.createParser(payload)) {
          if (p.nextToken() == null) {
            throw new JsonParseException(p, "empty payload");
          }
          g.copyCurrentStructure(p);
        }
      } else {
        g.writeRawValue(payload);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new EventStoreException(
          "cannot encode event " + envelope.streamId() + "#" + envelope.sequence(), e);
    }
    return out.toByteArray();
  }

  private static final byte[] STREAM_ID = ascii("{\"streamId\":\"");
  private static final byte[] SEQUENCE = ascii("\",\"sequence\":");
  private static final byte[] JOURNAL_POSITION = ascii(",\"journalPosition\":");
  private static final byte[] TYPE = ascii(",\"type\":\"");
  private static final byte[] SCHEMA_VERSION = ascii("\",\"schemaVersion\":");
  private static final byte[] OCCURRED_AT = ascii(",\"occurredAt\":\"");
  private static final byte[] PAYLOAD = ascii("\",\"payload\":");
  private static final byte[] HEX = ascii("0123456789ABCDEF");
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * {@link #toValue(EventEnvelope)} of the envelope a journal row reads as, byte for byte ({@code
   * KafkaEventRecordsTest}), written straight from the stored bytes: the stream id and type escaped
   * as Jackson escapes them ({@code \"}, {@code \\}, {@code \n} etc., other control characters as
   * {@code \\u00XX}), {@code occurredAt} as stored (the store hands it over in {@link
   * IsoInstants#format}'s form), the payload copied. Rows this does not reproduce exactly go
   * through {@link #toValue(EventEnvelope)}: a character outside the Basic Multilingual Plane in
   * the stream id, type or payload (escaped or copied token by token there), bytes that are not
   * UTF-8, negative numbers.
   */
  public static byte[] toValue(RawEvent row) {
    byte[] streamId = row.streamId();
    byte[] type = row.type();
    byte[] occurredAt = row.occurredAt();
    byte[] payload = row.payload();
    int streamIdLength = escapedLength(streamId);
    int typeLength = escapedLength(type);
    if (streamIdLength < 0
        || typeLength < 0
        || !isBmpUtf8(payload)
        || row.sequence() < 0
        || row.globalPosition() < 0
        || row.schemaVersion() < 0) {
      return toValue(envelope(row));
    }
    int length =
        STREAM_ID.length
            + streamIdLength
            + SEQUENCE.length
            + decimalLength(row.sequence())
            + JOURNAL_POSITION.length
            + decimalLength(row.globalPosition())
            + TYPE.length
            + typeLength
            + SCHEMA_VERSION.length
            + decimalLength(row.schemaVersion())
            + OCCURRED_AT.length
            + occurredAt.length
            + PAYLOAD.length
            + payload.length
            + 1;
    byte[] out = new byte[length];
    int at = put(out, 0, STREAM_ID);
    at = putEscaped(out, at, streamId);
    at = put(out, at, SEQUENCE);
    at = putDecimal(out, at, row.sequence());
    at = put(out, at, JOURNAL_POSITION);
    at = putDecimal(out, at, row.globalPosition());
    at = put(out, at, TYPE);
    at = putEscaped(out, at, type);
    at = put(out, at, SCHEMA_VERSION);
    at = putDecimal(out, at, row.schemaVersion());
    at = put(out, at, OCCURRED_AT);
    at = put(out, at, occurredAt);
    at = put(out, at, PAYLOAD);
    at = put(out, at, payload);
    out[at] = '}';
    return out;
  }

  /**
   * The record key of a journal row: its stored stream id bytes when they are UTF-8 (then they are
   * what {@link #toKey(String)} gives for the stream id), otherwise {@link #toKey(String)} of it.
   */
  public static byte[] toKey(RawEvent row) {
    byte[] streamId = row.streamId();
    return checkUtf8(streamId, true) >= 0 ? streamId : toKey(utf8(streamId));
  }

  /** The envelope the row reads as through {@code EventStore.readAll}. */
  static EventEnvelope envelope(RawEvent row) {
    return new EventEnvelope(
        utf8(row.streamId()),
        row.sequence(),
        row.globalPosition(),
        utf8(row.type()),
        row.schemaVersion(),
        IsoInstants.parse(new String(row.occurredAt(), StandardCharsets.US_ASCII)),
        utf8(row.payload()));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static boolean isBmpUtf8(byte[] s) {
    return checkUtf8(s, false) >= 0;
  }

  /**
   * 0 if {@code s} is well-formed UTF-8 (as Java's decoder defines it: no overlong forms, no
   * encoded surrogates, nothing above U+10FFFF) without a four-byte sequence unless {@code
   * fourByte}; -1 otherwise.
   */
  private static int checkUtf8(byte[] s, boolean fourByte) {
    int n = s.length;
    int i = 0;
    while (i + 8 <= n && ((long) LONGS.get(s, i) & 0x8080_8080_8080_8080L) == 0) {
      i += 8; // eight ASCII bytes at a time: payloads are mostly ASCII
    }
    while (i < n) {
      int b = s[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      if (b >= 0xC2 && b <= 0xDF) {
        if (i + 1 >= n || !continuation(s[i + 1])) {
          return -1;
        }
        i += 2;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (i + 2 >= n || !continuation(s[i + 1]) || !continuation(s[i + 2])) {
          return -1;
        }
        int b1 = s[i + 1] & 0xFF;
        if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0)) {
          return -1; // overlong, or a surrogate
        }
        i += 3;
      } else if (fourByte && b >= 0xF0 && b <= 0xF4) {
        if (i + 3 >= n
            || !continuation(s[i + 1])
            || !continuation(s[i + 2])
            || !continuation(s[i + 3])) {
          return -1;
        }
        int b1 = s[i + 1] & 0xFF;
        if ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90)) {
          return -1; // overlong, or above U+10FFFF
        }
        i += 4;
      } else {
        return -1;
      }
    }
    return 0;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /** The length of {@code s} as a Jackson string value's content, -1 if not handled here. */
  private static int escapedLength(byte[] s) {
    if (checkUtf8(s, false) < 0) {
      return -1;
    }
    int length = s.length;
    for (byte b : s) {
      if (b >= 0 && b < 0x20) {
        length += isShortEscape(b) ? 1 : 5;
      } else if (b == '"' || b == '\\') {
        length += 1;
      }
    }
    return length;
  }

  private static boolean isShortEscape(byte b) {
    return b == '\b' || b == '\t' || b == '\n' || b == '\f' || b == '\r';
  }

  private static int putEscaped(byte[] out, int at, byte[] s) {
    for (byte b : s) {
      if (b >= 0x20 && b != '"' && b != '\\' || b < 0) {
        out[at++] = b;
      } else if (b == '"' || b == '\\') {
        out[at++] = '\\';
        out[at++] = b;
      } else if (isShortEscape(b)) {
        out[at++] = '\\';
        out[at++] =
            switch (b) {
              case '\b' -> (byte) 'b';
              case '\t' -> (byte) 't';
              case '\n' -> (byte) 'n';
              case '\f' -> (byte) 'f';
              default -> (byte) 'r';
            };
      } else {
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = '0';
        out[at++] = '0';
        out[at++] = HEX[b >> 4];
        out[at++] = HEX[b & 0xF];
      }
    }
    return at;
  }

  private static int put(byte[] out, int at, byte[] s) {
    System.arraycopy(s, 0, out, at, s.length);
    return at + s.length;
  }

  private static int decimalLength(long v) {
    int n = 1;
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }

  private static int putDecimal(byte[] out, int at, long v) {
    int end = at + decimalLength(v);
    for (int i = end - 1; i >= at; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return end;
  }

  private static boolean hasSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** The record key for a stream. */
  public static byte[] toKey(String streamId) {
    return streamId.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The envelope in a record value, with {@code globalPosition} set to the journal position it
   * carries.
   *
   * @throws EventStoreException if the value is not such a record
   */
  public static EventEnvelope fromValue(byte[] value) {
    try {
      JsonNode node = JSON.readTree(value);
      return new EventEnvelope(
          text(node, "streamId"),
          node.path("sequence").asLong(),
          node.path("journalPosition").asLong(),
          text(node, "type"),
          node.path("schemaVersion").asInt(),
          IsoInstants.parse(text(node, "occurredAt")),
          JSON.writeValueAsString(node.get("payload")));
    } catch (java.io.IOException | RuntimeException e) {
      throw new EventStoreException(
          "not a chargebay event record: " + new String(value, StandardCharsets.UTF_8), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field '" + field + "'");
    }
    return v.asText();
  }
}
