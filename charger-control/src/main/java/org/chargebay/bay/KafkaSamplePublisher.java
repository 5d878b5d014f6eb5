package org.chargebay.bay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.chargebay.events.store.kafka.KafkaClients;

/**
 * Publishes every tick record (the raw samples) to a topic such as {@code chargebay.samples}, key =
 * bay stream id, value = the record's JSON ({@link TickRecordJson}). Samples are measurements, best
 * effort: the bay loop only offers to a bounded queue (a full queue drops and counts), a daemon
 * thread sends; nothing is retried beyond the producer's own retries and no position is kept. The
 * journal's {@code samples} table stays the source for replays. Drops are counted per bay and
 * reason ({@link #REASONS}), exposed as {@code chargebay_samples_dropped_total{sink="kafka"}}.
 */
public final class KafkaSamplePublisher implements BayListener, AutoCloseable {
  private static final int QUEUE = 10_000;

  /** The reasons this sink drops samples for. */
  public static final Set<SampleDrops.Reason> REASONS =
      Set.of(SampleDrops.Reason.QUEUE_FULL, SampleDrops.Reason.SEND_FAILED);

  private static final TickRecord STOP =
      new TickRecord("", 0, java.time.Instant.EPOCH, 0, null, List.of());

  private final KafkaClients clients;
  private final BlockingQueue<TickRecord> queue;
  private final SampleDrops drops = new SampleDrops();
  private final AtomicLong sent = new AtomicLong();
  private final Thread sender;

  /**
   * @param clients where to publish; {@code clients.topic()} is the samples topic
   */
  public KafkaSamplePublisher(KafkaClients clients) {
    this(clients, QUEUE, Thread::new);
  }

  /**
   * @param queueCapacity how many records may wait for the sender
   * @param threads makes the sender thread (tests hold it back to fill the queue)
   */
  KafkaSamplePublisher(KafkaClients clients, int queueCapacity, ThreadFactory threads) {
    this.clients = clients;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.sender = threads.newThread(this::run);
    sender.setName("kafka-samples");
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public void onTick(TickRecord tick) {
    if (!queue.offer(tick)) {
      drops.add(tick.bayId(), SampleDrops.Reason.QUEUE_FULL);
    }
  }

  private void run() {
    Map<String, Object> config = clients.producerProperties();
    config.put("linger.ms", "50");
    List<TickRecord> batch = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      while (true) {
        TickRecord first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 999);
        boolean stop = batch.remove(STOP);
        for (TickRecord t : batch) {
          try {
            producer.send(
                new ProducerRecord<>(
                    clients.topic(),
                    ("bay-" + t.bayId()).getBytes(StandardCharsets.UTF_8),
                    TickRecordJson.write(t).getBytes(StandardCharsets.UTF_8)),
                (meta, error) -> {
                  if (error == null) {
                    sent.incrementAndGet();
                  } else {
                    drops.add(t.bayId(), SampleDrops.Reason.SEND_FAILED);
                  }
                });
          } catch (KafkaException e) {
            // e.g. no metadata within max.block.ms while the broker is down
            drops.add(t.bayId(), SampleDrops.Reason.SEND_FAILED);
          }
        }
        batch.clear();
        if (stop) {
          producer.flush();
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      // The producer itself failed (e.g. bad client properties): what it held is lost, and from
      // now on the full queue drops and counts every sample.
      queue.drainTo(batch);
      batch.remove(STOP);
      for (TickRecord t : batch) {
        drops.add(t.bayId(), SampleDrops.Reason.SEND_FAILED);
      }
    }
  }

  /** Tick records acknowledged by Kafka. */
  public long sentCount() {
    return sent.get();
  }

  /** Tick records not published (queue full, broker refused or unreachable). */
  public long droppedCount() {
    return drops.total();
  }

  /** Tick records not published, per bay and reason. */
  public SampleDrops drops() {
    return drops;
  }

  /** Sends what is queued (waiting up to 10 s), then closes the producer. */
  @Override
  public void close() {
    try {
      queue.put(STOP);
      sender.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
