package org.chargebay.events.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SampleEvents;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.codec.EventCodecException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventStore} must have (after Occurrent's TCK). A store's test extends
 * this class and implements {@link #newStore()}; each test gets a fresh, empty store that is closed
 * afterwards.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class EventStoreContract {

  /** How many threads race in the concurrency tests. */
  protected static final int THREADS = 8;

  private static final Instant T0 = SampleEvents.T0;

  /** The store under test, fresh and empty for each test. */
  protected EventStore store;

  /** A new, empty store. Called once before each test; the contract closes it. */
  protected abstract EventStore newStore();

  /**
   * Whether {@link EventStore#readAll} returns events of different streams in append order. True
   * for a single log (the SQLite journal, a one-partition Kafka topic). A store split into
   * partitions (a Kafka topic with several) returns false: it orders {@code readAll} partition by
   * partition, so only each stream's events are in append order. The contract then checks that
   * weaker order (ascending positions, each stream in order); the store's own tests pin its
   * partition-by-partition order.
   */
  protected boolean readAllInAppendOrderAcrossStreams() {
    return true;
  }

  /** The codec the store under test writes with; override if it is not the released one. */
  protected EventCodec codec() {
    return EventCodec.standard();
  }

  @BeforeEach
  void open_store() {
    store = newStore();
  }

  @AfterEach
  void close_store() {
    store.close();
  }

  /** A distinct, valid event: a setpoint change whose cause is {@code cause}. */
  protected static ChargeEvent event(String cause) {
    return new SetpointChanged("s-1", T0, 49_800, 10_000, true, cause, Evidence.none());
  }

  private static List<ChargeEvent> events(String... causes) {
    return Arrays.stream(causes).map(EventStoreContract::event).toList();
  }

  private List<String> causes(List<EventEnvelope> envelopes) {
    return envelopes.stream().map(e -> ((SetpointChanged) codec().decode(e)).cause()).toList();
  }

  private static List<Long> sequences(List<EventEnvelope> envelopes) {
    return envelopes.stream().map(EventEnvelope::sequence).toList();
  }

  @Test
  void append_with_no_stream_creates_the_stream_at_sequence_one() {
    List<EventEnvelope> stored =
        store.append("bay-1", ExpectedVersion.noStream(), events("a", "b"));

    assertThat(stored).extracting(EventEnvelope::streamId).containsExactly("bay-1", "bay-1");
    assertThat(sequences(stored)).containsExactly(1L, 2L);
    assertThat(stored).extracting(EventEnvelope::type).containsOnly("SetpointChanged");
    assertThat(stored).extracting(EventEnvelope::schemaVersion).containsOnly(1);
    assertThat(stored).extracting(EventEnvelope::occurredAt).containsOnly(T0);
    assertThat(causes(stored)).containsExactly("a", "b");
    assertThat(store.streamVersion("bay-1")).isEqualTo(2);
  }

  @Test
  void append_returns_exactly_what_is_read_back() {
    List<EventEnvelope> stored =
        store.append("bay-1", ExpectedVersion.noStream(), events("a", "b", "c"));

    assertThat(store.readStream("bay-1", 1)).isEqualTo(stored);
    assertThat(store.readAll(0, 100)).isEqualTo(stored);
  }

  @Test
  void append_with_no_stream_to_an_existing_stream_conflicts_and_writes_nothing() {
    store.append("bay-1", ExpectedVersion.noStream(), events("a"));

    assertThatThrownBy(() -> store.append("bay-1", ExpectedVersion.noStream(), events("b")))
        .isInstanceOfSatisfying(
            ConcurrentAppendException.class,
            e -> {
              assertThat(e.streamId()).isEqualTo("bay-1");
              assertThat(e.expected()).isEqualTo(ExpectedVersion.noStream());
              assertThat(e.actual()).isEqualTo(1);
            });
    assertThat(causes(store.readStream("bay-1", 1))).containsExactly("a");
  }

  @Test
  void append_with_exactly_the_current_version_appends_after_it() {
    store.append("bay-1", ExpectedVersion.noStream(), events("a", "b"));

    List<EventEnvelope> stored = store.append("bay-1", ExpectedVersion.exactly(2), events("c"));

    assertThat(sequences(stored)).containsExactly(3L);
    assertThat(causes(store.readStream("bay-1", 1))).containsExactly("a", "b", "c");
  }

  @Test
  void append_with_exactly_zero_creates_a_new_stream() {
    List<EventEnvelope> stored = store.append("bay-1", ExpectedVersion.exactly(0), events("a"));

    assertThat(sequences(stored)).containsExactly(1L);
  }

  @Test
  void append_with_a_stale_exact_version_conflicts_and_writes_nothing() {
    store.append("bay-1", ExpectedVersion.noStream(), events("a", "b"));
    List<EventEnvelope> before = store.readAll(0, 100);

    assertThatThrownBy(
            () -> store.append("bay-1", ExpectedVersion.exactly(1), events("x", "y", "z")))
        .isInstanceOfSatisfying(
            ConcurrentAppendException.class,
            e -> {
              assertThat(e.streamId()).isEqualTo("bay-1");
              assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(1));
              assertThat(e.actual()).isEqualTo(2);
            });
    assertThat(store.readAll(0, 100)).isEqualTo(before);
    assertThat(store.streamVersion("bay-1")).isEqualTo(2);
  }

  @Test
  void append_with_an_exact_version_ahead_of_the_stream_conflicts() {
    store.append("bay-1", ExpectedVersion.noStream(), events("a"));

    assertThatThrownBy(() -> store.append("bay-1", ExpectedVersion.exactly(5), events("b")))
        .isInstanceOfSatisfying(
            ConcurrentAppendException.class, e -> assertThat(e.actual()).isEqualTo(1));
    assertThatThrownBy(() -> store.append("bay-2", ExpectedVersion.exactly(1), events("b")))
        .isInstanceOfSatisfying(
            ConcurrentAppendException.class, e -> assertThat(e.actual()).isZero());
    assertThat(store.streamIds()).containsExactly("bay-1");
  }

  @Test
  void append_with_any_appends_to_new_and_existing_streams() {
    List<EventEnvelope> first = store.append("bay-1", ExpectedVersion.any(), events("a"));
    List<EventEnvelope> second = store.append("bay-1", ExpectedVersion.any(), events("b", "c"));

    assertThat(sequences(first)).containsExactly(1L);
    assertThat(sequences(second)).containsExactly(2L, 3L);
  }

  @Test
  void a_multi_event_append_gets_contiguous_sequences_and_positions() {
    store.append("bay-2", ExpectedVersion.noStream(), events("other"));

    List<EventEnvelope> stored =
        store.append("bay-1", ExpectedVersion.noStream(), events("a", "b", "c", "d"));

    assertThat(sequences(stored)).containsExactly(1L, 2L, 3L, 4L);
    long first = stored.get(0).globalPosition();
    assertThat(stored)
        .extracting(EventEnvelope::globalPosition)
        .containsExactly(first, first + 1, first + 2, first + 3);
  }

  @Test
  void a_multi_event_append_with_an_unencodable_event_writes_none_of_them() {
    ChargeEvent broken = new ChargeStopped("s-1", T0, "ops", nullString(), Evidence.none());

    assertThatThrownBy(
            () ->
                store.append(
                    "bay-1", ExpectedVersion.any(), List.of(event("a"), broken, event("c"))))
        .isInstanceOf(EventCodecException.class);
    assertThat(store.readAll(0, 100)).isEmpty();
    assertThat(store.streamVersion("bay-1")).isZero();
    assertThat(store.streamIds()).isEmpty();
  }

  /** A null smuggled past the model's non-null contract, as a buggy caller might. */
  private static String nullString() {
    return null;
  }

  @Test
  void an_empty_append_writes_nothing_but_checks_the_version() {
    assertThat(store.append("bay-1", ExpectedVersion.noStream(), List.of())).isEmpty();
    assertThat(store.streamIds()).isEmpty();

    store.append("bay-1", ExpectedVersion.noStream(), events("a"));
    assertThatThrownBy(() -> store.append("bay-1", ExpectedVersion.exactly(0), List.of()))
        .isInstanceOf(ConcurrentAppendException.class);
  }

  @Test
  void read_stream_starts_at_the_given_sequence() {
    store.append("bay-1", ExpectedVersion.noStream(), events("a", "b", "c", "d", "e"));

    assertThat(causes(store.readStream("bay-1", 3))).containsExactly("c", "d", "e");
    assertThat(sequences(store.readStream("bay-1", 3))).containsExactly(3L, 4L, 5L);
    assertThat(causes(store.readStream("bay-1", 0))).containsExactly("a", "b", "c", "d", "e");
    assertThat(store.readStream("bay-1", 6)).isEmpty();
  }

  @Test
  void read_stream_of_a_missing_stream_is_empty() {
    store.append("bay-1", ExpectedVersion.noStream(), events("a"));

    assertThat(store.readStream("bay-9", 1)).isEmpty();
  }

  @Test
  void read_stream_returns_only_that_stream() {
    store.append("bay-1", ExpectedVersion.any(), events("1a"));
    store.append("bay-2", ExpectedVersion.any(), events("2a"));
    store.append("bay-1", ExpectedVersion.any(), events("1b"));

    assertThat(causes(store.readStream("bay-1", 1))).containsExactly("1a", "1b");
    assertThat(sequences(store.readStream("bay-1", 1))).containsExactly(1L, 2L);
    assertThat(causes(store.readStream("bay-2", 1))).containsExactly("2a");
  }

  @Test
  void read_all_returns_every_event_once_with_each_stream_in_order() {
    store.append("bay-2", ExpectedVersion.any(), events("2a"));
    store.append("bay-1", ExpectedVersion.any(), events("1a", "1b"));
    store.append("bay-3", ExpectedVersion.any(), events("3a"));
    store.append("bay-2", ExpectedVersion.any(), events("2b", "2c"));
    store.append("bay-1", ExpectedVersion.any(), events("1c"));

    List<EventEnvelope> all = store.readAll(0, 100);

    assertThat(causes(all)).containsExactlyInAnyOrder("2a", "1a", "1b", "3a", "2b", "2c", "1c");
    assertThat(causesOf(all, "bay-1")).containsExactly("1a", "1b", "1c");
    assertThat(causesOf(all, "bay-2")).containsExactly("2a", "2b", "2c");
    assertThat(causesOf(all, "bay-3")).containsExactly("3a");
    assertThat(all).extracting(EventEnvelope::globalPosition).isSorted().doesNotHaveDuplicates();
    assertThat(all.get(0).globalPosition()).isPositive();
    for (String stream : List.of("bay-1", "bay-2", "bay-3")) {
      assertThat(all.stream().filter(e -> e.streamId().equals(stream)).toList())
          .as("readAll and readStream agree on %s", stream)
          .isEqualTo(store.readStream(stream, 1));
    }
  }

  private List<String> causesOf(List<EventEnvelope> envelopes, String streamId) {
    return causes(envelopes.stream().filter(e -> e.streamId().equals(streamId)).toList());
  }

  @Test
  void read_all_is_in_the_declared_order_across_streams() {
    store.append("bay-2", ExpectedVersion.any(), events("2a"));
    store.append("bay-1", ExpectedVersion.any(), events("1a", "1b"));
    store.append("bay-3", ExpectedVersion.any(), events("3a"));
    store.append("bay-2", ExpectedVersion.any(), events("2b"));

    List<EventEnvelope> all = store.readAll(0, 100);

    // every store: positions ascend strictly, and each stream keeps its own append order
    assertThat(all).extracting(EventEnvelope::globalPosition).isSorted().doesNotHaveDuplicates();
    assertThat(causes(all)).containsExactlyInAnyOrder("2a", "1a", "1b", "3a", "2b");
    assertThat(causesOf(all, "bay-1")).containsExactly("1a", "1b");
    assertThat(causesOf(all, "bay-2")).containsExactly("2a", "2b");
    if (!readAllInAppendOrderAcrossStreams()) {
      // a partitioned store orders partition by partition; its own tests pin that order
      return;
    }
    assertThat(causes(all)).containsExactly("2a", "1a", "1b", "3a", "2b");
    assertThat(all)
        .extracting(EventEnvelope::streamId)
        .containsExactly("bay-2", "bay-1", "bay-1", "bay-3", "bay-2");
    assertThat(sequences(all)).containsExactly(1L, 1L, 2L, 1L, 2L);
    assertThat(all.get(0).globalPosition()).isEqualTo(1);
  }

  @Test
  void read_all_pages_with_after_position_and_limit() {
    for (int i = 0; i < 7; i++) {
      store.append(i % 2 == 0 ? "bay-1" : "bay-2", ExpectedVersion.any(), events("e" + i));
    }
    List<EventEnvelope> all = store.readAll(0, 100);

    List<EventEnvelope> paged = new ArrayList<>();
    long after = 0;
    List<EventEnvelope> page;
    while (!(page = store.readAll(after, 3)).isEmpty()) {
      assertThat(page).hasSizeLessThanOrEqualTo(3);
      paged.addAll(page);
      after = page.get(page.size() - 1).globalPosition();
    }

    assertThat(paged).isEqualTo(all);
    assertThat(store.readAll(all.get(2).globalPosition(), 2)).isEqualTo(all.subList(3, 5));
    assertThat(store.readAll(all.get(4).globalPosition(), 100)).isEqualTo(all.subList(5, 7));
    if (readAllInAppendOrderAcrossStreams()) {
      assertThat(causes(store.readAll(all.get(2).globalPosition(), 2))).containsExactly("e3", "e4");
    }
    assertThat(store.readAll(all.get(6).globalPosition(), 10)).isEmpty();
    assertThat(store.readAll(0, 0)).isEmpty();
  }

  @Test
  void stream_version_of_a_missing_stream_is_zero() {
    assertThat(store.streamVersion("bay-1")).isZero();

    store.append("bay-2", ExpectedVersion.noStream(), events("a", "b", "c"));

    assertThat(store.streamVersion("bay-1")).isZero();
    assertThat(store.streamVersion("bay-2")).isEqualTo(3);
  }

  @Test
  void stream_ids_are_sorted_and_distinct() {
    assertThat(store.streamIds()).isEmpty();

    store.append("bay-2", ExpectedVersion.any(), events("a"));
    store.append("bay-10", ExpectedVersion.any(), events("a"));
    store.append("bay-1", ExpectedVersion.any(), events("a", "b"));
    store.append("bay-2", ExpectedVersion.any(), events("b"));

    assertThat(store.streamIds()).containsExactly("bay-1", "bay-10", "bay-2");
  }

  @Test
  void every_event_type_round_trips_through_the_store_and_codec() {
    List<ChargeEvent> samples = SampleEvents.oneOfEach();
    assertThat(samples)
        .extracting(e -> (Object) e.getClass())
        .containsExactlyInAnyOrder((Object[]) ChargeEvent.class.getPermittedSubclasses());

    store.append("bay-1", ExpectedVersion.noStream(), samples);
    List<EventEnvelope> read = store.readStream("bay-1", 1);

    assertThat(read).extracting(codec()::decode).containsExactlyElementsOf(samples);
    assertThat(read)
        .extracting(EventEnvelope::type)
        .containsExactlyElementsOf(
            samples.stream().map(e -> e.getClass().getSimpleName()).toList());
    assertThat(read)
        .extracting(EventEnvelope::occurredAt)
        .containsExactlyElementsOf(samples.stream().map(ChargeEvent::at).toList());
    assertThat(EventStores.readEvents(store, codec(), "bay-1")).isEqualTo(samples);
  }

  @Test
  void racing_appenders_expecting_the_same_version_have_exactly_one_winner() throws Exception {
    store.append("bay-1", ExpectedVersion.noStream(), events("seed"));
    AtomicInteger winners = new AtomicInteger();
    AtomicInteger losers = new AtomicInteger();

    runConcurrently(
        thread -> {
          try {
            store.append("bay-1", ExpectedVersion.exactly(1), events("t" + thread));
            winners.incrementAndGet();
          } catch (ConcurrentAppendException e) {
            assertThat(e.actual()).isEqualTo(2);
            losers.incrementAndGet();
          }
        });

    assertThat(winners.get()).isEqualTo(1);
    assertThat(losers.get()).isEqualTo(THREADS - 1);
    assertThat(sequences(store.readStream("bay-1", 1))).containsExactly(1L, 2L);
  }

  @Test
  void concurrent_appenders_retrying_on_conflict_produce_contiguous_sequences() throws Exception {
    int perThread = 12;
    Map<Long, Set<String>> winnersByExpectedVersion = new ConcurrentHashMap<>();

    runConcurrently(
        thread -> {
          for (int i = 0; i < perThread; i++) {
            String cause = "t" + thread + "-" + i;
            while (true) {
              long version = store.streamVersion("bay-1");
              try {
                List<EventEnvelope> stored =
                    store.append("bay-1", ExpectedVersion.exactly(version), events(cause));
                assertThat(sequences(stored)).containsExactly(version + 1);
                winnersByExpectedVersion
                    .computeIfAbsent(version, v -> ConcurrentHashMap.newKeySet())
                    .add(cause);
                break;
              } catch (ConcurrentAppendException e) {
                assertThat(e.actual()).isGreaterThan(version);
              }
            }
          }
        });

    int total = THREADS * perThread;
    List<EventEnvelope> stream = store.readStream("bay-1", 1);
    assertThat(sequences(stream))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    assertThat(new TreeMap<>(winnersByExpectedVersion).keySet())
        .containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
    assertThat(winnersByExpectedVersion.values()).allSatisfy(w -> assertThat(w).hasSize(1));
    assertThat(causes(stream)).doesNotHaveDuplicates().hasSize(total);
    for (int thread = 0; thread < THREADS; thread++) {
      String prefix = "t" + thread + "-";
      assertThat(causes(stream).stream().filter(c -> c.startsWith(prefix)).toList())
          .as("thread %d's events, in its own order", thread)
          .containsExactlyElementsOf(
              IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
    }
  }

  /** A task run by one of the racing threads, given its index. */
  protected interface ThreadTask {
    void run(int thread) throws Exception;
  }

  /**
   * Runs {@code task} on {@link #THREADS} threads released at once, and fails with the first
   * failure of any of them.
   */
  protected static void runConcurrently(ThreadTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch ready = new CountDownLatch(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Void>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<Void> body =
            () -> {
              ready.countDown();
              go.await();
              task.run(thread);
              return null;
            };
        futures.add(pool.submit(body));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads started").isTrue();
      go.countDown();
      for (Future<Void> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
