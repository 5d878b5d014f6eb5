package org.chargebay.bench;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaEventRecords;
import org.chargebay.events.store.kafka.KafkaOutboxRelay;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;

/**
 * Outbox relay throughput vs a plain producer, on the same broker in the same run (not JMH: the
 * broker is the bottleneck and each round is one long transfer). All sides send the same N journal
 * events (the same record bytes: key = stream id, the JSON value, the relay's two headers; 3
 * partitions) with an idempotent producer, {@code acks=all}, {@code linger.ms=5}:
 *
 * <ul>
 *   <li>{@code plain-encoded}: the baseline. The records are built before the clock starts; the
 *       producer only sends them and flushes once per chunk (system property {@code chunk}, default
 *       5,000), waiting for every acknowledgement;
 *   <li>{@code plain-encoding}: the same, but each record's value is encoded from the envelope in
 *       the loop (what the baseline of the first runs did, without the headers);
 *   <li>{@code relay}: reads the events from the SQLite journal, sends them in Kafka transactions
 *       of one chunk and records its position after each.
 * </ul>
 *
 * Each round runs the three on fresh topics, one after the other; rounds alternate, the first
 * {@code warmup} (system property, default 2) are left out of the summary. The relay's first batch
 * (connect, initTransactions, resume search) is outside the timing, like the plain producers' one
 * warm-up record per partition. Reported: every round, the best, and the per-round ratio relay /
 * plain-encoded (median, min, max).
 *
 * <p>The Kafka clients log through slf4j to JBoss LogManager, which enables TRACE when nothing
 * configures it: every {@code send} then formats the record ({@code ProducerRecord.toString}) for a
 * log line that goes nowhere. The application configures logging; here the root level is set to
 * INFO before any client starts (system property {@code kafkaTrace=true} keeps the old behaviour).
 *
 * <p>Usage: {@code OutboxThroughput BOOTSTRAP [EVENTS=100000] [ROUNDS=3]} against e.g. {@code
 * scripts/kafka.sh start} (topics are created, so the broker must allow it).
 */
public final class OutboxThroughput {
  /** Records per flush (baseline) and per transaction (relay). */
  private static final int CHUNK = Integer.getInteger("chunk", 5_000);

  /** Rounds run first and left out of the summary (JIT warm-up), system property {@code warmup}. */
  private static final int WARMUP = Integer.getInteger("warmup", 2);

  private OutboxThroughput() {}

