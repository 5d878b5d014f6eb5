package org.chargebay.events.store.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * The fleet side: every stream of an events topic, rebuilt in memory from the topic, with
 * appends. A depot dashboard or planner reads the relay's topic through this class; tests append
 * through it to prove it honours the {@link EventStore} contract.
 *
 * <p><b>Reading.</b> One group-less consumer reads every partition from the start with {@code
 * read_committed}. A record is accepted into its stream only if its sequence is the stream's
 * next one: a duplicate (a relay that re-sent after a crash) or a record that lost an append race
 * is ignored and counted, never applied twice. Global positions are this reader's own order of
 * acceptance (the topic order for a single-partition topic); the journal position a record
 * carries is not used. Every read first catches up with the topic's last stable offset.
 *
 * <p><b>Appending.</b> One Kafka transaction per append (idempotent, {@code acks=all}, key =
 * stream id), so an append's events are all visible or none is. The expected version is checked
 * against the caught-up view before sending and confirmed after the commit by reading the topic
 * back: if another writer's append for the same stream was accepted first, this one's records
 * are ignored by every reader and {@link ConcurrentAppendException} is thrown.
 *
 * <p>Instances are thread-safe (one lock); a read blocks while the view catches up.
 */
public final class KafkaEventStore implements EventStore {
  private static final String APPEND_ID = "chargebay-append-id";
  private static final String APPEND_INDEX = "chargebay-append-index";
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaClients clients;
  private final EventCodec codec;
  private final Duration timeout;
  private final String writerId = UUID.randomUUID().toString();
  private final ReentrantLock lock = new ReentrantLock();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final List<EventEnvelope> all = new ArrayList<>();
  private final Map<String, List<EventEnvelope>> streams = new HashMap<>();
  private final Set<String> acceptedAppends = new HashSet<>();
  private final Set<String> rejectedAppends = new HashSet<>();
  private long ignoredDuplicates;
  private long ignoredGaps;
  private @Nullable KafkaProducer<byte[], byte[]> producer;
  private long appendCounter;
  private boolean closed;

