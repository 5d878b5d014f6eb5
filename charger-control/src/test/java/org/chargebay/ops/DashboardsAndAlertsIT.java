package org.chargebay.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.chargebay.app.BayRegistry;
import org.chargebay.app.demo.DemoBay;
import org.chargebay.events.CutOffReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboards and the alert rules against the running demo and a real Prometheus (Debian's
 * {@code prometheus}) that scrapes it every second with the rule file loaded. Grafana itself cannot
 * run here, so every dashboard is checked by running each panel's query (variables substituted) and
 * each annotation query against that Prometheus; then a stuck supply is injected into the demo bay
 * and the cut-off alert must be firing.
 *
 * <p>The demo's clock runs at {@value #CLOCK_SPEED}x: about 35 simulated minutes of CC take about
 * 20 s here, so Prometheus scrapes the bay in CC with its cut-off counters at 0 first. The supply
 * is stuck from that first scrape on; in CC that changes nothing (the supply is current-limited
 * anyway), and when the highest cell reaches the ceiling the supply keeps pushing 2 A instead of
 * following the CV setpoint, so the safety supervisor cuts the bay off.
 */
@QuarkusTest
@TestProfile(DashboardsAndAlertsIT.Demo.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DashboardsAndAlertsIT {
  static final int CLOCK_SPEED = 110;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Metrics a query may use that this app may not export here: the Kafka relay's (no broker in this
   * test) and the bay loop and device meters (the README's catalogue lists them; a build without
   * the bay watchdog has none). A query that returns nothing passes only if it names one of these
   * and the app's own scrape has none of the ones it names; once the app exports them, their
   * queries must return data.
   */
  static final Set<String> NOT_EXPORTED_HERE =
      Set.of(
          "chargebay_kafka_relay_lag_seconds",
          "chargebay_kafka_relay_lag_events",
          "chargebay_kafka_relay_published_total",
          "chargebay_kafka_relay_failures_total",
          "chargebay_bay_loop_age_seconds",
          "chargebay_bay_cycle_seconds_bucket",
          "chargebay_device_errors_total",
          "chargebay_device_timeouts_total");

  /** The demo on a slower clock than the other tests' (as fast as the I/O allows). */
  public static class Demo implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "chargebay.demo.clock-speed", Integer.toString(CLOCK_SPEED),
          "%test.chargebay.demo.clock-speed", Integer.toString(CLOCK_SPEED));
    }
  }

  private static PrometheusProcess prometheus;

  /** The management interface (metrics); its URL's path is the management root. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject BayRegistry registry;

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
      prometheus = null;
    }
  }

  /**
   * Starts Prometheus on first use, waits for a scrape with the demo bay's cut-off counters at 0
   * (so that {@code increase()} can see the first cut-off), then sticks the demo's supply.
   */
  private PrometheusProcess prometheus() {
    if (prometheus == null) {
      PrometheusProcess p =
          PrometheusProcess.start(
              management.getPort(), "/q/metrics", OpsFiles.rules(), Duration.ofSeconds(30));
      prometheus = p;
      JsonNode zero =
          p.await(
              "a scrape of the demo bay's cut-off counters",
              WAIT,
              () -> p.query("chargebay_cutoffs_total{bay=\"demo-1\"}"),
              r -> !r.isEmpty());
      assertThat(zero).as("one series per CutOffReason").hasSize(CutOffReason.values().length);
      assertThat(zero)
          .as("no cut-off before the supply is stuck")
          .allSatisfy(series -> assertThat(series.path("value").path(1).asDouble()).isZero());
      assertThat(phase())
          .as("the demo bay is charging when its supply gets stuck")
          .isIn("CC", "CV");
      registry.demoBay().orElseThrow().faults().supplyIgnoresVoltageSetpoint(true);
    }
    return prometheus;
  }

  /** Waits until Prometheus has scraped the app at least 4 times (rates need two samples). */
  private PrometheusProcess scraped() {
    PrometheusProcess p = prometheus();
    p.await(
        "4 scrapes of the app",
        WAIT,
        () -> p.query("count_over_time(up{job=\"chargebay\"}[1m])"),
        r -> r.size() == 1 && r.get(0).path("value").path(1).asDouble() >= 4);
    return p;
  }

  @Test
  @Order(0)
  void every_metric_the_alert_rules_name_is_one_the_app_exports() throws IOException {
    String scrape =
        given()
            .get("http://127.0.0.1:" + management.getPort() + "/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Matcher m = METRIC.matcher(java.nio.file.Files.readString(OpsFiles.rules()));
    List<String> unknown = new ArrayList<>();
    int names = 0;
    while (m.find()) {
      String name = m.group(1);
      names++;
      boolean exported = scrape.contains("\n" + name + "{") || scrape.contains("\n" + name + " ");
      if (!exported && !NOT_EXPORTED_HERE.contains(name)) {
        unknown.add(name);
      }
    }
    assertThat(names).as("metric names in the rules").isGreaterThan(10);
    assertThat(unknown).as("metrics the rules name but the app does not export").isEmpty();
  }

  @Test
  @Order(1)
  void every_dashboard_panel_query_returns_data_from_the_scraped_demo() throws IOException {
    PrometheusProcess p = scraped();
    String scrape =
        given()
            .get("http://127.0.0.1:" + management.getPort() + "/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    List<String> empty = new ArrayList<>();
    int checked = 0;
    for (Path file : OpsFiles.dashboards()) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String expr = substitute(target.path("expr").asText());
          assertThat(expr)
              .as("%s / %s has a query", file.getFileName(), panel.path("title"))
              .isNotBlank();
          JsonNode result = p.query(expr);
          checked++;
          if (result.isEmpty() && !allowedEmpty(expr, scrape)) {
            empty.add(file.getFileName() + " / " + panel.path("title").asText() + ": " + expr);
          }
        }
      }
      for (JsonNode annotation : dashboard.path("annotations").path("list")) {
        if (annotation.has("expr")) {
          p.query(
              substitute(annotation.path("expr").asText())); // valid PromQL; data after a cut-off
        }
      }
    }
    assertThat(checked).as("panel queries checked").isGreaterThanOrEqualTo(30);
    assertThat(empty).as("panel queries without data").isEmpty();

    assertThat(p.labelValues("bay", "chargebay_bay_phase"))
        .as("the bay variable's label_values(chargebay_bay_phase, bay)")
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(DemoBay.IDS);
    assertThat(p.query("chargebay_cell_voltage_volts{bay=\"demo-1\"}"))
        .as("one series per cell")
        .hasSize(13);
  }

  @Test
  @Order(2)
  void a_stuck_supply_cuts_the_demo_bay_off_and_the_cut_off_alert_fires() {
    PrometheusProcess p = scraped();

    JsonNode firing =
        p.await(
            "ChargebayCutOff firing for bay demo-1",
            WAIT,
            () -> alert(p, "ChargebayCutOff", "firing"),
            a -> a != null);
    JsonPath cutOff = cutOffEvent();
    assertThat(firing.path("labels").path("reason").asText()).isEqualTo(cutOff.getString("reason"));
    assertThat(firing.path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(firing.path("annotations").path("summary").asText())
        .isEqualTo("Bay demo-1 was cut off: " + cutOff.getString("reason"));

    JsonNode latched =
        p.await(
            "ChargebayFaultLatched pending (for: 5m) for bay demo-1",
            WAIT,
            () -> alert(p, "ChargebayFaultLatched", "pending"),
            a -> a != null);
    assertThat(latched.path("labels").path("bay").asText()).isEqualTo(DemoBay.ID);

    double at = Instant.parse(cutOff.getString("at")).toEpochMilli() / 1000.0;
    JsonNode last =
        p.await(
            "chargebay_last_cutoff_timestamp_seconds at the CutOff event's time",
            WAIT,
            () -> p.query("chargebay_last_cutoff_timestamp_seconds{bay=\"demo-1\"}"),
            r ->
                r.size() == 1 && Math.abs(r.get(0).path("value").path(1).asDouble() - at) < 0.0005);
    assertThat(last).hasSize(1);
    assertThat(
            p.query(
                    "chargebay_cutoffs_total{bay=\"demo-1\",reason=\""
                        + cutOff.getString("reason")
                        + "\"}")
                .get(0)
                .path("value")
                .path(1)
                .asDouble())
        .isEqualTo(1.0);

    // the bay-detail annotations now have something to show
    for (JsonNode annotation : annotations("bay-detail.json")) {
      assertThat(p.query(substitute(annotation.path("expr").asText())))
          .as("annotation %s", annotation.path("name").asText())
          .isNotEmpty();
    }
  }

  private static JsonNode alert(PrometheusProcess p, String name, String state) {
    return StreamSupport.stream(p.alerts().spliterator(), false)
        .filter(a -> name.equals(a.path("labels").path("alertname").asText()))
        .filter(a -> DemoBay.ID.equals(a.path("labels").path("bay").asText()))
        .filter(a -> state.equals(a.path("state").asText()))
        .findFirst()
        .orElse(null);
  }

  private static List<JsonNode> annotations(String dashboard) {
    try {
      JsonNode d =
          JSON.readTree(OpsFiles.root().resolve("ops/grafana/dashboards/" + dashboard).toFile());
      List<JsonNode> out = new ArrayList<>();
      d.path("annotations")
          .path("list")
          .forEach(
              a -> {
                if (a.has("expr")) {
                  out.add(a);
                }
              });
      assertThat(out).as("%s annotation queries", dashboard).hasSize(2);
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String phase() {
    return given()
        .get("/api/bays/demo-1")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("phase");
  }

  private static JsonPath cutOffEvent() {
    List<Map<String, Object>> events =
        given()
            .get("/api/bays/demo-1/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    Map<String, Object> cut =
        events.stream()
            .filter(e -> "CutOff".equals(e.get("type")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CutOff event in " + events));
    return new JsonPath(toJson(cut.get("data")));
  }

  private static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Grafana's variables as this test's Prometheus (1 s scrapes) and the demo bay need them. */
  static String substitute(String expr) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("${bay}", DemoBay.ID);
    vars.put("$bay", DemoBay.ID);
    vars.put("$__rate_interval", "10s");
    vars.put("$__interval", "2s");
    vars.put("$__range", "1m");
    String out = expr;
    for (var v : vars.entrySet()) {
      out = out.replace(v.getKey(), v.getValue());
    }
    assertThat(out).as("unsubstituted variable in %s", expr).doesNotContain("$");
    return out;
  }

  private static final Pattern METRIC = Pattern.compile("\\b(chargebay_[a-z_]+)\\b");

  /** See {@link #NOT_EXPORTED_HERE}. */
  static boolean allowedEmpty(String expr, String scrape) {
    Matcher m = METRIC.matcher(expr);
    boolean namesOne = false;
    while (m.find()) {
      String name = m.group(1);
      if (NOT_EXPORTED_HERE.contains(name)) {
        namesOne = true;
        String family = name.replaceAll("_(bucket|total)$", "");
        if (scrape.contains("\n" + family)) {
          return false; // the app exports it: the query must return data
        }
      }
    }
    return namesOne;
  }
}
