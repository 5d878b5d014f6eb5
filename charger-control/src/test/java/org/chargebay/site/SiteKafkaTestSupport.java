package org.chargebay.site;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/** Waiting for conditions, and a reader of every committed allocation, for the site ITs. */
final class SiteKafkaTestSupport {
  private SiteKafkaTestSupport() {}

  static void await(BooleanSupplier done, Duration max, String what) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + max + ": " + what);
      }
      LockSupport.parkNanos(10_000_000L); // polling a condition
    }
  }

  /** An allocation as read from the topic, with the test's arrival time. */
  record Seen(SiteAllocation allocation, long arrivedMillis) {}

  /** Reads every committed allocation of the topic from the beginning, on its own thread. */
  static final class AllocationReader implements AutoCloseable {
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final List<String> bad = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;

    AllocationReader(String bootstrap, String topic) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  "bootstrap.servers", bootstrap,
                  "isolation.level", "read_committed",
                  "enable.auto.commit", "false",
                  "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                  "value.deserializer",
                      "org.apache.kafka.common.serialization.ByteArrayDeserializer"));
      TopicPartition tp = new TopicPartition(topic, 0);
      thread =
          new Thread(
              () -> {
                try {
                  consumer.assign(List.of(tp));
                  consumer.seekToBeginning(List.of(tp));
                  while (true) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                      try {
                        seen.add(
                            new Seen(
                                SiteMessages.allocation(r.value()), System.currentTimeMillis()));
                      } catch (SiteMessages.BadMessageException e) {
                        bad.add(e.getMessage());
                      }
                    }
                  }
                } catch (WakeupException e) {
                  // closing
                } finally {
                  consumer.close();
                }
              },
              "test-allocation-reader");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      consumer.wakeup();
      thread.join(10_000);
    }
  }
}
