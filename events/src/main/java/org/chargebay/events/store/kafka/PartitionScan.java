package org.chargebay.events.store.kafka;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.chargebay.events.store.EventStoreException;

/** Reads one partition between two offsets, record by record, without keeping the records. */
final class PartitionScan {
  private static final Duration POLL = Duration.ofMillis(100);

  private PartitionScan() {}

  /**
   * Hands every record of {@code tp} with {@code from <= offset < to} to {@code visitor}, in offset
   * order, until the visitor returns false.
   *
   * @param timeout how long the scan may go without progress
   * @return the offset after the last record visited, or {@code to} if the visitor never stopped
   */
  static long scan(
      KafkaConsumer<byte[], byte[]> consumer,
      TopicPartition tp,
      long from,
      long to,
      Duration timeout,
      Predicate<ConsumerRecord<byte[], byte[]>> visitor) {
    if (from >= to) {
      return to;
    }
    try {
      consumer.assign(List.of(tp));
      consumer.seek(tp, from);
      long deadline = System.nanoTime() + timeout.toNanos();
      long position = from;
      while (position < to) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(tp)) {
          if (r.offset() >= to) {
            return to;
          }
          if (r.offset() >= from && !visitor.test(r)) {
            return r.offset() + 1;
          }
        }
        long now = consumer.position(tp, timeout);
        if (now > position) {
          position = now;
          deadline = System.nanoTime() + timeout.toNanos();
        } else if (System.nanoTime() > deadline) {
          throw new EventStoreException(
              "Kafka "
                  + tp
                  + ": no progress from offset "
                  + position
                  + " for "
                  + timeout.toMillis()
                  + " ms");
        }
      }
      return to;
    } catch (KafkaException e) {
      throw new EventStoreException("cannot read Kafka " + tp + ": " + e, e);
    }
  }
}
