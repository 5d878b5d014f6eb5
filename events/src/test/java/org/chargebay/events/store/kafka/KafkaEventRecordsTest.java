package org.chargebay.events.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SampleEvents;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
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
  void for_payloads_the_codec_wrote_the_value_bytes_are_those_of_the_tree_encoding()
      throws Exception {
    EventCodec codec = EventCodec.standard();
    List<ChargeEvent> events = new ArrayList<>(SampleEvents.oneOfEach());
    events.add(
        new SetpointChanged(
            "s-\u00e9",
            Instant.parse("2025-03-01T10:15:30.000001Z"),
            1,
            2,
            false,
            "caf\u00e9 \"q\" \\ \n\t\u0001 \u20ac \ud83d\ude00 </script>",
            Evidence.none()));
    List<EventEnvelope> envelopes = new ArrayList<>();
    long position = 1;
    for (ChargeEvent event : events) {
      EventCodec.Encoded e = codec.encode(event);
      envelopes.add(
          new EventEnvelope(
              "bay-\u00e9\"7",
              position,
              1_000_000_000_000L + position,
              e.type(),
              e.schemaVersion(),
              event.at(),
              e.payload()));
      position++;
    }
    for (EventEnvelope envelope : envelopes) {
      byte[] value = KafkaEventRecords.toValue(envelope);
      assertThat(new String(value, StandardCharsets.UTF_8))
          .isEqualTo(new String(treeValue(envelope), StandardCharsets.UTF_8));
      assertThat(KafkaEventRecords.fromValue(value)).isEqualTo(envelope);
    }
  }

  @Test
  void the_payload_is_embedded_as_stored() {
    String payload = "{ \"a\" : [1, -2.50, 1e3] }";
    EventEnvelope envelope = new EventEnvelope("bay-1", 1, 2, "X", 1, Instant.EPOCH, payload);
    assertThat(new String(KafkaEventRecords.toValue(envelope), StandardCharsets.UTF_8))
        .endsWith(",\"payload\":" + payload + "}");
  }
}
