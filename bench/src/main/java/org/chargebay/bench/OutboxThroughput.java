package org.chargebay.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaEventRecords;
import org.chargebay.events.store.kafka.KafkaOutboxRelay;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;

/**
 * Outbox relay throughput vs a plain producer, on the same broker in the same run (not JMH: the
 * broker is the bottleneck and each round is one long transfer). Both send the same N journal
 * events (JSON values of the same size, key = stream id, 3 partitions) with an idempotent
 * producer, {@code acks=all}, {@code linger.ms=5}: the baseline sends the already-encoded records
 * and flushes once per chunk (system property {@code chunk}, default 5,000); the relay reads them from the
 * SQLite journal, sends them in Kafka transactions of one chunk and records its position after each. Each side runs {@code rounds} times
 * on a fresh topic, alternating; the median is reported.
 *
 * <p>Usage: {@code OutboxThroughput BOOTSTRAP [EVENTS=100000] [ROUNDS=3]} against e.g. {@code
 * scripts/kafka.sh start} (topics are created, so the broker must allow it).
 */
public final class OutboxThroughput {
  /** Records per flush (baseline) and per transaction (relay). */
  private static final int CHUNK = Integer.getInteger("chunk", 5_000);
  private OutboxThroughput() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("outbox-bench");
    Path journal = dir.resolve("chargebay.db");
    List<EventEnvelope> envelopes;
    try (SqliteEventStore store = SqliteEventStore.open(journal)) {
      List<SqliteEventStore.Append> appends = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ChargeEvent e = new SetpointChanged("s-" + (i / 1000), Instant.EPOCH.plusMillis(i), 49_800, 10_000, true, "steer", Evidence.none());
        appends.add(new SqliteEventStore.Append("bay-" + (i % 12), ExpectedVersion.any(), List.of(e)));
        if (appends.size() == 5_000) {
          store.appendAll(appends);
          appends.clear();
        }
      }
      store.appendAll(appends);
      envelopes = store.readAll(0, n);
    }
    List<Double> plain = new ArrayList<>();
    List<Double> relay = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      plain.add(plainProducer(bootstrap, "bench-plain-" + System.nanoTime(), envelopes));
      relay.add(outboxRelay(bootstrap, "bench-relay-" + System.nanoTime(), journal, n));
    }
    plain.sort(null);
    relay.sort(null);
    double p = plain.get(plain.size() / 2);
    double o = relay.get(relay.size() / 2);
    System.out.printf("events=%d rounds=%d%n", n, rounds);
    System.out.printf("plain producer : %,.0f events/s (all rounds %s)%n", p, plain);
    System.out.printf("outbox relay   : %,.0f events/s (all rounds %s)%n", o, relay);
    System.out.printf("relay / plain  : %.2f%n", o / p);
  }

  private static double plainProducer(String bootstrap, String topic, List<EventEnvelope> envelopes) throws Exception {
    KafkaClients clients = new KafkaClients(bootstrap, topic, Map.of());
    clients.ensureTopic(3, (short) 1, Duration.ofSeconds(30));
    Map<String, Object> config = new java.util.HashMap<>(clients.properties());
    config.put("bootstrap.servers", bootstrap);
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("linger.ms", "5");
    config.put("delivery.timeout.ms", "45000");
    config.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    config.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      // warm-up outside the timing: one acknowledged record per partition of the fresh topic
      for (int partition = 0; partition < producer.partitionsFor(topic).size(); partition++) {
        producer.send(new ProducerRecord<>(topic, partition, new byte[0], new byte[0])).get();
      }
      long start = System.nanoTime();
      List<Future<RecordMetadata>> pending = new ArrayList<>(CHUNK);
      for (EventEnvelope e : envelopes) {
        pending.add(producer.send(new ProducerRecord<>(topic, KafkaEventRecords.toKey(e.streamId()), KafkaEventRecords.toValue(e))));
        if (pending.size() == CHUNK) {
          producer.flush();
          for (Future<RecordMetadata> f : pending) {
            f.get();
          }
          pending.clear();
        }
      }
      producer.flush();
      for (Future<RecordMetadata> f : pending) {
        f.get();
      }
      return envelopes.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double outboxRelay(String bootstrap, String topic, Path journal, int n) {
    KafkaClients clients = new KafkaClients(bootstrap, topic, Map.of());
    clients.ensureTopic(3, (short) 1, Duration.ofSeconds(30));
    try (SqliteEventStore store = SqliteEventStore.open(journal);
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(journal)) {
      String name = "bench-" + topic;
      KafkaOutboxRelay.Settings settings = new KafkaOutboxRelay.Settings(name, CHUNK, Duration.ofMillis(10), Duration.ofMillis(100));
      try (KafkaOutboxRelay relay = new KafkaOutboxRelay(clients, store, positions, settings)) {
        relay.publishOnce(); // connects, initialises the transactional producer, scans the tail
        long start = System.nanoTime();
        long first = relay.acknowledgedPosition();
        while (relay.publishOnce() > 0) {
          // publish the whole journal
        }
        return (n - first) / ((System.nanoTime() - start) / 1e9);
      }
    }
  }
}
