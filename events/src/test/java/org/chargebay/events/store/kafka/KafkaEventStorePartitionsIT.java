package org.chargebay.events.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SampleEvents;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.replay.FleetProjection;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka store and the fleet projection on a 3-partition topic with many bays. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KafkaEventStorePartitionsIT {
  private static final EventCodec CODEC = EventCodec.standard();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
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

  /** One whole charge of bay {@code bay}, the {@code round}-th: start, two setpoints, complete. */
  private static List<ChargeEvent> session(int bay, int round) {
    String id = "s-" + bay + "-" + round;
    Instant at = SampleEvents.T0.plusSeconds(3_600L * round + bay);
    return List.of(
        new ChargeStarted(id, at, SampleEvents.PROFILE, Evidence.none()),
        new SetpointChanged(
            id, at.plusSeconds(1), 49_800, 10_000, true, id + "/cc", Evidence.none()),
        new SetpointChanged(
            id, at.plusSeconds(2), 49_800, 5_000, true, id + "/cv", Evidence.none()),
        new ChargeCompleted(id, at.plusSeconds(3), 1_000L * bay, 50_000L * bay, Evidence.none()));
  }

  private static String cause(EventEnvelope e) {
    return CODEC.decode(e) instanceof SetpointChanged s ? s.cause() : e.type();
  }

  @Test
  void twelve_bays_on_three_partitions_read_in_stream_order_with_positions_every_reader_shares() {
    KafkaClients clients = kafka.topic("fleet-3p", 3);
    int bays = 12;
    int rounds = 3;
    try (KafkaEventStore writer = KafkaEventStore.open(clients, CODEC, TIMEOUT);
        SqliteEventStore journal = SqliteEventStore.open(dir.resolve("same.db"))) {
      for (int round = 0; round < rounds; round++) {
        for (int bay = 1; bay <= bays; bay++) {
          List<ChargeEvent> events = session(bay, round);
          writer.append("bay-" + bay, ExpectedVersion.exactly(4L * round), events);
          journal.append("bay-" + bay, ExpectedVersion.exactly(4L * round), events);
        }
      }
      assertThat(writer.partitionCount()).isEqualTo(3);

      try (KafkaEventStore reader = KafkaEventStore.open(clients, CODEC, TIMEOUT)) {
        List<EventEnvelope> all = reader.readAll(0, 10_000);
        assertThat(all).hasSize(bays * rounds * 4);
        assertThat(
                all.stream()
                    .map(e -> KafkaPositions.partition(e.globalPosition()))
                    .collect(Collectors.toSet()))
            .as("the 12 bays spread over all 3 partitions")
            .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(all)
            .extracting(EventEnvelope::globalPosition)
            .isSorted()
            .doesNotHaveDuplicates();
        assertThat(all)
            .as("positions are the same for the writer and a new reader")
            .isEqualTo(writer.readAll(0, 10_000));

        List<EventEnvelope> paged = new ArrayList<>();
        long after = 0;
        List<EventEnvelope> page;
        while (!(page = reader.readAll(after, 7)).isEmpty()) {
          paged.addAll(page);
          after = page.get(page.size() - 1).globalPosition();
        }
        assertThat(paged).isEqualTo(all);
        assertThat(reader.readAll(all.get(60).globalPosition(), 5)).isEqualTo(all.subList(61, 66));

        for (int bay = 1; bay <= bays; bay++) {
          String stream = "bay-" + bay;
          List<EventEnvelope> read = reader.readStream(stream, 1);
          assertThat(read)
              .extracting(EventEnvelope::sequence)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, 4L * rounds).boxed().toList());
          assertThat(read)
              .extracting(CODEC::decode)
              .containsExactlyElementsOf(
                  journal.readStream(stream, 1).stream().map(CODEC::decode).toList());
          assertThat(all.stream().filter(e -> e.streamId().equals(stream)).toList())
              .isEqualTo(read);
          assertThat(
                  read.stream()
                      .map(e -> KafkaPositions.partition(e.globalPosition()))
                      .distinct()
                      .count())
              .as("%s lives in one partition", stream)
              .isEqualTo(1);
          assertThat(reader.readStream(stream, 11)).isEqualTo(read.subList(10, 12));
        }
        assertThat(KafkaEventFollower.readAll(clients, null, TIMEOUT)).isEqualTo(all);
        assertThat(KafkaEventFollower.readAll(clients, "bay-7", TIMEOUT))
            .isEqualTo(reader.readStream("bay-7", 1));

        Map<String, FleetProjection.BayView> fromKafka = FleetProjection.of(reader, CODEC);
        Map<String, FleetProjection.BayView> fromJournal = FleetProjection.of(journal, CODEC);
        assertThat(fromKafka.keySet())
            .containsExactlyElementsOf(new TreeSet<>(fromJournal.keySet()));
        assertThat(fromKafka).isEqualTo(fromJournal);
        assertThat(fromKafka.get("bay-12").history().sessions()).hasSize(rounds);
        assertThat(fromKafka.get("bay-12").history().sessions().get(2).chargedMilliampHours())
            .isEqualTo(12_000L);
      }
    }
  }

  @Test
  void a_re_sent_record_on_a_partitioned_topic_is_ignored_by_every_read() {
    KafkaClients clients = kafka.topic("fleet-3p-dup", 3);
    try (KafkaEventStore writer = KafkaEventStore.open(clients, CODEC, TIMEOUT)) {
      for (int bay = 1; bay <= 6; bay++) {
        writer.append("bay-" + bay, ExpectedVersion.noStream(), session(bay, 0));
      }
      EventEnvelope resent = writer.readStream("bay-3", 2).get(0);
      try (KafkaProducer<byte[], byte[]> relay =
          new KafkaProducer<>(clients.producerProperties())) {
        relay.send(
            new ProducerRecord<>(
                clients.topic(),
                KafkaEventRecords.toKey("bay-3"),
                KafkaEventRecords.toValue(resent)));
        relay.flush();
      }
      writer.append("bay-3", ExpectedVersion.exactly(4), session(3, 1));

      try (KafkaEventStore reader = KafkaEventStore.open(clients, CODEC, TIMEOUT)) {
        assertThat(reader.ignoredDuplicates()).isEqualTo(1);
        assertThat(reader.readStream("bay-3", 1))
            .extracting(EventEnvelope::sequence)
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(reader.readAll(0, 1_000))
            .hasSize(28)
            .extracting(EventEnvelope::globalPosition)
            .doesNotHaveDuplicates();
        assertThat(KafkaEventFollower.readAll(clients, "bay-3", TIMEOUT))
            .isEqualTo(reader.readStream("bay-3", 1));
      }
    }
  }

  /**
   * A depot of 300 bays × 20 events written as the relay writes (no append headers): the projection
   * is one streamed pass, and the store keeps per-bay state only.
   */
  @Test
  void a_depot_of_300_bays_is_folded_in_one_streamed_pass() {
    KafkaClients clients = kafka.topic("fleet-depot", 3);
    int bays = 300;
    int rounds = 5;
    try (KafkaProducer<byte[], byte[]> relay = new KafkaProducer<>(clients.producerProperties())) {
      long position = 0;
      for (int round = 0; round < rounds; round++) {
        for (int bay = 1; bay <= bays; bay++) {
          List<ChargeEvent> events = session(bay, round);
          for (int i = 0; i < events.size(); i++) {
            EventCodec.Encoded e = CODEC.encode(events.get(i));
            EventEnvelope envelope =
                new EventEnvelope(
                    "bay-" + bay,
                    4L * round + i + 1,
                    ++position,
                    e.type(),
                    e.schemaVersion(),
                    events.get(i).at(),
                    e.payload());
            relay.send(
                new ProducerRecord<>(
                    clients.topic(),
                    KafkaEventRecords.toKey(envelope.streamId()),
                    KafkaEventRecords.toValue(envelope)));
          }
        }
      }
      relay.flush();
    }

    long t0 = System.nanoTime();
    Map<String, FleetProjection.BayView> views;
    try (KafkaEventStore reader = KafkaEventStore.open(clients, CODEC, TIMEOUT)) {
      long opened = System.nanoTime();
      views = FleetProjection.of(reader, CODEC);
      long folded = System.nanoTime();
      List<EventEnvelope> one = reader.readStream("bay-150", 1);
      long streamRead = System.nanoTime();
      System.out.printf(
          "depot of %d bays, %d events on 3 partitions: open %d ms, fold %d ms, one bay's history %d ms%n",
          bays,
          bays * rounds * 4,
          (opened - t0) / 1_000_000,
          (folded - opened) / 1_000_000,
          (streamRead - folded) / 1_000_000);
      assertThat(one).hasSize(rounds * 4);
      assertThat(reader.streamIds()).hasSize(bays);
    }
    assertThat(views).hasSize(bays);
    Set<Long> versions =
        views.values().stream().map(FleetProjection.BayView::version).collect(Collectors.toSet());
    assertThat(versions).containsExactly(4L * rounds);
    assertThat(views.get("bay-300").history().sessions()).hasSize(rounds);
    assertThat(views.get("bay-1").lastEventAt())
        .isEqualTo(SampleEvents.T0.plusSeconds(3_600L * (rounds - 1) + 1 + 3));
  }
}
