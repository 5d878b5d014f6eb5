package org.chargebay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable journal appends per second, all with {@code synchronous=FULL} (every commit fsyncs the
 * WAL) on a journal under {@code bench/target}. Scores are events/s. The baseline in the same run
 * is one event per transaction ({@code one_per_transaction}); {@code batched_500} commits 500
 * events (50 streams x 10) in one {@code appendAll} transaction; {@code group_commit_8_threads} has
 * 8 threads appending one event each, which the store's group commit folds into shared
 * transactions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JournalAppendBenchmark {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int BATCH_STREAMS = 50;
  private static final int PER_STREAM = 10;

  @Param({"FULL"})
  public String durability;

  private Path dir;
  private SqliteEventStore store;
  private final AtomicInteger threadIds = new AtomicInteger();
  private final List<ChargeEvent> one = List.of(event());
  private final List<ChargeEvent> ten = java.util.Collections.nCopies(PER_STREAM, event());

  private static ChargeEvent event() {
    return new SetpointChanged("s-1", T0, 49_800, 10_000, true, "steer", Evidence.none());
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    Files.createDirectories(Path.of("bench", "target"));
    dir = Files.createTempDirectory(Path.of("bench", "target"), "journal-bench");
    store =
        SqliteEventStore.open(
            dir.resolve("chargebay.db"),
            EventCodec.standard(),
            SqliteEventStore.Durability.valueOf(durability));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /** Each thread appends to a stream of its own. */
  @State(Scope.Thread)
  public static class Stream {
    String id;

    @Setup(Level.Trial)
    public void name(JournalAppendBenchmark b) {
      id = "bay-t" + b.threadIds.incrementAndGet();
    }
  }

  @Benchmark
  public List<EventEnvelope> one_per_transaction(Stream s) {
    return store.append(s.id, ExpectedVersion.any(), one);
  }

  @Benchmark
  @Threads(8)
  public List<EventEnvelope> group_commit_8_threads(Stream s) {
    return store.append(s.id, ExpectedVersion.any(), one);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH_STREAMS * PER_STREAM)
  public List<List<EventEnvelope>> batched_500(Stream s) {
    List<SqliteEventStore.Append> appends = new ArrayList<>(BATCH_STREAMS);
    for (int i = 0; i < BATCH_STREAMS; i++) {
      appends.add(new SqliteEventStore.Append(s.id + "-" + i, ExpectedVersion.any(), ten));
    }
    return store.appendAll(appends);
  }
}
