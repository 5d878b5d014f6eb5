package org.chargebay.events.store.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.jspecify.annotations.Nullable;

/**
 * The fleet side: every stream of an events topic, read from the topic, with appends. A depot
 * dashboard or planner reads the relay's topic through this class; tests append through it to prove
 * it honours the {@link EventStore} contract.
 *
 * <p><b>Partitions and positions.</b> The topic may have any number of partitions. Records are
 * keyed by stream id, so each stream lives in one partition and its order holds there; Kafka
 * defines no order across partitions. An event's global position is its record's {@link
 * KafkaPositions partition and offset}: the same for every reader, and ordering the topic partition
 * by partition. {@link #readAll} pages in that order: each stream's events in sequence order, but
 * not in append order across streams unless the topic has one partition. It is a snapshot order,
 * not a follow cursor: a record appended later to a lower partition gets a position below ones
 * already read ({@link KafkaEventFollower} follows a topic). Adding partitions to a live topic
 * moves streams to other partitions and is not supported.
 *
 * <p><b>Reading.</b> A record is accepted into its stream only if its sequence is the stream's next
 * one ({@link StreamAcceptance}): a duplicate (a relay that re-sent after a crash) or a record that
 * lost an append race is ignored and counted, never applied twice. Every read first catches up with
 * the topic's last stable offset ({@code read_committed}).
 *
 * <p><b>Memory.</b> The view keeps a few fields per stream (version, partition, first offset),
 * never the events. {@link #readStream} scans the stream's partition from the stream's first record
 * and holds only the events it returns; {@link #readAll} streams partitions page by page and holds
 * one page (paging on from the last page's end resumes where it stopped; any other {@code
 * afterPosition} rescans its partition from the start). {@link
 * org.chargebay.events.replay.FleetProjection} folds through {@code readAll}, so rebuilding a depot
 * costs one pass over the topic and memory for the projections.
 *
 * <p><b>Appending.</b> One Kafka transaction per append (idempotent, {@code acks=all}, key = stream
 * id), so an append's events are all visible or none is. The expected version is checked against
 * the caught-up view before sending and confirmed after the commit by reading the topic back: if
 * another writer's append for the same stream was accepted first, this one's records are ignored by
 * every reader and {@link ConcurrentAppendException} is thrown.
 *
 * <p>Instances are thread-safe (one lock); a read blocks while the view catches up.
 */
public final class KafkaEventStore implements EventStore {
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaClients clients;
  private final EventCodec codec;
  private final Duration timeout;
  private final String writerId = UUID.randomUUID().toString();
  private final ReentrantLock lock = new ReentrantLock();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final StreamAcceptance head = new StreamAcceptance();
  private @Nullable KafkaConsumer<byte[], byte[]> scanner;
  private @Nullable KafkaProducer<byte[], byte[]> producer;
  private long appendCounter;
  private @Nullable String pendingAppendId;
  private final List<EventEnvelope> pendingAccepted = new ArrayList<>();
  private @Nullable Cursor cursor;
  private boolean closed;

  /** Where the last full {@link #readAll} page stopped, to resume paging without a rescan. */
  private record Cursor(
      long after, int partitionIndex, long nextOffset, StreamAcceptance acceptance) {}

