package org.chargebay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaOutboxRelay;
import org.chargebay.events.store.kafka.TopicRecords;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The demo with {@code chargebay.kafka.bootstrap-servers} set: the journal reaches the topic. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KafkaRelayAppIT {

  /** The management interface; its URL's path is the management root, only its port is used. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  private String management(String path) {
    return "http://127.0.0.1:" + management.getPort() + path;
  }

  @Inject BayRegistry registry;
  @Inject AuditTrail audit;

  @Test
  void the_demo_charge_is_published_in_order_and_the_lag_is_a_metric() {
    KafkaOutboxRelay relay = registry.relay().orElseThrow();
    // an audit entry is a journal event: relayed like the bay's
    audit.record(new Actor("ana", "192.0.2.9"), AuditTrail.STOP, "demo-1", "refused", "test");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!(registry.bays().get(0).status().phase().name().equals("COMPLETE")
        && relay.lagEvents() == 0)) {
      assertThat(System.nanoTime())
          .as("charge complete and relay caught up within 90 s")
          .isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // polling a condition
    }

    List<EventEnvelope> journal = registry.store().orElseThrow().readStream("bay-demo-1", 1);
    // the topic also carries the pack's own stream (pack history); this test follows the bay's
    List<EventEnvelope> published =
        TopicRecords.readAll(
                new KafkaClients(
                    KafkaBrokerResource.kafka.bootstrapServers(), "app-events", Map.of()))
            .stream()
            .filter(e -> e.streamId().equals("bay-demo-1"))
            .toList();
    assertThat(published.stream().map(EventEnvelope::sequence).toList())
        .containsExactlyElementsOf(journal.stream().map(EventEnvelope::sequence).toList());
    assertThat(published.stream().map(EventEnvelope::payload).collect(Collectors.toList()))
        .isEqualTo(journal.stream().map(EventEnvelope::payload).toList());
    List<EventEnvelope> audited =
        TopicRecords.readAll(
                new KafkaClients(
                    KafkaBrokerResource.kafka.bootstrapServers(), "app-events", Map.of()))
            .stream()
            .filter(e -> e.streamId().equals(org.chargebay.events.CommandAudited.STREAM))
            .toList();
    assertThat(audited).extracting(EventEnvelope::type).containsExactly("CommandAudited");
    assertThat(audited.get(0).payload()).contains("\"by\":\"ana\"", "\"from\":\"192.0.2.9\"");

    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int exit =
        org.chargebay.cli.EventsCli.run(
            new String[] {
              "--kafka",
              KafkaBrokerResource.kafka.bootstrapServers(),
              "--topic",
              "app-events",
              "--bay",
              "demo-1"
            },
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
            System.err);
    assertThat(exit).isZero();
    List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(journal.size());
    assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"ChargeCompleted\"");

    // the three demo bays tick in rounds: any 5 consecutive samples hold a whole round
    assertThat(firstSamples(5))
        .allSatisfy(t -> assertThat(t.bayId()).isIn("demo-1", "demo-2", "demo-3"))
        .extracting(org.chargebay.bay.TickRecord::bayId)
        .contains("demo-1", "demo-2", "demo-3");

    String metrics =
        given().get(management("/q/metrics")).then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern("chargebay_kafka_relay_lag_events\\{topic=\"app-events\"} 0(\\.0)?\\n")
        .contains("chargebay_kafka_relay_lag_seconds{topic=\"app-events\"}")
        .contains("chargebay_kafka_relay_published_total{topic=\"app-events\"}");
    given()
        .get(management("/q/health/well"))
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'chargebay-kafka-relay' }.data.configured", equalTo(true));
    given().get(management("/q/health")).then().statusCode(200).body("status", equalTo("UP"));
  }

  /** The first {@code n} tick records on the samples topic. */
  private static List<org.chargebay.bay.TickRecord> firstSamples(int n) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", KafkaBrokerResource.kafka.bootstrapServers(),
            "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
            "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    List<org.chargebay.bay.TickRecord> ticks = new java.util.ArrayList<>();
    try (var consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(config)) {
      var tp = new org.apache.kafka.common.TopicPartition("app-samples", 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ticks.size() < n) {
        assertThat(System.nanoTime()).as("%d samples within 30 s", n).isLessThan(deadline);
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          ticks.add(org.chargebay.bay.TickRecordJson.read(r.value()));
        }
      }
    }
    return ticks;
  }
}
