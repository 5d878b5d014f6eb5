package org.chargebay.events.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.SampleEvents;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStoreException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KafkaEventRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The encoding as it was written before it streamed: payload parsed to a tree and re-written. */
  private static byte[] treeValue(EventEnvelope envelope) throws Exception {
    ObjectNode node = JSON.createObjectNode();
    node.put("streamId", envelope.streamId());
    node.put("sequence", envelope.sequence());
    node.put("journalPosition", envelope.globalPosition());
    node.put("type", envelope.type());
    node.put("schemaVersion", envelope.schemaVersion());
    node.put("occurredAt", envelope.occurredAt().toString());
    node.set("payload", JSON.readTree(envelope.payload()));
    return JSON.writeValueAsBytes(node);
  }

  @Test
  void the_value_bytes_are_those_of_the_tree_encoding_and_read_back() throws Exception {
    EventCodec codec = EventCodec.standard();
    List<EventEnvelope> envelopes = new ArrayList<>();
    long position = 1;
    for (ChargeEvent event : SampleEvents.oneOfEach()) {
      EventCodec.Encoded e = codec.encode(event);
      envelopes.add(
          new EventEnvelope(
              "bay-\u00e9\"7", position, 1_000_000_000_000L + position, e.type(), e.schemaVersion(),
              event.at(), e.payload()));
      position++;
    }
    envelopes.add(
        new EventEnvelope(
            "bay-1", 1, 2, "X", 1, Instant.parse("2025-03-01T10:15:30.120Z"),
            "{ \"a\" : [1, -2.50, 1e3, 12345678901234567890, true, null],"
                + " \"b\": \"caf\\u00e9 \\\"q\\\" \\n \u20ac \\ud83d\\ude00\", \"c\": {}, \"d\": []}"));
    envelopes.add(new EventEnvelope("bay-1", 1, 2, "X", 1, Instant.EPOCH, "42"));
    for (EventEnvelope envelope : envelopes) {
      byte[] value = KafkaEventRecords.toValue(envelope);
      assertThat(new String(value, StandardCharsets.UTF_8))
          .isEqualTo(new String(treeValue(envelope), StandardCharsets.UTF_8));
      assertThat(KafkaEventRecords.fromValue(value).globalPosition())
          .isEqualTo(envelope.globalPosition());
    }
  }

  @Test
  void a_payload_that_is_not_json_is_refused() {
    for (String payload : List.of("", "{\"a\":", "{\"a\" 1}", "nope")) {
      EventEnvelope envelope = new EventEnvelope("bay-1", 1, 2, "X", 1, Instant.EPOCH, payload);
      assertThatThrownBy(() -> KafkaEventRecords.toValue(envelope))
          .as(payload)
          .isInstanceOf(EventStoreException.class)
          .hasMessageContaining("bay-1#1");
    }
  }
}