  private KafkaEventStore(KafkaClients clients, EventCodec codec, Duration timeout) {
    this.clients = clients;
    this.codec = codec;
    this.timeout = timeout;
    Map<String, Object> config = clients.consumer();
    // The view polls only while catching up: answer fetches at once instead of after 500 ms.
    config.putIfAbsent("fetch.max.wait.ms", "10");
    this.consumer = new KafkaConsumer<>(config);
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(clients.topic(), timeout);
      if (infos == null || infos.isEmpty()) {
        throw new EventStoreException(
            "Kafka topic '" + clients.topic() + "' does not exist at " + clients.bootstrapServers());
      }
      this.partitions =
          infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).sorted(
              (a, b) -> Integer.compare(a.partition(), b.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    } catch (KafkaException e) {
      consumer.close();
      throw new EventStoreException(
          "cannot read Kafka topic '" + clients.topic() + "' at " + clients.bootstrapServers() + ": " + e, e);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
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
      long current = version(streamId);
      if (!matches(expected, current)) {
        throw new ConcurrentAppendException(streamId, expected, current);
      }
      if (batch.isEmpty()) {
        return List.of();
      }
      String appendId = writerId + "/" + (++appendCounter);
      KafkaProducer<byte[], byte[]> p = producer();
      Future<RecordMetadata> lastSent = null;
      try {
        p.beginTransaction();
        for (int i = 0; i < batch.size(); i++) {
          EventCodec.Encoded e = encoded.get(i);
          EventEnvelope envelope =
              new EventEnvelope(
                  streamId, current + 1 + i, 0, e.type(), e.schemaVersion(), batch.get(i).at(), e.payload());
          ProducerRecord<byte[], byte[]> record =
              new ProducerRecord<>(
                  clients.topic(),
                  null,
                  KafkaEventRecords.toKey(streamId),
                  KafkaEventRecords.toValue(envelope),
                  List.<Header>of(
                      new RecordHeader(APPEND_ID, appendId.getBytes(StandardCharsets.UTF_8)),
                      new RecordHeader(APPEND_INDEX, Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
          lastSent = p.send(record);
        }
        p.commitTransaction();
        RecordMetadata meta = lastSent.get();
        catchUpPast(new TopicPartition(meta.topic(), meta.partition()), meta.offset());
      } catch (ExecutionException e) {
        closeProducer();
        throw new EventStoreException(
            "cannot append to stream '" + streamId + "' on Kafka topic '" + clients.topic() + "': " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeProducer();
        throw new EventStoreException("interrupted while appending to stream '" + streamId + "'", e);
      } catch (KafkaException e) {
        closeProducer();
        throw new EventStoreException(
            "cannot append to stream '" + streamId + "' on Kafka topic '" + clients.topic() + "': " + e, e);
      }
      catchUp();
      if (!acceptedAppends.contains(appendId)) {
        throw new ConcurrentAppendException(streamId, expected, version(streamId));
      }
      List<EventEnvelope> stream = streams.get(streamId);
      int to = stream.size();
      for (int i = stream.size() - 1; i >= 0; i--) {
        if (stream.get(i).sequence() == current + batch.size()) {
          to = i + 1;
          break;
        }
      }
      return List.copyOf(stream.subList(to - batch.size(), to));
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
              "Kafka topic '" + clients.topic() + "': not caught up after " + timeout.toMillis() + " ms");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          apply(r);
        }
      }
    } catch (KafkaException e) {
      throw new EventStoreException(
          "cannot read Kafka topic '" + clients.topic() + "' at " + clients.bootstrapServers() + ": " + e, e);
    }
  }

  /** Reads until the record at {@code offset} of {@code tp} is applied (its commit is visible). */
  private void catchUpPast(TopicPartition tp, long offset) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(tp, timeout) <= offset) {
      if (System.nanoTime() > deadline) {
        throw new EventStoreException(
            "Kafka topic '" + clients.topic() + "': own append not visible after " + timeout.toMillis() + " ms");
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
    EventEnvelope read = KafkaEventRecords.fromValue(record.value());
    String appendId = header(record, APPEND_ID);
    String index = header(record, APPEND_INDEX);
    List<EventEnvelope> stream = streams.computeIfAbsent(read.streamId(), k -> new ArrayList<>());
    long version = stream.size();
    boolean accept = read.sequence() == version + 1;
    if (appendId != null) {
      boolean first = "0".equals(index);
      accept =
          accept
              && !rejectedAppends.contains(appendId)
              && (first ? !acceptedAppends.contains(appendId) : acceptedAppends.contains(appendId));
      if (accept) {
        acceptedAppends.add(appendId);
      } else {
        rejectedAppends.add(appendId);
        acceptedAppends.remove(appendId);
      }
    }
    if (!accept) {
      if (read.sequence() <= version) {
        ignoredDuplicates++;
      } else {
        ignoredGaps++;
      }
      if (stream.isEmpty()) {
        streams.remove(read.streamId());
      }
      return;
    }
    EventEnvelope accepted =
        new EventEnvelope(
            read.streamId(),
            read.sequence(),
            all.size() + 1L,
            read.type(),
            read.schemaVersion(),
            read.occurredAt(),
            read.payload());
    stream.add(accepted);
    all.add(accepted);
  }

  private static @Nullable String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public List<EventEnvelope> readStream(String streamId, long fromSequence) {
    requireStreamId(streamId);
    lock.lock();
    try {
      ensureOpen();
      catchUp();
      List<EventEnvelope> stream = streams.getOrDefault(streamId, List.of());
      int from = (int) Math.max(0, Math.min(stream.size(), fromSequence - 1));
      return List.copyOf(stream.subList(from, stream.size()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<EventEnvelope> readAll(long afterPosition, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    lock.lock();
    try {
      ensureOpen();
      catchUp();
      int from = (int) Math.max(0, Math.min(all.size(), afterPosition));
      int to = (int) Math.min(all.size(), (long) from + limit);
      return List.copyOf(all.subList(from, to));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long streamVersion(String streamId) {
    requireStreamId(streamId);
    lock.lock();
    try {
      ensureOpen();
      catchUp();
      return version(streamId);
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
      return streams.keySet().stream().sorted().toList();
    } finally {
      lock.unlock();
    }
  }

  /** Records ignored because their stream already had that sequence (re-sent duplicates). */
  public long ignoredDuplicates() {
    lock.lock();
    try {
      return ignoredDuplicates;
    } finally {
      lock.unlock();
    }
  }

  /** Records ignored because a sequence before them was missing or lost an append race. */
  public long ignoredGaps() {
    lock.lock();
    try {
      return ignoredGaps;
    } finally {
      lock.unlock();
    }
  }

  private long version(String streamId) {
    List<EventEnvelope> stream = streams.get(streamId);
    return stream == null ? 0 : stream.size();
  }

  private static boolean matches(ExpectedVersion expected, long current) {
    if (expected instanceof ExpectedVersion.Any) {
      return true;
    }
    if (expected instanceof ExpectedVersion.NoStream) {
      return current == 0;
    }
    if (expected instanceof ExpectedVersion.Exactly exactly) {
      return current == exactly.version();
    }
    throw new IllegalArgumentException("unknown expected version " + expected);
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
      consumer.close(Duration.ofSeconds(1));
    } finally {
      lock.unlock();
    }
  }
}