  public static void main(String[] args) throws Exception {
    if (!Boolean.getBoolean("kafkaTrace")) {
      org.jboss.logmanager.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
    }
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("outbox-bench");
    Path journal = dir.resolve("chargebay.db");
    List<EventEnvelope> envelopes;
    try (SqliteEventStore store = SqliteEventStore.open(journal)) {
      List<SqliteEventStore.Append> appends = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ChargeEvent e =
            new SetpointChanged(
                "s-" + (i / 1000),
                Instant.EPOCH.plusMillis(i),
                49_800,
                10_000,
                true,
                "steer",
                Evidence.none());
        appends.add(
            new SqliteEventStore.Append("bay-" + (i % 12), ExpectedVersion.any(), List.of(e)));
        if (appends.size() == 5_000) {
          store.appendAll(appends);
          appends.clear();
        }
      }
      store.appendAll(appends);
      envelopes = store.readAll(0, n);
    }
    List<Double> encoded = new ArrayList<>();
    List<Double> encoding = new ArrayList<>();
    List<Double> relay = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int r = 0; r < WARMUP + rounds; r++) {
      // one relay name per round (its position row starts at 0), the same in the plain records
      String name = String.format("bench-%d-%03d", ProcessHandle.current().pid(), r);
      double pe =
          plainProducer(bootstrap, "bench-plain-" + System.nanoTime(), envelopes, name, true);
      double pi =
          plainProducer(bootstrap, "bench-plain-" + System.nanoTime(), envelopes, name, false);
      double o = outboxRelay(bootstrap, "bench-relay-" + System.nanoTime(), journal, n, name);
      System.out.printf(
          (r < WARMUP ? "warm-up " : "")
              + "round %d: plain-encoded %,.0f  plain-encoding %,.0f  relay %,.0f events/s  relay/plain-encoded %.2f%n",
          r + 1,
          pe,
          pi,
          o,
          o / pe);
      if (r >= WARMUP) {
        encoded.add(pe);
        encoding.add(pi);
        relay.add(o);
        ratios.add(o / pe);
      }
    }
    System.out.printf(
        "events=%d rounds=%d (after %d warm-up) chunk=%d%n", n, rounds, WARMUP, CHUNK);
    System.out.printf("plain-encoded  : best %,.0f events/s %s%n", best(encoded), round(encoded));
    System.out.printf("plain-encoding : best %,.0f events/s %s%n", best(encoding), round(encoding));
    System.out.printf("outbox relay   : best %,.0f events/s %s%n", best(relay), round(relay));
    List<Double> sorted = new ArrayList<>(ratios);
    sorted.sort(null);
    System.out.printf(
        "relay / plain-encoded per round: median %.2f, min %.2f, max %.2f; best / best %.2f%n",
        sorted.get(sorted.size() / 2),
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        best(relay) / best(encoded));
  }

  private static double best(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private static List<Long> round(List<Double> values) {
    return values.stream().map(Math::round).toList();
  }

  /** The headers the relay named {@code name} writes on the record of {@code e}. */
  private static List<Header> relayHeaders(EventEnvelope e, String name) {
    return List.of(
        new RecordHeader("chargebay-source", name.getBytes(StandardCharsets.UTF_8)),
        new RecordHeader(
            "chargebay-position",
            Long.toString(e.globalPosition()).getBytes(StandardCharsets.US_ASCII)));
  }

  private static double plainProducer(
      String bootstrap,
      String topic,
      List<EventEnvelope> envelopes,
      String name,
      boolean preEncoded)
      throws Exception {
    KafkaClients clients = new KafkaClients(bootstrap, topic, Map.of());
    clients.ensureTopic(3, (short) 1, Duration.ofSeconds(30));
    Map<String, Object> config = new java.util.HashMap<>(clients.producerProperties());
    config.put("linger.ms", "5");
    config.put("delivery.timeout.ms", "45000");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(envelopes.size());
    if (preEncoded) {
      for (EventEnvelope e : envelopes) {
        records.add(
            new ProducerRecord<>(
                topic,
                null,
                KafkaEventRecords.toKey(e.streamId()),
                KafkaEventRecords.toValue(e),
                relayHeaders(e, name)));
      }
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      // warm-up outside the timing: one acknowledged record per partition of the fresh topic
      for (int partition = 0; partition < producer.partitionsFor(topic).size(); partition++) {
        producer.send(new ProducerRecord<>(topic, partition, new byte[0], new byte[0])).get();
      }
      long start = System.nanoTime();
      List<Future<RecordMetadata>> pending = new ArrayList<>(CHUNK);
      for (int i = 0; i < envelopes.size(); i++) {
        ProducerRecord<byte[], byte[]> record;
        if (preEncoded) {
          record = records.get(i);
        } else {
          EventEnvelope e = envelopes.get(i);
          record =
              new ProducerRecord<>(
                  topic,
                  null,
                  KafkaEventRecords.toKey(e.streamId()),
                  KafkaEventRecords.toValue(e),
                  relayHeaders(e, name));
        }
        pending.add(producer.send(record));
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

  private static double outboxRelay(
      String bootstrap, String topic, Path journal, int n, String name) {
    KafkaClients clients = new KafkaClients(bootstrap, topic, Map.of());
    clients.ensureTopic(3, (short) 1, Duration.ofSeconds(30));
    try (SqliteEventStore store = SqliteEventStore.open(journal);
        SqliteOutboxPositions positions = SqliteOutboxPositions.open(journal)) {
      KafkaOutboxRelay.Settings settings =
          new KafkaOutboxRelay.Settings(name, CHUNK, Duration.ofMillis(10), Duration.ofMillis(100));
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
