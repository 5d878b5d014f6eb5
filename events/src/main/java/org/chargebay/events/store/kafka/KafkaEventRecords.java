package org.chargebay.events.store.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.chargebay.events.EventEnvelope;
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

  private KafkaEventRecords() {}

  /** The record value for an envelope. */
  public static byte[] toValue(EventEnvelope envelope) {
    ObjectNode node = JSON.createObjectNode();
    node.put("streamId", envelope.streamId());
    node.put("sequence", envelope.sequence());
    node.put("journalPosition", envelope.globalPosition());
    node.put("type", envelope.type());
    node.put("schemaVersion", envelope.schemaVersion());
    node.put("occurredAt", envelope.occurredAt().toString());
    try {
      node.set("payload", JSON.readTree(envelope.payload()));
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new EventStoreException(
          "event " + envelope.streamId() + "#" + envelope.sequence() + " has a payload that is not JSON",
          e);
    }
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
          Instant.parse(text(node, "occurredAt")),
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
