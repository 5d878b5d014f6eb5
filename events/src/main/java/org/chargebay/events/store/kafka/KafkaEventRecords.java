package org.chargebay.events.store.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.IsoInstants;
import org.chargebay.events.store.EventStoreException;

/**
 * The JSON shape of an event on the topic: the envelope (CloudEvents-like) with the payload
 * embedded as a JSON object, e.g. {@code {"streamId":"bay-3","sequence":12,"journalPosition":
 * 345,"type":"SetpointChanged","schemaVersion":1,"occurredAt":"2026-01-01T00:00:00Z",
 * "payload":{...}}}. The record key is the stream id (UTF-8). {@code journalPosition} is the
 * global position in the journal that produced the record; readers assign their own positions.
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
