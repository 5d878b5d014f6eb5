package org.chargebay.events.store.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.chargebay.events.EventEnvelope;

/** Every record of a topic as published (duplicates included), partition by partition. */
public final class TopicRecords {
  private TopicRecords() {}

  /** All envelopes (with their journal positions) of every partition, in partition order. */
  public static List<EventEnvelope> readAll(KafkaClients clients) {
    Map<String, Object> config = clients.consumer();
    List<EventEnvelope> result = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
      List<TopicPartition> tps =
          c.partitionsFor(clients.topic()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      awaitTransactionMarkers(config, c, tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("topic " + clients.topic() + " not read in 30 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          result.add(KafkaEventRecords.fromValue(r.value()));
        }
      }
    }
    return result;
  }

  /**
   * Waits (up to 10 s) until no partition has records beyond its last stable offset: {@code
   * commitTransaction} returns before the broker has written the commit markers, so a {@code
   * read_committed} reader that starts right after it may not see the last transaction yet. A
   * transaction left open (a crashed producer) keeps them apart; then the read goes on after 10 s.
   */
  private static void awaitTransactionMarkers(
      Map<String, Object> config,
      KafkaConsumer<byte[], byte[]> committed,
      List<TopicPartition> tps) {
    Map<String, Object> uncommittedConfig = new HashMap<>(config);
    uncommittedConfig.put("isolation.level", "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(uncommittedConfig)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!committed.endOffsets(tps).equals(uncommitted.endOffsets(tps))
          && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
