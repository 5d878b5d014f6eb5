package org.chargebay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaEventStore;
import org.chargebay.events.store.kafka.KafkaTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** {@code events --kafka ... --follow} against an in-JVM broker, run in-JVM on its own thread. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventsKafkaFollowIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KafkaTestCluster kafka;

  @BeforeAll
  static void start_kafka() {
    kafka = KafkaTestCluster.start();
  }

  @AfterAll
  static void stop_kafka() {
    kafka.close();
  }

  private static ChargeEvent event(String cause) {
    return new SetpointChanged("s-1", Instant.EPOCH, 49_800, 10_000, true, cause, Evidence.none());
  }

  /** An output stream that hands over each complete line as it is printed. */
  private static final class Lines extends OutputStream {
    final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        queue.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }

    JsonNode next() throws Exception {
      String l = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(l).as("a line within %s", WAIT).isNotNull();
      return JSON.readTree(l);
    }
  }

  private static String key(JsonNode n) {
    return n.get("streamId").asText()
        + "#"
        + n.get("sequence").asLong()
        + ":"
        + n.at("/payload/cause").asText();
  }

  private record Follow(Thread thread, AtomicInteger exit, Lines out, ByteArrayOutputStream err) {}

  private static Follow follow(String... args) {
    Lines out = new Lines();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () ->
                exit.set(
                    EventsCli.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))),
            "events-follow");
    t.start();
    return new Follow(t, exit, out, err);
  }

  @Test
  void follow_prints_the_topic_then_each_new_event_as_it_is_committed_until_interrupted()
      throws Exception {
    KafkaClients clients = kafka.topic("follow-3p", 3);
    try (KafkaEventStore writer = KafkaEventStore.open(clients, EventCodec.standard(), WAIT)) {
      writer.append("bay-1", ExpectedVersion.noStream(), List.of(event("1a"), event("1b")));
      writer.append("bay-2", ExpectedVersion.noStream(), List.of(event("2a")));

      Follow f = follow("--kafka", kafka.bootstrapServers(), "--topic", "follow-3p", "--follow");

      List<String> initial = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        initial.add(key(f.out().next()));
      }
      assertThat(initial).containsExactlyInAnyOrder("bay-1#1:1a", "bay-1#2:1b", "bay-2#1:2a");
      assertThat(initial.indexOf("bay-1#1:1a")).isLessThan(initial.indexOf("bay-1#2:1b"));

      // Live: one append at a time, each line awaited before the next append, so the order
      // printed is the order committed, across bays and partitions.
      String[][] live = {
        {"bay-1", "1c"},
        {"bay-3", "3a"},
        {"bay-2", "2b"},
        {"bay-1", "1d"},
        {"bay-3", "3b"},
        {"bay-4", "4a"}
      };
      List<String> expected = new ArrayList<>();
      List<String> printed = new ArrayList<>();
      long start = System.nanoTime();
      for (String[] a : live) {
        List<org.chargebay.events.EventEnvelope> stored =
            writer.append(a[0], ExpectedVersion.any(), List.of(event(a[1])));
        expected.add(a[0] + "#" + stored.get(0).sequence() + ":" + a[1]);
        JsonNode n = f.out().next();
        printed.add(key(n));
        assertThat(n.get("globalPosition").asLong()).isEqualTo(stored.get(0).globalPosition());
      }
      long liveMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(printed).containsExactlyElementsOf(expected);
      assertThat(printed)
          .containsExactly(
              "bay-1#3:1c", "bay-3#1:3a", "bay-2#2:2b", "bay-1#4:1d", "bay-3#2:3b", "bay-4#1:4a");
      System.out.printf(
          "events --kafka --follow: %d live events appended and printed in %d ms%n",
          live.length, liveMillis);

      f.thread().interrupt();
      f.thread().join(WAIT.toMillis());
      assertThat(f.thread().isAlive()).as("follow ends when interrupted").isFalse();
      assertThat(f.exit().get()).isZero();
      assertThat(f.err().toString(StandardCharsets.UTF_8)).isEmpty();
      assertThat(f.out().queue).as("nothing printed twice").isEmpty();
    }
  }

  @Test
  void follow_of_one_bay_prints_only_that_bay_and_stops_when_told() throws Exception {
    KafkaClients clients = kafka.topic("follow-one", 3);
    try (KafkaEventStore writer = KafkaEventStore.open(clients, EventCodec.standard(), WAIT)) {
      writer.append("bay-1", ExpectedVersion.noStream(), List.of(event("1a")));
      writer.append("bay-2", ExpectedVersion.noStream(), List.of(event("2a")));
      Lines out = new Lines();
      AtomicInteger exit = new AtomicInteger(-1);
      AtomicInteger seen = new AtomicInteger();
      Thread t =
          new Thread(
              () ->
                  exit.set(
                      EventsCli.run(
                          new String[] {
                            "--kafka",
                            kafka.bootstrapServers(),
                            "--topic",
                            "follow-one",
                            "--bay",
                            "2",
                            "--follow"
                          },
                          new PrintStream(out, true, StandardCharsets.UTF_8),
                          System.err,
                          () -> out.queue.size() + seen.get() < 3)));
      t.start();
      assertThat(key(out.next())).isEqualTo("bay-2#1:2a");
      seen.incrementAndGet();
      writer.append("bay-1", ExpectedVersion.any(), List.of(event("1b")));
      writer.append("bay-2", ExpectedVersion.any(), List.of(event("2b")));
      writer.append("bay-2", ExpectedVersion.any(), List.of(event("2c")));
      t.join(WAIT.toMillis());
      assertThat(t.isAlive()).as("follow stops once keepFollowing is false").isFalse();
      assertThat(exit.get()).isZero();
      assertThat(key(out.next())).isEqualTo("bay-2#2:2b");
      assertThat(key(out.next())).isEqualTo("bay-2#3:2c");
      assertThat(out.queue).isEmpty();
    }
  }

  @Test
  void bad_kafka_arguments_are_usage_errors_and_a_missing_topic_or_bay_is_a_data_error()
      throws Exception {
    record Run(int exit, String out, String err) {}
    java.util.function.Function<String[], Run> events =
        args -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          int exit =
              EventsCli.run(
                  args,
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8));
          return new Run(
              exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        };
    String bs = kafka.bootstrapServers();
    KafkaClients clients = kafka.topic("one-bay", 1);
    try (KafkaEventStore writer = KafkaEventStore.open(clients, EventCodec.standard(), WAIT)) {
      writer.append("bay-1", ExpectedVersion.noStream(), List.of(event("1a")));
    }

    Run both = events.apply(new String[] {"--kafka", bs, "--journal", "x.db", "--follow"});
    Run noPort = events.apply(new String[] {"--kafka", "localhost", "--follow"});
    Run badPort = events.apply(new String[] {"--kafka=127.0.0.1:99999"});
    Run blankTopic = events.apply(new String[] {"--kafka", bs, "--topic", " ", "--follow"});
    Run blankBay = events.apply(new String[] {"--kafka", bs, "--bay", "", "--follow"});
    Run noValue = events.apply(new String[] {"--follow", "--kafka"});
    Run missing =
        events.apply(new String[] {"--kafka", bs, "--topic", "no-such-topic", "--follow"});
    Run unknownBay = events.apply(new String[] {"--kafka", bs, "--topic", "one-bay", "--bay", "9"});

    assertThat(both.err().lines().findFirst())
        .hasValue("chargebay events: give either --journal or --kafka, not both");
    assertThat(noPort.err().lines().findFirst())
        .hasValue(
            "chargebay events: --kafka needs host:port[,host:port...], e.g. 127.0.0.1:9092, was 'localhost'");
    assertThat(badPort.err().lines().findFirst())
        .hasValue(
            "chargebay events: --kafka needs host:port[,host:port...], e.g. 127.0.0.1:9092, was '127.0.0.1:99999'");
    assertThat(blankTopic.err().lines().findFirst())
        .hasValue("chargebay events: --topic needs a topic name, e.g. chargebay.events");
    assertThat(blankBay.err().lines().findFirst())
        .hasValue("chargebay events: --bay needs a bay id, e.g. --bay 3");
    assertThat(noValue.err().lines().findFirst())
        .hasValue(
            "chargebay events: Missing required parameter for option '--kafka' (HOST:PORT[,HOST:PORT...])");
    for (Run r : List.of(both, noPort, badPort, blankTopic, blankBay, noValue)) {
      assertThat(r.exit()).isEqualTo(64);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().lines().skip(1).toList())
          .containsExactly("Try 'chargebay events --help' for more information.");
    }
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).isEmpty();
    assertThat(JSON.readTree(missing.out()))
        .isEqualTo(
            JSON.readTree(
                "{\"error\":\"kafka_unreadable\",\"reason\":\"Kafka topic 'no-such-topic' does not exist at "
                    + bs
                    + "\"}"));
    assertThat(unknownBay.exit()).isEqualTo(2);
    assertThat(unknownBay.err()).isEmpty();
    assertThat(JSON.readTree(unknownBay.out()))
        .isEqualTo(
            JSON.readTree(
                "{\"error\":\"unknown_bay\",\"reason\":\"bay '9' has no events on Kafka topic 'one-bay' at "
                    + bs
                    + "\"}"));
  }
}
