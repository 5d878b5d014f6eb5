package org.chargebay.events.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreContract;
import org.chargebay.events.store.ExpectedVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract against the Kafka-backed store on an in-JVM broker, one topic per test. */
class KafkaEventStoreIT extends EventStoreContract {
  private static KafkaTestCluster kafka;
  private static final AtomicInteger TOPICS = new AtomicInteger();

  @BeforeAll
  static void start_kafka() {
    kafka = KafkaTestCluster.start();
  }

  @AfterAll
  static void stop_kafka() {
    kafka.close();
  }

  @Override
  protected EventStore newStore() {
    KafkaClients clients = kafka.topic("contract-" + TOPICS.incrementAndGet(), 1);
    return KafkaEventStore.open(clients, EventCodec.standard(), Duration.ofSeconds(30));
  }

  @Test
  void a_second_store_on_the_same_topic_sees_the_same_streams_and_loses_an_append_race() {
    KafkaClients clients = kafka.topic("second-view", 3);
    try (KafkaEventStore a =
            KafkaEventStore.open(clients, EventCodec.standard(), Duration.ofSeconds(30));
        KafkaEventStore b =
            KafkaEventStore.open(clients, EventCodec.standard(), Duration.ofSeconds(30))) {
      a.append("bay-1", ExpectedVersion.noStream(), List.of(event("a1"), event("a2")));
      b.append("bay-2", ExpectedVersion.noStream(), List.of(event("b1")));

      assertThat(b.readStream("bay-1", 1))
          .extracting(EventEnvelope::sequence)
          .containsExactly(1L, 2L);
      assertThat(a.streamIds()).containsExactly("bay-1", "bay-2");
      assertThat(b.streamVersion("bay-1")).isEqualTo(2);
      assertThat(a.ignoredDuplicates()).isZero();
    }
  }
}
