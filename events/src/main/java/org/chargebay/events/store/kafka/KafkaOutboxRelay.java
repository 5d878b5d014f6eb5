package org.chargebay.events.store.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.OutboxPositions;
import org.chargebay.events.store.RawEvent;
import org.chargebay.events.store.RawJournal;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the journal to Kafka, in journal order, on its own thread: the transactional outbox of
 * the journal, with the journal itself as the outbox table.
 *
 * <p><b>Guarantees.</b> Every journal event is committed to the topic exactly once, in per-stream
 * order: records are keyed by stream id (so a bay's events share a partition); each batch (a
 * contiguous range of journal positions) is sent in one Kafka transaction by an idempotent producer
 * with {@code acks=all} ({@code transactional.id = chargebay-relay-<name>}, which also fences a
 * second relay of the same name); and the last committed position is stored in the journal file
 * ({@code outbox_positions}) after each commit. A failed batch is aborted as a whole (an idempotent
 * producer alone may leave a gap after a broker restart: a later record of a partition committed,
 * an earlier one lost). Every record carries two headers: {@code chargebay-source} (the relay's
 * name) and {@code chargebay-position} (its journal position, decimal ASCII). After a restart or a
 * failure the relay reads, in each partition, the last committed record of its own (searching back
 * from the end in growing windows, however many records of other producers follow it) and skips the
 * events at or below the highest journal position found, so a batch committed by Kafka but not yet
 * recorded locally is not sent twice. Consumers must read with {@code
 * isolation.level=read_committed}.
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
  private static final String POSITION = "chargebay-position";

  /**
   * Events read from the journal per query inside a batch: the records of one chunk are on their
   * way to the broker (the producer's I/O thread) while the relay reads and encodes the next.
   */
  private static final int READ_CHUNK = 500;

  /**
   * The most events read ahead for the next batch while the broker acknowledges this one (the
   * relay's thread would otherwise only wait then).
   */
  private static final int READ_AHEAD = 5_000;

  /** The first window of the search for the relay's last record, in offsets from the end. */
  private static final long FIRST_WINDOW = 64;

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
  private final RawJournal journal;
  private final OutboxPositions positions;
  private final Settings settings;
  private final byte[] source;

  /** The {@code chargebay-source} header, one instance for every record (never modified). */
  private final Header sourceHeader;

  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile long caughtUpAtNanos = System.nanoTime();
  private volatile boolean caughtUp = true;
  private volatile @Nullable String lastError;
  private volatile boolean running;
  private volatile boolean draining;
  private @Nullable Thread thread;
  private volatile @Nullable KafkaProducer<byte[], byte[]> producer;
  private int partitionCount;
  private long lastCommitted;

  /** Events read ahead after position {@link #aheadFrom}, in chunks, for the next batch. */
  private final List<List<RawEvent>> ahead = new ArrayList<>();

  private long aheadFrom = -1;

  /**
   * A relay over {@code journal} (give it a journal view of its own, e.g. a second store on the
   * journal file, not the bays' one, so that its reads never queue behind their appends). Nothing
   * runs until {@link #start()} or {@link #publishOnce()}.
   *
   * @param positions where the relay's acknowledged position is kept, normally in the journal file
   */
  public KafkaOutboxRelay(
      KafkaClients clients, RawJournal journal, OutboxPositions positions, Settings settings) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.positions = Objects.requireNonNull(positions, "positions");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.source = settings.name().getBytes(StandardCharsets.UTF_8);
    this.sourceHeader = new RecordHeader(SOURCE, source);
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
        if (n == 0 && draining) {
          return; // a normal stop: everything journaled so far is published
        }
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
    int limit = settings.batchSize();
    int requested = Math.min(limit, READ_CHUNK);
    List<RawEvent> chunk = nextChunk(from, requested);
    if (chunk.isEmpty()) {
      markCaughtUp();
      return 0;
    }
    if (caughtUp) {
      caughtUp = false;
      caughtUpAtNanos = System.nanoTime();
    }
    KafkaProducer<byte[], byte[]> p = producer();
    List<Future<RecordMetadata>> sent = new ArrayList<>(Math.min(limit, 10_000));
    int read = 0;
    int skippedNow = 0;
    long last = from;
    try {
      p.beginTransaction();
      while (true) {
        for (RawEvent e : chunk) {
          if (e.globalPosition() > lastCommitted) {
            sent.add(p.send(record(e)));
          } else {
            skippedNow++;
          }
        }
        read += chunk.size();
        last = chunk.get(chunk.size() - 1).globalPosition();
        if (chunk.size() < requested || read == limit) {
          break; // the journal has no more for now, or the batch is full
        }
        requested = Math.min(limit - read, READ_CHUNK);
        chunk = nextChunk(last, requested);
        if (chunk.isEmpty()) {
          break;
        }
      }
      if (read == limit) {
        readAhead(last, Math.min(limit, READ_AHEAD));
      }
      p.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
      p.commitTransaction();
    } catch (ExecutionException e) {
      dropAhead();
      throw new EventStoreException("Kafka refused a record: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      dropAhead();
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while publishing to Kafka", e);
    } catch (KafkaException e) {
      dropAhead();
      throw new EventStoreException("cannot publish to Kafka: " + e, e);
    } catch (EventStoreException e) {
      dropAhead();
      // the journal failed in the middle of the batch: nothing of it may commit
      try {
        p.abortTransaction();
      } catch (KafkaException | IllegalStateException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      throw e;
    }
    positions.set(settings.name(), last);
    acknowledged.set(last);
    published.addAndGet(sent.size());
    skipped.addAndGet(skippedNow);
    lastError = null;
    if (read < limit) {
      markCaughtUp();
    }
    return read;
  }

  /**
   * The events after {@code after}, at most {@code max}: the next chunk read ahead if it starts
   * there and holds {@code max} of them, otherwise (read-ahead dropped) from the journal.
   */
  private List<RawEvent> nextChunk(long after, int max) {
    if (aheadFrom == after && !ahead.isEmpty() && ahead.get(0).size() == max) {
      List<RawEvent> chunk = ahead.remove(0);
      aheadFrom = chunk.get(chunk.size() - 1).globalPosition();
      return chunk;
    }
    dropAhead();
    return journal.readAllRaw(after, max);
  }

  /**
   * Reads up to {@code max} events after {@code after} in chunks of {@link #READ_CHUNK}, for the
   * next batch; called while this batch's last records are on their way, so that the wait for the
   * broker's acknowledgements does the next batch's journal reads. Stops at the journal's end.
   */
  private void readAhead(long after, int max) {
    dropAhead();
    aheadFrom = after;
    long position = after;
    int read = 0;
    while (read < max) {
      int wanted = Math.min(max - read, READ_CHUNK);
      List<RawEvent> chunk = journal.readAllRaw(position, wanted);
      if (chunk.size() < wanted) {
        break; // a short chunk would end the next batch early: read it fresh then
      }
      ahead.add(chunk);
      read += chunk.size();
      position = chunk.get(chunk.size() - 1).globalPosition();
    }
  }

  private void dropAhead() {
    ahead.clear();
    aheadFrom = -1;
  }

  /** The record of an event: keyed by stream, its partition explicit, with the two headers. */
  private ProducerRecord<byte[], byte[]> record(RawEvent e) {
    byte[] key = KafkaEventRecords.toKey(e);
    List<Header> headers =
        List.of(
            sourceHeader,
            new RecordHeader(
                POSITION, Long.toString(e.globalPosition()).getBytes(StandardCharsets.US_ASCII)));
    return new ProducerRecord<>(
        clients.topic(), partitionFor(key), key, KafkaEventRecords.toValue(e), headers);
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
      lastCommitted = lastCommittedPosition(infos);
    } catch (KafkaException | EventStoreException e) {
      p.close(Duration.ZERO);
      throw new EventStoreException(
          "cannot reach Kafka topic '"
              + clients.topic()
              + "' at "
              + clients.bootstrapServers()
              + ": "
              + e,
          e);
    }
    producer = p;
    return p;
  }

  /**
   * The highest journal position among this relay's committed records: batches commit whole and in
   * order, so every event at or below it is in Kafka even if the journal did not record that. In
   * each partition the relay's records are in journal order, so the last one there holds that
   * partition's highest position; it is found by reading back from the end (the last stable offset,
   * as a {@code read_committed} consumer sees it) in windows that grow fourfold, starting at
   * {@value #FIRST_WINDOW} offsets. That is exact however many records other producers wrote after
   * it; what it costs is reading those records (all of a partition that has none of the relay's,
   * e.g. at the first start of a new relay name on a shared topic). Limitation (as with the earlier
   * tail scan): records after another producer's still open transaction are beyond the last stable
   * offset, so if another relay of the fleet has a transaction open in a partition while this one
   * restarts, this relay's records committed after it are not seen there.
   */
  private long lastCommittedPosition(List<PartitionInfo> infos) {
    long last = 0;
    Duration timeout = Duration.ofSeconds(10);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(clients.consumer())) {
      for (PartitionInfo info : infos) {
        TopicPartition tp = new TopicPartition(info.topic(), info.partition());
        c.assign(List.of(tp));
        long begin = c.beginningOffsets(List.of(tp), timeout).get(tp);
        long end = c.endOffsets(List.of(tp), timeout).get(tp);
        last = Math.max(last, lastOwnPosition(c, tp, begin, end, timeout));
      }
    }
    return last;
  }

  /** This relay's highest journal position in {@code [begin, end)} of one partition, 0 if none. */
  private long lastOwnPosition(
      KafkaConsumer<byte[], byte[]> c, TopicPartition tp, long begin, long end, Duration timeout) {
    long stop = end;
    long window = FIRST_WINDOW;
    while (stop > begin) {
      long start = Math.max(begin, stop - window);
      c.seek(tp, start);
      long found = 0;
      long deadline = System.nanoTime() + timeout.toNanos();
      long position = start;
      while (position < stop) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          if (r.offset() < stop) {
            found = Math.max(found, ownPosition(r));
          }
        }
        long now = c.position(tp);
        if (now > position) {
          position = now;
          deadline = System.nanoTime() + timeout.toNanos();
        } else if (System.nanoTime() > deadline) {
          throw new EventStoreException(
              "cannot read "
                  + tp
                  + " of topic '"
                  + clients.topic()
                  + "': no progress in "
                  + timeout);
        }
      }
      if (found > 0) {
        return found;
      }
      stop = start;
      window = Math.min(window * 4, 1L << 40);
    }
    return 0;
  }

  /** The journal position of a record this relay wrote, 0 for anyone else's. */
  private long ownPosition(ConsumerRecord<byte[], byte[]> r) {
    Header from = r.headers().lastHeader(SOURCE);
    if (from == null || !Arrays.equals(from.value(), source)) {
      return 0;
    }
    Header position = r.headers().lastHeader(POSITION);
    if (position == null) {
      // written before the position header existed: the value carries it too
      return KafkaEventRecords.fromValue(r.value()).globalPosition();
    }
    try {
      return Long.parseLong(new String(position.value(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new EventStoreException(
          "record " + r.offset() + " of " + r.partition() + " has a bad " + POSITION + " header",
          e);
    }
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
    stop();
  }

  /**
   * A normal stop: lets the relay's thread publish what the journal holds (the events of the
   * shutdown itself included) for up to {@code drainFor}, then stops it as {@link #close()} does.
   * With the broker absent the wait ends at {@code drainFor}; what is left is published by the next
   * start, as after a crash.
   *
   * @return true if the relay had published everything in the journal when it stopped
   */
  public boolean close(Duration drainFor) {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    boolean drained = false;
    if (t != null && t.isAlive()) {
      draining = true;
      wake.release();
      try {
        t.join(Math.max(1, drainFor.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      drained = !t.isAlive();
    }
    stop();
    return drained;
  }

  private void stop() {
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
