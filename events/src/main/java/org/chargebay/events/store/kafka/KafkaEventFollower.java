package org.chargebay.events.store.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.store.EventStoreException;
import org.jspecify.annotations.Nullable;

/**
 * Reads an events topic from the start and hands over every event once, then (when following) every
 * new event as it is committed, until told to stop. Uses the same acceptance as {@link
 * KafkaEventStore} (duplicates and records that lost an append race are skipped) and the same
 * {@link KafkaPositions positions}; keeps a few fields per stream, never the events.
 *
 * <p>Order: first the topic as it stood at the start, partition by partition (the order of {@link
 * KafkaEventStore#readAll}); then new events in the order they are fetched. Each stream's events
 * are always in sequence order; events of different streams on different partitions have no defined
 * order. Reads {@code read_committed}, with its own group-less consumer.
 */
public final class KafkaEventFollower {
  private static final Duration POLL = Duration.ofMillis(100);

  private KafkaEventFollower() {}

  /**
   * Hands {@code sink} the events of {@code streamId} (every stream if null): all of them up to the
   * topic's end at the start, then, while {@code keepFollowing} is true (checked after each poll of
   * at most 100 ms), new ones. Returns when {@code keepFollowing} is false or the thread is
   * interrupted (with its interrupt status set).
   *
   * @param timeout how long metadata and the initial read may go without progress
   * @throws EventStoreException if the topic is missing or cannot be read
   */
  public static void follow(
      KafkaClients clients,
      @Nullable String streamId,
      Duration timeout,
      Consumer<EventEnvelope> sink,
      BooleanSupplier keepFollowing) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(keepFollowing, "keepFollowing");
    byte[] key = streamId == null ? null : KafkaEventRecords.toKey(streamId);
    StreamAcceptance acceptance = new StreamAcceptance();
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer = new KafkaConsumer<>(KafkaEventStore.config(clients));
    } catch (KafkaException e) { // a bad client property, no resolvable bootstrap server
      Throwable why = e.getCause() != null ? e.getCause() : e;
      throw new EventStoreException(
          "cannot read Kafka topic '"
              + clients.topic()
              + "' at "
              + clients.bootstrapServers()
              + ": "
              + why.getMessage(),
          e);
    }
    try {
      List<TopicPartition> partitions;
      Map<TopicPartition, Long> end;
      try {
        partitions = KafkaEventStore.partitionsOf(consumer, clients, timeout);
        end = consumer.endOffsets(partitions, timeout);
      } catch (InterruptException e) {
        return;
      } catch (KafkaException e) {
        throw new EventStoreException(
            "cannot read Kafka topic '"
                + clients.topic()
                + "' at "
                + clients.bootstrapServers()
                + ": "
                + e,
            e);
      }
      Map<TopicPartition, Long> resume = new HashMap<>();
      for (TopicPartition tp : partitions) {
        long to = end.getOrDefault(tp, 0L);
        try {
          PartitionScan.scan(
              consumer,
              tp,
              0,
              to,
              timeout,
              r -> {
                hand(r, key, streamId, acceptance, sink);
                return true;
              });
        } catch (EventStoreException e) {
          if (e.getCause() instanceof InterruptException) {
            return;
          }
          throw e;
        }
        resume.put(tp, to);
      }
      if (!keepFollowing.getAsBoolean()) {
        return;
      }
      try {
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
          consumer.seek(tp, resume.get(tp));
        }
        while (keepFollowing.getAsBoolean()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            hand(r, key, streamId, acceptance, sink);
          }
        }
      } catch (InterruptException e) {
        return; // InterruptException has set the thread's interrupt status again
      } catch (KafkaException e) {
        throw new EventStoreException(
            "cannot read Kafka topic '"
                + clients.topic()
                + "' at "
                + clients.bootstrapServers()
                + ": "
                + e,
            e);
      }
    } finally {
      close(consumer);
    }
  }

  /** Closes without throwing: an interrupted thread's close would, so it runs uninterrupted. */
  private static void close(KafkaConsumer<byte[], byte[]> consumer) {
    boolean interrupted = Thread.interrupted();
    try {
      consumer.close(Duration.ofSeconds(1));
    } catch (KafkaException e) {
      // nothing was committed or is owed: a group-less reader has nothing to lose on close
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Every event of the topic as it stands now (no following), in {@code readAll} order. */
  public static List<EventEnvelope> readAll(
      KafkaClients clients, @Nullable String streamId, Duration timeout) {
    List<EventEnvelope> all = new ArrayList<>();
    follow(clients, streamId, timeout, all::add, () -> false);
    return all;
  }

  private static void hand(
      ConsumerRecord<byte[], byte[]> r,
      byte @Nullable [] key,
      @Nullable String streamId,
      StreamAcceptance acceptance,
      Consumer<EventEnvelope> sink) {
    if (key != null && r.key() != null && !Arrays.equals(r.key(), key)) {
      return;
    }
    EventEnvelope e = acceptance.offer(r);
    if (e != null && (streamId == null || streamId.equals(e.streamId()))) {
      sink.accept(e);
    }
  }
}
