package org.chargebay.events.store.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
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
import org.apache.kafka.common.utils.Utils;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the journal to Kafka, in journal order, on its own thread: the transactional outbox
 * of the journal, with the journal itself as the outbox table.
 *
 * <p><b>Guarantees.</b> Every journal event is committed to the topic exactly once, in per-stream
 * order: records are keyed by stream id (so a bay's events share a partition); each batch (a
 * contiguous range of journal positions) is sent in one Kafka transaction by an idempotent
 * producer with {@code acks=all} ({@code transactional.id = chargebay-relay-<name>}, which also
 * fences a second relay of the same name); and the last committed position is stored in the
 * journal file ({@code outbox_positions}) after each commit. A failed batch is aborted as a whole
 * (an idempotent producer alone may leave a gap after a broker restart: a later record of a
 * partition committed, an earlier one lost). After a restart or a failure the relay reads the
 * committed tail of every partition and skips the events at or below the highest journal
 * position of its own there (the {@code chargebay-source} header names the relay), so a batch
 * committed by Kafka but not yet recorded locally is not sent twice. Consumers must read with
 * {@code isolation.level=read_committed}.
 *
 * <p><b>Never blocks the control loop.</b> The relay reads the journal through its own connection
 * (SQLite WAL lets it read while bays append) and the bays never wait for it; {@link #wakeUp()}
 * only releases a permit. While Kafka is down the relay's thread waits and its lag grows.
 *
 * <p><b>Lag.</b> {@link #lagEvents()} is the journal's last position minus the acknowledged one;
 * {@link #lagSeconds()} is the wall time since the relay was last caught up (0 while caught up).
 */
public final class KafkaOutboxRelay implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaOutboxRelay.class.getName());
  private static final String SOURCE = "chargebay-source";

  /**
   * How the relay runs.
   *
   * @param name the relay's row in {@code outbox_positions} and its {@code chargebay-source}
   *     header; unique per journal in the fleet (e.g. the controller's host name)
   * @param batchSize events read and flushed per round, 1..100,000
   * @param idlePoll how long to wait for a {@link #wakeUp()} before looking at the journal again
   * @param retryBackoff the pause after a failure before reconnecting
   */
  public record Settings(String name, int batchSize, Duration idlePoll, Duration retryBackoff) {
    public Settings {
      if (name.isBlank()) {
        throw new IllegalArgumentException("relay name must not be blank");
      }
      if (batchSize < 1 || batchSize > 100_000) {
        throw new IllegalArgumentException("relay batch size must be 1..100000, was " + batchSize);
      }
    }

    /** Name {@code kafka}, batches of 1,000, 200 ms idle poll, 1 s backoff. */
    public static Settings defaults() {
      return new Settings("kafka", 1_000, Duration.ofMillis(200), Duration.ofSeconds(1));
    }
  }

  private final KafkaClients clients;
  private final SqliteEventStore journal;
  private final SqliteOutboxPositions positions;
  private final Settings settings;
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile long caughtUpAtNanos = System.nanoTime();
  private volatile boolean caughtUp = true;
  private volatile @Nullable String lastError;
  private volatile boolean running;
  private @Nullable Thread thread;
  private volatile @Nullable KafkaProducer<byte[], byte[]> producer;
  private int partitionCount;
  private long lastCommitted;

  /**
   * A relay over {@code journal} (give it a store of its own on the journal file, not the bays'
   * one, so that its reads never queue behind their appends). Nothing runs until {@link #start()}
   * or {@link #publishOnce()}.
   */
  public KafkaOutboxRelay(
      KafkaClients clients,
      SqliteEventStore journal,
      SqliteOutboxPositions positions,
      Settings settings) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.positions = Objects.requireNonNull(positions, "positions");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.acknowledged.set(positions.get(settings.name()));
  }

  /** Starts the relay's daemon thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("relay already started");
    }
    running = true;
    Thread t = new Thread(this::loop, "kafka-outbox-" + settings.name());
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Tells the relay that events were appended; never blocks. */
  public void wakeUp() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  private void loop() {
    while (running) {
      try {
        int n = publishOnce();
        if (n == 0) {
          wake.tryAcquire(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        failures.incrementAndGet();
        lastError = String.valueOf(e.getMessage());
        LOG.log(Level.WARNING, "Kafka outbox relay: " + e.getMessage() + "; retrying", e);
        closeProducer();
        try {
          wake.tryAcquire(settings.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Publishes the next batch after the acknowledged position and waits for the broker's
   * acknowledgement, then records the new position. Called by the relay's thread; tests and
   * benchmarks may call it directly instead of {@link #start()}.
   *
   * @return how many events were read from the journal (0 when caught up)
   * @throws EventStoreException if Kafka or the journal failed; nothing was acknowledged, and the
   *     next call reconnects and skips what the broker already has
   */
  public synchronized int publishOnce() {
    long from = acknowledged.get();
    List<EventEnvelope> batch = journal.readAll(from, settings.batchSize());
    if (batch.isEmpty()) {
      markCaughtUp();
      return 0;
    }
    if (caughtUp) {
      caughtUp = false;
      caughtUpAtNanos = System.nanoTime();
    }
    KafkaProducer<byte[], byte[]> p = producer();
    List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
    byte[] source = settings.name().getBytes(StandardCharsets.UTF_8);
    int skippedNow = 0;
    try {
      p.beginTransaction();
      for (EventEnvelope e : batch) {
        byte[] key = KafkaEventRecords.toKey(e.streamId());
        int partition = partitionFor(key);
        if (e.globalPosition() <= lastCommitted) {
          skippedNow++;
          continue;
        }
        sent.add(
            p.send(
                new ProducerRecord<>(
                    clients.topic(),
                    partition,
                    key,
                    KafkaEventRecords.toValue(e),
                    List.<Header>of(new RecordHeader(SOURCE, source)))));
      }
      p.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
      p.commitTransaction();
    } catch (ExecutionException e) {
      throw new EventStoreException("Kafka refused a record: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while publishing to Kafka", e);
    } catch (KafkaException e) {
      throw new EventStoreException("cannot publish to Kafka: " + e, e);
    }
    long last = batch.get(batch.size() - 1).globalPosition();
    positions.set(settings.name(), last);
    acknowledged.set(last);
    published.addAndGet(sent.size());
    skipped.addAndGet(skippedNow);
    lastError = null;
    if (batch.size() < settings.batchSize()) {
      markCaughtUp();
    }
    return batch.size();
  }

  private void markCaughtUp() {
    if (acknowledged.get() >= journal.lastPosition()) {
      caughtUp = true;
      caughtUpAtNanos = System.nanoTime();
    }
  }

  private int partitionFor(byte[] key) {
    // The default partitioner's choice for a keyed record, made explicit so the skip check knows.
    return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    KafkaProducer<byte[], byte[]> existing = producer;
    if (existing != null) {
      return existing;
    }
    Map<String, Object> config = clients.producer();
    config.put("transactional.id", "chargebay-relay-" + settings.name());
    KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config);
    try {
      p.initTransactions(); // aborts what a previous incarnation left open
      List<PartitionInfo> infos = p.partitionsFor(clients.topic());
      partitionCount = infos.size();
      lastCommitted = scanTail(infos);
    } catch (KafkaException | EventStoreException e) {
      p.close(Duration.ZERO);
      throw new EventStoreException(
          "cannot reach Kafka topic '" + clients.topic() + "' at " + clients.bootstrapServers() + ": " + e,
          e);
    }
    producer = p;
    return p;
  }

  /**
   * The highest journal position of this relay's own committed records near the end of the
   * partitions: batches commit whole and in order, so every event at or below it is in Kafka even
   * if the journal did not record that.
   */
  private long scanTail(List<PartitionInfo> infos) {
    long last = 0;
    Duration timeout = Duration.ofSeconds(10);
    long window = 10L * settings.batchSize() + 1_000;
    Map<String, Object> config = clients.consumer();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
      List<TopicPartition> tps =
          infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      c.assign(tps);
      Map<TopicPartition, Long> begin = c.beginningOffsets(tps, timeout);
      Map<TopicPartition, Long> end = c.endOffsets(tps, timeout);
      for (TopicPartition tp : tps) {
        c.seek(tp, Math.max(begin.get(tp), end.get(tp) - window));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new EventStoreException("cannot read the tail of topic '" + clients.topic() + "' in time");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          Header h = r.headers().lastHeader(SOURCE);
          if (h != null && settings.name().equals(new String(h.value(), StandardCharsets.UTF_8))) {
            last = Math.max(last, KafkaEventRecords.fromValue(r.value()).globalPosition());
          }
        }
      }
    }
    return last;
  }

  private synchronized void closeProducer() {
    KafkaProducer<byte[], byte[]> p = producer;
    if (p != null) {
      try {
        p.abortTransaction();
      } catch (KafkaException | IllegalStateException e) {
        // no transaction open, or the producer is unusable: closing it aborts on the broker side
      }
      p.close(Duration.ofSeconds(1));
      producer = null;
    }
  }

  /** The last journal position the broker acknowledged. */
  public long acknowledgedPosition() {
    return acknowledged.get();
  }

  /** Events in the journal not yet acknowledged by Kafka. */
  public long lagEvents() {
    try {
      return Math.max(0, journal.lastPosition() - acknowledged.get());
    } catch (EventStoreException e) {
      return -1;
    }
  }

  /** Seconds since the relay was last caught up; 0 while it is. */
  public double lagSeconds() {
    return caughtUp ? 0.0 : (System.nanoTime() - caughtUpAtNanos) / 1e9;
  }

  /** Records sent and acknowledged since start. */
  public long publishedCount() {
    return published.get();
  }

  /** Events skipped after a restart because Kafka already had them. */
  public long skippedCount() {
    return skipped.get();
  }

  /** Failed rounds since start (each followed by a reconnect). */
  public long failureCount() {
    return failures.get();
  }

  /** The last failure's message, null after a successful round. */
  public @Nullable String lastError() {
    return lastError;
  }

  /** Stops the thread (waiting up to 5 s) and closes the producer. The journal stays open. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    wake.release();
    if (t != null) {
      KafkaProducer<byte[], byte[]> p = producer;
      if (p != null) {
        p.close(Duration.ZERO); // unblocks a flush that waits for an absent broker
      }
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeProducer();
  }
}