  private KafkaEventStore(KafkaClients clients, EventCodec codec, Duration timeout) {
    this.clients = clients;
    this.codec = codec;
    this.timeout = timeout;
    this.consumer = new KafkaConsumer<>(config(clients));
    try {
      this.partitions = partitionsOf(consumer, clients, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    } catch (KafkaException e) {
      consumer.close();
      throw new EventStoreException(
          "cannot read Kafka topic '"
              + clients.topic()
              + "' at "
              + clients.bootstrapServers()
              + ": "
              + e,
          e);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  static Map<String, Object> config(KafkaClients clients) {
    Map<String, Object> config = clients.consumer();
    // Readers poll only while catching up: answer fetches at once instead of after 500 ms.
    config.putIfAbsent("fetch.max.wait.ms", "10");
    return config;
  }

  /** The topic's partitions, in partition order. */
  static List<TopicPartition> partitionsOf(
      KafkaConsumer<byte[], byte[]> consumer, KafkaClients clients, Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(clients.topic(), timeout);
    if (infos == null || infos.isEmpty()) {
      throw new EventStoreException(
          "Kafka topic '" + clients.topic() + "' does not exist at " + clients.bootstrapServers());
    }
    return infos.stream()
        .map(i -> new TopicPartition(i.topic(), i.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  /**
   * Opens a view of {@code clients.topic()}, which must exist, and catches up with it.
   *
   * @param timeout how long one Kafka operation (metadata, catching up, commit) may take
   * @throws EventStoreException if the topic is missing or the broker does not answer in time
   */
  public static KafkaEventStore open(KafkaClients clients, EventCodec codec, Duration timeout) {
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(codec, "codec");
    KafkaEventStore store = new KafkaEventStore(clients, codec, timeout);
    store.lock.lock();
    try {
      store.catchUp();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    } finally {
      store.lock.unlock();
    }
    return store;
  }

  /** How many partitions the topic has. */
  public int partitionCount() {
    return partitions.size();
  }

  @Override
  public List<EventEnvelope> append(
      String streamId, ExpectedVersion expected, List<ChargeEvent> events) {
    requireStreamId(streamId);
    Objects.requireNonNull(expected, "expected");
    List<ChargeEvent> batch = List.copyOf(events);
    List<EventCodec.Encoded> encoded = batch.stream().map(codec::encode).toList();
    lock.lock();
    try {
      ensureOpen();
      catchUp();
      long current = head.version(streamId);
      if (!expected.matches(current)) {
        throw new ConcurrentAppendException(streamId, expected, current);
      }
      if (batch.isEmpty()) {
        return List.of();
      }
      String appendId = writerId + "/" + (++appendCounter);
      KafkaProducer<byte[], byte[]> p = producer();
      Future<RecordMetadata> lastSent = null;
      pendingAppendId = appendId;
      pendingAccepted.clear();
      try {
        p.beginTransaction();
        for (int i = 0; i < batch.size(); i++) {
          EventCodec.Encoded e = encoded.get(i);
          EventEnvelope envelope =
              new EventEnvelope(
                  streamId,
                  current + 1 + i,
                  0,
                  e.type(),
                  e.schemaVersion(),
                  batch.get(i).at(),
                  e.payload());
          ProducerRecord<byte[], byte[]> record =
              new ProducerRecord<>(
                  clients.topic(),
                  null,
                  KafkaEventRecords.toKey(streamId),
                  KafkaEventRecords.toValue(envelope),
                  List.<Header>of(
                      new RecordHeader(
                          StreamAcceptance.APPEND_ID, appendId.getBytes(StandardCharsets.UTF_8)),
                      new RecordHeader(
                          StreamAcceptance.APPEND_INDEX,
                          Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
          lastSent = p.send(record);
        }
        p.commitTransaction();
        RecordMetadata meta = lastSent.get();
        // All records of the append went to this partition (one key); their commit is visible
        // once the view has read past the last one.
        catchUpPast(new TopicPartition(meta.topic(), meta.partition()), meta.offset());
        if (pendingAccepted.size() != batch.size()) {
          throw new ConcurrentAppendException(streamId, expected, head.version(streamId));
        }
        return List.copyOf(pendingAccepted);
      } catch (ExecutionException e) {
        closeProducer();
        throw new EventStoreException(
            "cannot append to stream '"
                + streamId
                + "' on Kafka topic '"
                + clients.topic()
                + "': "
                + e.getCause(),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeProducer();
        throw new EventStoreException(
            "interrupted while appending to stream '" + streamId + "'", e);
      } catch (KafkaException e) {
        closeProducer();
        throw new EventStoreException(
            "cannot append to stream '"
                + streamId
                + "' on Kafka topic '"
                + clients.topic()
                + "': "
                + e,
            e);
      } finally {
        pendingAppendId = null;
        pendingAccepted.clear();
      }
    } finally {
      lock.unlock();
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> config = clients.producer();
      config.put("transactional.id", "chargebay-store-" + writerId);
      KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config);
      try {
        p.initTransactions();
      } catch (KafkaException e) {
        p.close(Duration.ZERO);
        throw new EventStoreException("cannot start a Kafka transactional producer: " + e, e);
      }
      producer = p;
    }
    return producer;
  }

  private void closeProducer() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  /** Reads the topic up to its last stable offset and applies every record. */
  private void catchUp() {
    try {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (behind(end)) {
        if (System.nanoTime() > deadline) {
          throw new EventStoreException(
              "Kafka topic '"
                  + clients.topic()
                  + "': not caught up after "
                  + timeout.toMillis()
                  + " ms");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          apply(r);
        }
      }
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
  }

  /** Reads until the record at {@code offset} of {@code tp} is applied (its commit is visible). */
  private void catchUpPast(TopicPartition tp, long offset) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(tp, timeout) <= offset) {
      if (System.nanoTime() > deadline) {
        throw new EventStoreException(
            "Kafka topic '"
                + clients.topic()
                + "': own append not visible after "
                + timeout.toMillis()
                + " ms");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
        apply(r);
      }
    }
  }

  private boolean behind(Map<TopicPartition, Long> end) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp, timeout) < end.getOrDefault(tp, 0L)) {
        return true;
      }
    }
    return false;
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    EventEnvelope accepted = head.offer(record);
    if (accepted != null
        && pendingAppendId != null
        && pendingAppendId.equals(StreamAcceptance.header(record, StreamAcceptance.APPEND_ID))) {
      pendingAccepted.add(accepted);
    }
  }

  /** The consumer for scans, separate from the view's so the view keeps its positions. */
  private KafkaConsumer<byte[], byte[]> scanner() {
    if (scanner == null) {
      scanner = new KafkaConsumer<>(config(clients));
    }
    return scanner;
  }

  /** Where the view stands in {@code tp}: every record before it is applied. */
  private long headPosition(TopicPartition tp) {
    try {
      return consumer.position(tp, timeout);
    } catch (KafkaException e) {
      throw new EventStoreException("cannot read Kafka " + tp + ": " + e, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Scans the stream's partition from the stream's first record up to where the view stands,
   * decoding only the stream's own records; holds only the events returned.
   */
  @Override
  public List<EventEnvelope> readStream(String streamId, long fromSequence) {
    requireStreamId(streamId);
    lock.lock();
    try {
      ensureOpen();
      catchUp();
      StreamAcceptance.Stream s = head.stream(streamId);
      if (s == null || fromSequence > s.version) {
        return List.of();
      }
      TopicPartition tp = partitions.get(indexOf(s.partition));
      byte[] key = KafkaEventRecords.toKey(streamId);
      StreamAcceptance acceptance = new StreamAcceptance();
      List<EventEnvelope> result = new ArrayList<>();
      PartitionScan.scan(
          scanner(),
          tp,
          s.firstOffset,
          headPosition(tp),
          timeout,
          r -> {
            if (r.key() != null && !Arrays.equals(r.key(), key)) {
              return true;
            }
            EventEnvelope e = acceptance.offer(r);
            if (e != null && e.streamId().equals(streamId) && e.sequence() >= fromSequence) {
              result.add(e);
            }
            return true;
          });
      return List.copyOf(result);
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Positions are {@link KafkaPositions partition and offset}: the order is partition by
   * partition, each stream's events in sequence order. Holds one page; paging on from the last full
   * page's last position resumes that scan, any other {@code afterPosition} rescans its partition
   * from the beginning to decide which records are events.
   */
  @Override
  public List<EventEnvelope> readAll(long afterPosition, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    lock.lock();
    try {
      ensureOpen();
      if (limit == 0) {
        return List.of();
      }
      catchUp();
      int index;
      long from;
      long skipTo; // positions <= skipTo are not returned
      StreamAcceptance acceptance;
      Cursor c = cursor;
      cursor = null;
      if (c != null && c.after() == afterPosition) {
        index = c.partitionIndex();
        from = c.nextOffset();
        skipTo = afterPosition;
        acceptance = c.acceptance();
      } else if (afterPosition <= 0) {
        index = 0;
        from = 0;
        skipTo = 0;
        acceptance = new StreamAcceptance();
      } else {
        int partition = KafkaPositions.partition(afterPosition);
        index = firstIndexAtOrAfter(partition);
        from = 0;
        skipTo =
            index < partitions.size() && partitions.get(index).partition() == partition
                ? afterPosition
                : 0;
        acceptance = new StreamAcceptance();
      }
      List<EventEnvelope> page = new ArrayList<>(Math.min(limit, 1_024));
      for (; index < partitions.size(); index++) {
        TopicPartition tp = partitions.get(index);
        long floor = skipTo;
        StreamAcceptance scanAcceptance = acceptance;
        long next =
            PartitionScan.scan(
                scanner(),
                tp,
                from,
                headPosition(tp),
                timeout,
                r -> {
                  EventEnvelope e = scanAcceptance.offer(r);
                  if (e != null && e.globalPosition() > floor) {
                    page.add(e);
                  }
                  return page.size() < limit;
                });
        if (page.size() == limit) {
          cursor = new Cursor(page.get(page.size() - 1).globalPosition(), index, next, acceptance);
          return List.copyOf(page);
        }
        from = 0;
        skipTo = 0;
        acceptance = new StreamAcceptance();
      }
      return List.copyOf(page);
    } finally {
      lock.unlock();
    }
  }

  private int indexOf(int partition) {
    for (int i = 0; i < partitions.size(); i++) {
      if (partitions.get(i).partition() == partition) {
        return i;
      }
    }
    throw new EventStoreException(
        "Kafka topic '" + clients.topic() + "' has no partition " + partition);
  }

  private int firstIndexAtOrAfter(int partition) {
    int i = 0;
    while (i < partitions.size() && partitions.get(i).partition() < partition) {
      i++;
    }
    return i;
  }

  @Override
  public long streamVersion(String streamId) {
    requireStreamId(streamId);
    lock.lock();
    try {
      ensureOpen();
      catchUp();
      return head.version(streamId);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> streamIds() {
    lock.lock();
    try {
      ensureOpen();
      catchUp();
      return head.streamIds().stream().sorted().toList();
    } finally {
      lock.unlock();
    }
  }

  /** Records ignored because their stream already had that sequence (re-sent duplicates). */
  public long ignoredDuplicates() {
    lock.lock();
    try {
      return head.duplicates();
    } finally {
      lock.unlock();
    }
  }

  /** Records ignored because a sequence before them was missing or lost an append race. */
  public long ignoredGaps() {
    lock.lock();
    try {
      return head.gaps();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new EventStoreException("Kafka store of topic '" + clients.topic() + "' is closed");
    }
  }

  private static void requireStreamId(String streamId) {
    Objects.requireNonNull(streamId, "streamId");
    if (streamId.isEmpty()) {
      throw new IllegalArgumentException("streamId must not be empty");
    }
  }

  /** Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeProducer();
      cursor = null;
      if (scanner != null) {
        scanner.close(Duration.ofSeconds(1));
        scanner = null;
      }
      consumer.close(Duration.ofSeconds(1));
    } finally {
      lock.unlock();
    }
  }
}
