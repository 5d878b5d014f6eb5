package org.chargebay.events.store.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.chargebay.events.store.EventStoreException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KafkaEventFollowerTest {

  @Test
  void a_consumer_that_cannot_be_created_is_an_event_store_exception_naming_the_topic() {
    KafkaClients clients =
        new KafkaClients("127.0.0.1:9", "chargebay.events", Map.of("max.poll.records", "many"));

    assertThatThrownBy(
            () ->
                KafkaEventFollower.follow(
                    clients, null, Duration.ofSeconds(1), e -> {}, () -> false))
        .isInstanceOf(EventStoreException.class)
        .hasMessageStartingWith("cannot read Kafka topic 'chargebay.events' at 127.0.0.1:9: ")
        .hasMessageContaining("max.poll.records");
  }
}
