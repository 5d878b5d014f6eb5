package org.chargebay.events.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a process appending heavily while its relay publishes, then a restart: no acknowledged
 * event is lost, sequences are contiguous, and the restarted relay completes the topic without
 * duplicates.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CrashRecoveryIT {
  /** Marks the end of a child's output in {@link #readLines}. */
  private static final String END_OF_OUTPUT = new String("end of output");

  /**
   * The child's stdout, line by line, read on a daemon thread so that the test waits for each line
   * with a deadline instead of blocking in {@code readLine} on a process that hangs; {@link
   * #END_OF_OUTPUT} follows the last line.
   */
  private static BlockingQueue<String> readLines(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the stream broke: treated as its end
              } finally {
                lines.add(END_OF_OUTPUT);
              }
            },
            "crash-child-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  @TempDir Path dir;

  @Test
  void
      sigkill_during_heavy_appends_loses_no_acknowledged_event_and_the_relay_resumes_without_duplicates()
          throws Exception {
    try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
      KafkaClients clients = kafka.topic("crash", 3);
      Path journal = dir.resolve("chargebay.db");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashingAppender.class.getName(),
                  journal.toString(),
                  kafka.bootstrapServers(),
                  "crash")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      Map<String, Long> acked = new HashMap<>();
      long acks = 0;
      BlockingQueue<String> lines = readLines(child);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null) {
          child.destroyForcibly();
          throw new AssertionError(
              "the appender process did not finish its output within 60 s ("
                  + acks
                  + " acknowledged appends read; 3000 are needed before the kill)");
        }
        if (line == END_OF_OUTPUT) {
          break;
        }
        String[] f = line.split(" ");
        acked.merge(f[1], Long.parseLong(f[2]), Math::max);
        acks++;
        if (acks == 3_000) {
          // heavy appends are running and the relay has had time to publish: kill -9
          child.toHandle().destroyForcibly(); // SIGKILL, keeping our end of its stdout open
        }
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the killed process exited").isTrue();
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      assertThat(acks).isGreaterThanOrEqualTo(3_000);

      long published;
      try (SqliteEventStore store = SqliteEventStore.open(journal);
          SqliteOutboxPositions positions = SqliteOutboxPositions.open(journal)) {
        for (String stream : store.streamIds()) {
          List<EventEnvelope> events = store.readStream(stream, 1);
          assertThat(events)
              .extracting(EventEnvelope::sequence)
              .as("%s contiguous", stream)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
          assertThat((long) events.size())
              .as("%s keeps every acknowledged event", stream)
              .isGreaterThanOrEqualTo(acked.getOrDefault(stream, 0L));
        }
        assertThat(acked).hasSize(4);
        long before = positions.get("crash");
        try (KafkaOutboxRelay relay =
            new KafkaOutboxRelay(
                clients,
                store,
                positions,
                new KafkaOutboxRelay.Settings(
                    "crash", 500, Duration.ofMillis(10), Duration.ofMillis(100)))) {
          while (relay.publishOnce() > 0) {
            // drain the rest of the journal
          }
          assertThat(relay.lagEvents()).isZero();
          assertThat(relay.acknowledgedPosition()).isGreaterThan(before);
        }
        published = store.lastPosition();
        List<EventEnvelope> topic = TopicRecords.readAll(clients);
        assertThat(topic)
            .extracting(EventEnvelope::globalPosition)
            .doesNotHaveDuplicates()
            .hasSize((int) published);
        Map<String, List<Long>> sequences =
            topic.stream()
                .collect(
                    Collectors.groupingBy(
                        EventEnvelope::streamId,
                        Collectors.mapping(EventEnvelope::sequence, Collectors.toList())));
        for (String stream : store.streamIds()) {
          assertThat(sequences.get(stream))
              .as("%s in Kafka once and in order", stream)
              .containsExactlyElementsOf(
                  LongStream.rangeClosed(1, store.streamVersion(stream)).boxed().toList());
        }
      }
    }
  }
}
