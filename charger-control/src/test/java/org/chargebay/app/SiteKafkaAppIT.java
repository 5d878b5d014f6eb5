package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.chargebay.events.AllocationChanged;
import org.chargebay.events.DepartureSet;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.site.BayReport;
import org.chargebay.site.KafkaSiteAllocations;
import org.chargebay.site.SiteAllocation;
import org.chargebay.site.SiteMessages;
import org.chargebay.site.SiteReport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The controller with {@code chargebay.site.kafka.enabled=true}: it takes its bays' allocations
 * from the site through Kafka and, alone on the site, becomes its planner; {@code GET /api/plan}
 * shows the site plan it received, a departure is recorded and travels with the bay's report, and
 * the plans and allocation changes are in the journal.
 */
@QuarkusTest
@QuarkusTestResource(value = SiteKafkaBrokerResource.class, restrictToAnnotatedClass = true)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SiteKafkaAppIT {
  @Inject SiteKafkaService site;
  @Inject SiteService bays;
  @Inject BayRegistry registry;

  private static void await(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 60 s").isLessThan(deadline);
      LockSupport.parkNanos(20_000_000L); // polling a condition
    }
  }

  @Test
  void the_controller_joins_the_site_plans_it_and_keeps_its_bay_within_the_cap() {
    KafkaSiteAllocations allocations = (KafkaSiteAllocations) site.allocations().orElseThrow();
    // the bay loops follow the Kafka site (no local planner beside it)
    assertThat(bays.allocations()).isSameAs(allocations);
    assertThat(bays.planner()).isEmpty();
    assertThat(allocations.settings().controllerId()).isEqualTo("app-1");
    assertThat(allocations.settings().tariff().windows()).hasSize(2);
    assertThat(allocations.settings().capSchedule().windows()).hasSize(1);
    assertThat(allocations.settings().zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
    BayReport bay =
        new BayReport(
            "site-bay",
            Instant.now(),
            "NMC",
            20,
            40_000,
            3_700,
            74_000,
            0,
            4_150,
            40_000,
            true,
            null,
            90,
            1);
    allocations.report(bay);
    await(allocations::isPlanner, "the planner's role");
    await(
        () ->
            allocations
                .planAt(Instant.now())
                .map(a -> a.bays().containsKey("site-bay"))
                .orElse(false),
        "a plan with the bay");
    SiteAllocation plan = allocations.planAt(Instant.now()).orElseThrow();
    // 40 A at 20 x 4.15 V would be 3.32 kW; the cap is 6 kW: the bay may draw its maximum
    assertThat(plan.planner()).isEqualTo("app-1");
    assertThat(plan.boundKw()).isLessThanOrEqualTo(6.0);
    // the first plans may have been made before the bay's report arrived: near a slot's start the
    // lower of two slots' values applies, so the bay's full current comes with the next slot
    await(
        () -> allocations.milliampsFor("site-bay").orElseThrow() == 40_000,
        "the bay's allocation at its maximum current");
  }

  /** Where an allocation came from, without the plan's slot. */
  private static String source(AllocationChanged e) {
    return e.reason().replaceAll(" \\(.*", "").replaceAll("-s\\d+", "");
  }

  private static JsonPath plan() {
    return TestLogins.VIEWER.given().get("/api/plan").then().statusCode(200).extract().jsonPath();
  }

  @Test
  void the_plan_api_shows_the_site_plan_and_a_departure_travels_to_the_planner() throws Exception {
    KafkaSiteAllocations allocations = (KafkaSiteAllocations) site.allocations().orElseThrow();
    await(allocations::isPlanner, "the planner's role");
    await(
        () -> {
          JsonPath p = plan();
          List<String> ids = p.getList("bays.id");
          return "app-1".equals(p.getString("plannerId")) && ids != null && ids.contains("demo-1");
        },
        "a plan received, with the demo bays");
    JsonPath p = plan();
    assertThat(p.getBoolean("enabled")).isTrue();
    assertThat(p.getString("mode")).isEqualTo("kafka");
    assertThat(p.getString("controller")).isEqualTo("app-1");
    assertThat(p.getBoolean("isPlanner")).isTrue();
    assertThat(p.getString("planId")).matches("g\\d+-s\\d+");
    assertThat(Instant.parse(p.getString("receivedAt"))).isBefore(Instant.now().plusSeconds(1));
    assertThat(p.getDouble("capKw")).isEqualTo(6.0);
    assertThat(p.getDouble("plannedCapKw")).isEqualTo(6.0);
    assertThat(p.getDouble("fallbackShareKw")).isEqualTo(3.0);
    assertThat(p.getLong("slotMs")).isEqualTo(1000);
    assertThat(p.getString("meter.state")).isEqualTo("none");
    assertThat(p.getString("policy")).isEqualTo("planned");
    Map<String, Object> demo1 = p.getMap("bays.find { it.id == 'demo-1' }");
    assertThat(demo1).containsKeys("allocationAmps", "fallback", "source", "slots", "departureSet");
    assertThat(demo1.get("departureSet")).isEqualTo(false);

    // a departure: recorded, shown, and carried in the bay's report to the planner
    Instant bayNow = registry.bay("demo-1").orElseThrow().status().updatedAt();
    Instant at = bayNow.plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    TestLogins.OPERATOR
        .given()
        .contentType(ContentType.JSON)
        .body("{\"at\": \"" + at + "\", \"targetSocPct\": 80}")
        .put("/api/bays/demo-1/departure")
        .then()
        .statusCode(200)
        .body("bay", org.hamcrest.Matchers.equalTo("demo-1"));
    var store = registry.store().orElseThrow();
    EventCodec codec = EventCodec.standard();
    assertThat(
            store.readStream(PlanComputed.STREAM, 1).stream()
                .filter(e -> e.type().equals("DepartureSet"))
                .map(codec::decode)
                .map(DepartureSet.class::cast)
                .filter(d -> d.bayId().equals("demo-1")))
        .anySatisfy(
            d -> {
              assertThat(d.departure()).isEqualTo(at);
              assertThat(d.targetSocPercent()).isEqualTo(80);
              assertThat(d.by()).isEqualTo("operator");
            });
    assertThat(allocations.departure("demo-1")).isPresent();
    assertThat(plan().getBoolean("bays.find { it.id == 'demo-1' }.departureSet")).isTrue();
    List<SiteReport> carried = new ArrayList<>();
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", SiteKafkaBrokerResource.kafka.bootstrapServers());
    props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
      TopicPartition tp = new TopicPartition("chargebay.site.bays", 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      await(
          () -> {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
              try {
                SiteReport m = SiteMessages.report(r.value());
                if (m.report().bayId().equals("demo-1") && at.equals(m.report().departure())) {
                  carried.add(m);
                }
              } catch (SiteMessages.BadMessageException e) {
                throw new AssertionError(e);
              }
            }
            return !carried.isEmpty();
          },
          "demo-1's report with its departure on the bay states topic");
    }
    assertThat(carried.get(0).report().targetSocPercent()).isEqualTo(80);
    assertThat(carried.get(0).controller()).isEqualTo("app-1");

    // the journal: the planner's plans with their inputs, the demo bays' allocation changes
    await(
        () ->
            store.readStream(PlanComputed.STREAM, 1).stream()
                .anyMatch(e -> e.type().equals("PlanComputed")),
        "a plan recorded");
    assertThat(
            store.readStream(PlanComputed.STREAM, 1).stream()
                .filter(e -> e.type().equals("PlanComputed"))
                .map(codec::decode)
                .map(PlanComputed.class::cast))
        .allSatisfy(
            e -> {
              assertThat(e.planId()).matches("g\\d+-s\\d+");
              assertThat(e.input())
                  .contains(
                      "\"kind\":\"kafka-site\"",
                      "\"capKw\":6.0",
                      "\"siteCapKw\":6.0",
                      "\"zone\":\"Europe/Berlin\"");
            });
    List<AllocationChanged> changes =
        store.readStream(PlanComputed.STREAM, 1).stream()
            .filter(e -> e.type().equals("AllocationChanged"))
            .map(codec::decode)
            .map(AllocationChanged.class::cast)
            .toList();
    assertThat(changes).anySatisfy(c -> assertThat(c.bayId()).isEqualTo("demo-1"));
    System.out.printf(
        "site through Kafka: %d allocation changes journaled, demo-1's: %s%n",
        changes.size(),
        changes.stream()
            .filter(c -> c.bayId().equals("demo-1"))
            .map(c -> c.milliamps() + " mA " + c.reason())
            .toList());
    Map<String, AllocationChanged> lastOf = new HashMap<>();
    for (AllocationChanged c : changes) {
      assertThat(c.reason()).matches("(plan g\\d+-s\\d+ from planner app-1|fallback: .*)");
      AllocationChanged before = lastOf.put(c.bayId(), c);
      if (before != null) {
        assertThat(before.milliamps() == c.milliamps() && source(before).equals(source(c)))
            .as("unchanged allocation journaled again: %s", c)
            .isFalse();
      }
    }
  }
}
