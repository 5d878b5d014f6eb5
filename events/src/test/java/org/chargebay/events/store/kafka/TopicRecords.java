package org.chargebay.events.store.kafka;

import java.time.Duration;
import java.util.ArrayList;
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
}
