package org.chargebay.events.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KafkaOutboxRelayIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static KafkaTestCluster kafka;

  @TempDir Path dir;

  @BeforeAll
  static void start_kafka() {
    kafka = KafkaTestCluster.start();
  }

  @AfterAll
  static void stop_kafka() {
    kafka.close();
  }

  private static List<ChargeEvent> events(int n, String prefix) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(
            i ->
                (ChargeEvent)
                    new SetpointChanged(
                        "s-1",
                        T0.plusSeconds(i),
                        49_800,
                        10_000,
                        true,
                        prefix + i,
                        Evidence.none()))
        .toList();
  }

  private static KafkaOutboxRelay.Settings settings(int batch) {
    return new KafkaOutboxRelay.Settings(
        "test-relay", batch, Duration.ofMillis(50), Duration.ofMillis(100));
  }

  private static void await(BooleanSupplier done, Duration max, String what) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + max + ": " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // polling a condition
    }
  }

  /** Each stream's published sequences, in topic order. */
  private static Map<String, List<Long>> sequencesByStream(List<EventEnvelope> records) {
    return records.stream()
        .collect(
            Collectors.groupingBy(
                EventEnvelope::streamId,
                Collectors.mapping(EventEnvelope::sequence, Collectors.toList())));
  }

  @Test
  void publishes_the_journal_keyed_by_stream_and_the_fleet_view_rebuilds_it() {
    KafkaClients clients = kafka.topic("relay-basic", 3);
    Path file = dir.resolve("chargebay.db");
    try (SqliteEventStore store = SqliteEventStore.open(file);
        SqliteEventStore relayView = SqliteEventStore.open(file);
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(file)) {
      for (int bay = 1; bay <= 4; bay++) {
        store.append("bay-" + bay, ExpectedVersion.noStream(), events(5, "b" + bay + "-"));
      }
      try (KafkaOutboxRelay relay =
          new KafkaOutboxRelay(clients, relayView, positions, settings(7))) {
        while (relay.publishOnce() > 0) {
          // drain
        }
        assertThat(relay.acknowledgedPosition()).isEqualTo(20);
        assertThat(relay.lagEvents()).isZero();
        assertThat(relay.lagSeconds()).isZero();
      }
      assertThat(positions.get("test-relay")).isEqualTo(20);

      List<EventEnvelope> published = TopicRecords.readAll(clients);
      assertThat(published).hasSize(20);
      assertThat(sequencesByStream(published))
          .allSatisfy((stream, seqs) -> assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L));
      try (KafkaEventStore fleet =
          KafkaEventStore.open(clients, EventCodec.standard(), Duration.ofSeconds(30))) {
        assertThat(fleet.streamIds()).containsExactly("bay-1", "bay-2", "bay-3", "bay-4");
        for (String stream : fleet.streamIds()) {
          assertThat(fleet.readStream(stream, 1).stream().map(EventEnvelope::payload).toList())
              .isEqualTo(store.readStream(stream, 1).stream().map(e -> e.payload()).toList());
        }
      }
    }
  }

  @Test
  void a_relay_that_lost_its_position_skips_what_kafka_already_has() {
    KafkaClients clients = kafka.topic("relay-lost-position", 2);
    Path file = dir.resolve("chargebay.db");
    try (SqliteEventStore store = SqliteEventStore.open(file);
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(file)) {
      store.append("bay-1", ExpectedVersion.noStream(), events(10, "a"));
      store.append("bay-2", ExpectedVersion.noStream(), events(10, "b"));
      try (KafkaOutboxRelay relay = new KafkaOutboxRelay(clients, store, positions, settings(15))) {
        relay.publishOnce(); // 15 acknowledged by Kafka ...
      }
      positions.set("test-relay", 5); // ... but the crash came before the journal recorded it
      store.append("bay-1", ExpectedVersion.exactly(10), events(3, "c"));

      try (KafkaOutboxRelay restarted =
          new KafkaOutboxRelay(clients, store, positions, settings(100))) {
        restarted.publishOnce();
        assertThat(restarted.skippedCount()).isEqualTo(10);
        assertThat(restarted.publishedCount()).isEqualTo(8);
        assertThat(restarted.acknowledgedPosition()).isEqualTo(23);
      }
      List<EventEnvelope> published = TopicRecords.readAll(clients);
      assertThat(published)
          .extracting(EventEnvelope::globalPosition)
          .doesNotHaveDuplicates()
          .hasSize(23);
      assertThat(sequencesByStream(published).get("bay-1")).isSorted().hasSize(13);
    }
  }

  @Test
  void a_relay_that_lost_its_position_finds_its_last_batch_behind_any_number_of_other_records() {
    KafkaClients clients = kafka.topic("relay-buried", 2);
    Path file = dir.resolve("chargebay.db");
    int batch = 15;
    long oldScanWindow = 10L * batch + 1_000; // what the restart scan used to read per partition
    try (SqliteEventStore store = SqliteEventStore.open(file);
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(file)) {
      store.append("bay-1", ExpectedVersion.noStream(), events(10, "a"));
      store.append("bay-2", ExpectedVersion.noStream(), events(10, "b"));
      try (KafkaOutboxRelay relay =
          new KafkaOutboxRelay(clients, store, positions, settings(batch))) {
        relay.publishOnce(); // 15 acknowledged by Kafka ...
      }
      positions.set("test-relay", 5); // ... but the crash came before the journal recorded it

      // Another controller of the fleet publishes its own journal to the same topic meanwhile.
      Path otherFile = dir.resolve("other.db");
      int others = 4_000;
      try (SqliteEventStore other = SqliteEventStore.open(otherFile);
          SqliteOutboxPositions otherPositions = SqliteOutboxPositions.open(otherFile)) {
        List<SqliteEventStore.Append> appends = new java.util.ArrayList<>();
        for (int i = 0; i < others; i++) {
          appends.add(
              new SqliteEventStore.Append(
                  "other-" + (i % 8), ExpectedVersion.any(), events(1, "o" + i)));
        }
        other.appendAll(appends);
        KafkaOutboxRelay.Settings otherSettings =
            new KafkaOutboxRelay.Settings(
                "other-relay", 1_000, Duration.ofMillis(50), Duration.ofMillis(100));
        try (KafkaOutboxRelay otherRelay =
            new KafkaOutboxRelay(clients, other, otherPositions, otherSettings)) {
          while (otherRelay.publishOnce() > 0) {
            // drain
          }
        }
      }
      Map<Integer, Long> othersPerPartition =
          TopicRecords.readAll(clients).stream()
              .filter(e -> e.streamId().startsWith("other-"))
              .collect(
                  Collectors.groupingBy(e -> partitionOf(e.streamId(), 2), Collectors.counting()));
      assertThat(othersPerPartition)
          .hasSize(2)
          .allSatisfy((partition, n) -> assertThat(n).isGreaterThan(oldScanWindow));

      store.append("bay-1", ExpectedVersion.exactly(10), events(3, "c"));
      try (KafkaOutboxRelay restarted =
          new KafkaOutboxRelay(clients, store, positions, settings(batch))) {
        while (restarted.publishOnce() > 0) {
          // drain
        }
        assertThat(restarted.skippedCount()).isEqualTo(10);
        assertThat(restarted.publishedCount()).isEqualTo(8);
        assertThat(restarted.acknowledgedPosition()).isEqualTo(23);
      }
      List<EventEnvelope> ours =
          TopicRecords.readAll(clients).stream()
              .filter(e -> e.streamId().startsWith("bay-"))
              .toList();
      assertThat(ours)
          .extracting(EventEnvelope::globalPosition)
          .doesNotHaveDuplicates()
          .hasSize(23);
      assertThat(sequencesByStream(ours).get("bay-1"))
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
    }
  }

  private static int partitionOf(String streamId, int partitions) {
    return org.apache.kafka.common.utils.Utils.toPositive(
            org.apache.kafka.common.utils.Utils.murmur2(KafkaEventRecords.toKey(streamId)))
        % partitions;
  }

  @Test
  void a_broker_outage_delays_but_loses_and_duplicates_nothing() {
    KafkaClients clients = kafka.topic("relay-outage", 3);
    Path file = dir.resolve("chargebay.db");
    try (SqliteEventStore store = SqliteEventStore.open(file);
        SqliteEventStore relayView = SqliteEventStore.open(file);
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(file);
        KafkaOutboxRelay relay =
            new KafkaOutboxRelay(clients, relayView, positions, settings(50))) {
      relay.start();
      for (int i = 0; i < 10; i++) {
        store.append("bay-" + (i % 3), ExpectedVersion.any(), events(2, "before" + i));
        relay.wakeUp();
      }
      await(
          () -> relay.lagEvents() == 0,
          Duration.ofSeconds(30),
          "relay caught up before the outage");

      kafka.stopBroker();
      for (int i = 0; i < 30; i++) {
        store.append("bay-" + (i % 3), ExpectedVersion.any(), events(2, "during" + i));
        relay.wakeUp();
      }
      assertThat(relay.lagEvents()).isPositive();
      kafka.startBroker();
      for (int i = 0; i < 10; i++) {
        store.append("bay-" + (i % 3), ExpectedVersion.any(), events(2, "after" + i));
        relay.wakeUp();
      }
      await(
          () -> relay.lagEvents() == 0, Duration.ofSeconds(60), "relay caught up after the outage");

      List<EventEnvelope> published = TopicRecords.readAll(clients);
      assertThat(published)
          .as(
              "published %d, skipped %d, failures %d, last error %s",
              relay.publishedCount(), relay.skippedCount(), relay.failureCount(), relay.lastError())
          .extracting(EventEnvelope::globalPosition)
          .doesNotHaveDuplicates()
          .hasSize(100);
      sequencesByStream(published)
          .forEach(
              (stream, seqs) ->
                  assertThat(seqs)
                      .as(stream)
                      .isSortedAccordingTo(Comparator.naturalOrder())
                      .hasSize(store.readStream(stream, 1).size()));
    }
  }

  @Test
  void a_normal_stop_publishes_what_was_journaled_up_to_the_stop() {
    KafkaClients clients = kafka.topic("relay-drain", 3);
    Path file = dir.resolve("chargebay.db");
    try (SqliteEventStore store = SqliteEventStore.open(file);
        SqliteEventStore relayView = SqliteEventStore.open(file);
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(file)) {
      KafkaOutboxRelay relay = new KafkaOutboxRelay(clients, relayView, positions, settings(5));
      relay.start();
      store.append("bay-1", ExpectedVersion.any(), events(3, "early"));
      relay.wakeUp();
      await(() -> relay.lagEvents() == 0, Duration.ofSeconds(30), "relay caught up");
      // the last events of a shutdown: appended, and nobody wakes the relay
      store.append("bay-1", ExpectedVersion.any(), events(12, "last"));
      store.append("bay-2", ExpectedVersion.any(), events(4, "last"));

      assertThat(relay.close(Duration.ofSeconds(30))).as("drained").isTrue();

      assertThat(positions.get("test-relay")).isEqualTo(19);
      List<EventEnvelope> published = TopicRecords.readAll(clients);
      assertThat(published).extracting(EventEnvelope::globalPosition).doesNotHaveDuplicates();
      assertThat(sequencesByStream(published))
          .containsOnlyKeys("bay-1", "bay-2")
          .hasEntrySatisfying("bay-1", seqs -> assertThat(seqs).hasSize(15).isSorted())
          .hasEntrySatisfying("bay-2", seqs -> assertThat(seqs).containsExactly(1L, 2L, 3L, 4L));
    }
  }

  @Test
  void a_normal_stop_without_a_broker_waits_no_longer_than_its_bound_and_keeps_the_position() {
    KafkaClients clients =
        new KafkaClients(
            "127.0.0.1:9",
            "relay-nobroker",
            Map.of("max.block.ms", "500", "reconnect.backoff.max.ms", "200"));
    Path file = dir.resolve("chargebay.db");
    try (SqliteEventStore store = SqliteEventStore.open(file);
        SqliteEventStore relayView = SqliteEventStore.open(file);
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(file)) {
      store.append("bay-1", ExpectedVersion.any(), events(3, "unsent"));
      KafkaOutboxRelay relay = new KafkaOutboxRelay(clients, relayView, positions, settings(5));
      relay.start();
      long t0 = System.nanoTime();
      boolean drained = relay.close(Duration.ofMillis(300));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;

      assertThat(drained).isFalse();
      assertThat(tookMs).as("close returned (ms)").isLessThan(300 + 5_000 + 2_000);
      assertThat(positions.get("test-relay")).as("nothing acknowledged").isZero();
      assertThat(relay.lagEvents()).isEqualTo(3);
    }
  }
}
