package org.chargebay.bay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.sqlite.SqliteSampleLog;

/**
 * Keeps every bay's {@link TickRecord}s in the journal file's {@code samples} table for {@code
 * retention}, so that recorded sessions can be replayed. The bay loop only offers the record to a
 * bounded queue (never blocks; a full queue drops and counts); a daemon thread writes batches and
 * prunes records older than the retention (measured on the controller clock of the records). Drops
 * are counted per bay and reason ({@link #REASONS}), exposed as {@code
 * chargebay_samples_dropped_total{sink="journal"}}.
 */
public final class SampleRecorder implements BayListener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SampleRecorder.class.getName());
  private static final int QUEUE = 10_000;

  /** The reasons this sink drops samples for. */
  public static final Set<SampleDrops.Reason> REASONS =
      Set.of(SampleDrops.Reason.QUEUE_FULL, SampleDrops.Reason.WRITE_FAILED);

  private static final TickRecord STOP = new TickRecord("", 0, Instant.EPOCH, 0, null, List.of());

  private final SqliteSampleLog log;
  private final Duration retention;
  private final BlockingQueue<TickRecord> queue;
  private final SampleDrops drops = new SampleDrops();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private long lastPruneMillis = Long.MIN_VALUE;

  /**
   * @param retention how long samples are kept, at least one minute
   */
  public SampleRecorder(SqliteSampleLog log, Duration retention) {
    this(log, retention, QUEUE, Thread::new);
  }

  /**
   * @param queueCapacity how many records may wait for the writer
   * @param threads makes the writer thread (tests hold it back to fill the queue)
   */
  SampleRecorder(
      SqliteSampleLog log, Duration retention, int queueCapacity, ThreadFactory threads) {
    if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "sample retention must be at least 1 minute, was " + retention);
    }
    this.log = log;
    this.retention = retention;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.writer = threads.newThread(this::run);
    writer.setName("sample-recorder");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void onTick(TickRecord tick) {
    if (!queue.offer(tick)) {
      drops.add(tick.bayId(), SampleDrops.Reason.QUEUE_FULL);
    }
  }

  private void run() {
    List<TickRecord> batch = new ArrayList<>();
    while (true) {
      try {
        TickRecord first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 999);
        boolean stop = batch.remove(STOP);
        write(batch);
        batch.clear();
        if (stop) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void write(List<TickRecord> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      List<SqliteSampleLog.Sample> rows = new ArrayList<>(batch.size());
      long latest = Long.MIN_VALUE;
      for (TickRecord t : batch) {
        rows.add(
            new SqliteSampleLog.Sample(0, "bay-" + t.bayId(), t.at(), TickRecordJson.write(t)));
        latest = Math.max(latest, t.at().toEpochMilli());
      }
      log.append(rows);
      written.addAndGet(rows.size());
      if (latest - lastPruneMillis >= 60_000) {
        log.prune(Instant.ofEpochMilli(latest), retention);
        lastPruneMillis = latest;
      }
    } catch (EventStoreException | IllegalArgumentException e) {
      for (TickRecord t : batch) {
        drops.add(t.bayId(), SampleDrops.Reason.WRITE_FAILED);
      }
      LOG.log(Level.WARNING, "cannot store " + batch.size() + " samples: " + e.getMessage(), e);
    }
  }

  /** Tick records not stored (queue full or write failure). */
  public long droppedCount() {
    return drops.total();
  }

  /** Tick records not stored, per bay and reason. */
  public SampleDrops drops() {
    return drops;
  }

  /** Tick records stored. */
  public long writtenCount() {
    return written.get();
  }

  /** Writes what is queued, then stops the writer (waits up to 10 s). The log stays open. */
  @Override
  public void close() {
    try {
      queue.put(STOP);
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
