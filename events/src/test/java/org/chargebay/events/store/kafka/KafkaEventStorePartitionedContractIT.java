package org.chargebay.events.store.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against the Kafka-backed store on a 3-partition topic, one topic per test.
 * Across partitions {@code readAll} is ordered partition by partition, not in append order: the
 * store declares it ({@link #readAllInAppendOrderAcrossStreams()} is false).
 */
class KafkaEventStorePartitionedContractIT extends EventStoreContract {
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
    KafkaClients clients = kafka.topic("contract3-" + TOPICS.incrementAndGet(), 3);
    return KafkaEventStore.open(clients, EventCodec.standard(), Duration.ofSeconds(30));
  }

  @Override
  protected boolean readAllInAppendOrderAcrossStreams() {
    return false;
  }
}
