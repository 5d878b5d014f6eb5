package org.chargebay.bay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.sqlite.SqliteSampleLog;
import org.chargebay.metrics.SampleMetrics;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Dropped samples are Prometheus counters per bay, sink and reason: forced drops of a recorder and
 * a publisher (queues held full, a closed sample table, a Kafka address where nothing listens) show
 * up in {@code /q/metrics} with their exact counts; the demo bay's series exist from the start.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SampleDropMetricsIT {

  /** The management interface; its URL's path is the management root, only its port is used. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  private String management(String path) {
    return "http://127.0.0.1:" + management.getPort() + path;
  }

  @Inject SampleMetrics sampleMetrics;

  /** Threads that start their work only once {@code go} is released. */
  private static ThreadFactory heldBack(CountDownLatch go) {
    return work ->
        new Thread(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                return;
              }
              work.run();
            });
  }

  private static TickRecord tick(String bay, long n) {
    return new TickRecord(bay, n, Instant.EPOCH.plusSeconds(n), 0, null, List.of());
  }

  private static String series(String bay, String reason, String sink) {
    return "chargebay_samples_dropped_total{bay=\""
        + bay
        + "\",reason=\""
        + reason
        + "\",sink=\""
        + sink
        + "\"} ";
  }

  private static void assertCounter(
      String metrics, String bay, String reason, String sink, int value) {
    assertThat(metrics)
        .containsPattern(
            java.util.regex.Pattern.quote(series(bay, reason, sink)) + value + "(\\.0)?\\n");
  }

  @Test
  void forced_drops_are_counted_per_bay_sink_and_reason_in_prometheus_output() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "test-data"));
    Path journal = Files.createTempFile(dir, "sample-drops-", ".db");
    Files.delete(journal);
    CountDownLatch go = new CountDownLatch(1);
    SqliteSampleLog log = SqliteSampleLog.open(journal);
    SampleRecorder recorder = new SampleRecorder(log, Duration.ofDays(1), 4, heldBack(go));
    KafkaSamplePublisher publisher =
        new KafkaSamplePublisher(
            new KafkaClients("127.0.0.1:1", "nowhere", Map.of("max.block.ms", "200")),
            2,
            heldBack(go));
    sampleMetrics.register(recorder, "drops-j");
    sampleMetrics.register(publisher, "drops-k");

    for (int i = 1; i <= 7; i++) {
      recorder.onTick(tick("drops-j", i)); // 4 queued, 3 dropped: queue full
    }
    for (int i = 1; i <= 5; i++) {
      publisher.onTick(tick("drops-k", i)); // 2 queued, 3 dropped: queue full
    }
    log.close(); // the 4 queued cannot be written
    go.countDown();
    recorder.close();
    publisher.close(); // the 2 queued are never acknowledged: nothing listens on port 1

    assertThat(recorder.drops().count("drops-j", SampleDrops.Reason.QUEUE_FULL)).isEqualTo(3);
    assertThat(recorder.drops().count("drops-j", SampleDrops.Reason.WRITE_FAILED)).isEqualTo(4);
    assertThat(publisher.drops().count("drops-k", SampleDrops.Reason.QUEUE_FULL)).isEqualTo(3);
    assertThat(publisher.drops().count("drops-k", SampleDrops.Reason.SEND_FAILED)).isEqualTo(2);
    assertThat(publisher.sentCount()).isZero();

    String metrics =
        given().get(management("/q/metrics")).then().statusCode(200).extract().asString();
    assertThat(metrics).contains("# TYPE chargebay_samples_dropped counter");
    assertCounter(metrics, "drops-j", "queue_full", "journal", 3);
    assertCounter(metrics, "drops-j", "write_failed", "journal", 4);
    assertCounter(metrics, "drops-k", "queue_full", "kafka", 3);
    assertCounter(metrics, "drops-k", "send_failed", "kafka", 2);
    assertThat(metrics).doesNotContain(series("drops-j", "send_failed", "journal"));
    // The app's own recorder is wired for the demo bay (no Kafka in this profile).
    assertThat(metrics)
        .containsPattern(
            java.util.regex.Pattern.quote(series("demo-1", "queue_full", "journal")) + "[0-9.]+\\n")
        .containsPattern(
            java.util.regex.Pattern.quote(series("demo-1", "write_failed", "journal"))
                + "[0-9.]+\\n")
        .doesNotContain(series("demo-1", "queue_full", "kafka"));
    // Meters hold their sinks weakly: keep both alive until the scrape is done.
    assertThat(recorder.droppedCount() + publisher.droppedCount()).isEqualTo(12);
    Files.deleteIfExists(journal);
  }
}
