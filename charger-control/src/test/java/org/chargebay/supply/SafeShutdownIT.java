package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.app.TestLogins;
import org.chargebay.events.BayConfigured;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app as its own process, charging a real (emulated) RD6018 and JBD over loopback:
 * SIGTERM mid-charge leaves the supply's output register at 0 and {@code ChargeSuspended} in the
 * journal; started again, the controller resumes the session and completes it. A second bay, added
 * through the admin API while the first charges, is there again after the restart and polled.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SafeShutdownIT {
  private static final int RD60XX_OUTPUT = 18;
  private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");

  @TempDir Path dir;

  /** The pack's physics at 120 x wall time, so that the charge ends within a minute. */
  static final class FastClock extends Clock {
    private final Instant start = Instant.parse("2026-03-01T00:00:00Z");
    private final long startNanos = System.nanoTime();

    @Override
    public Instant instant() {
      return start.plusNanos((System.nanoTime() - startNanos) * 120);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private List<String> command(SimulatedBench bench, int httpPort) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(org.chargebay.soak.ControllerProcess.SHORT_LIVED_JVM);
    c.add("-Dquarkus.http.port=" + httpPort);
    // health and metrics: an ephemeral port (the default 9000 may be taken by another run)
    c.add("-Dquarkus.management.host=127.0.0.1");
    c.add("-Dquarkus.management.port=0");
    // the test reads the bay's status without a login
    c.add("-Dchargebay.auth.anonymous-read=true");
    c.add("-Dchargebay.journal.path=" + dir.resolve("chargebay.db"));
    c.add("-Dchargebay.samples.enabled=false");
    c.add("-Dchargebay.bays.b1.supply.url=" + bench.supplyUrl());
    c.add("-Dchargebay.bays.b1.bms.family=jbd");
    c.add("-Dchargebay.bays.b1.bms.url=" + bench.bmsUrl());
    c.add("-Dchargebay.bays.b1.profile.cells=13");
    c.add("-Dchargebay.bays.b1.profile.cell-ceiling-volts=4.15");
    c.add("-Dchargebay.bays.b1.profile.current-amps=2.0");
    c.add("-Dchargebay.bays.b1.auto-start=true");
    // a loaded machine can miss one JBD reply right after the restart; riding through one failed
    // read keeps this test about the shutdown and the resume (a second one still cuts)
    c.add("-Dchargebay.bays.b1.safety.bms-dropout-reads=1");
    c.add(
        "-Dchargebay.auth.users-file=" + Path.of("src/test/resources/test-users").toAbsolutePath());
    c.add("-jar");
    c.add(APP.toAbsolutePath().toString());
    return c;
  }

  private static String status(HttpClient http, int port) {
    return status(http, port, "b1");
  }

  private static String status(HttpClient http, int port, String bay) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/bays/" + bay))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Bay {@code b2} polled: a pack voltage read within the last 2 s (controller clock). */
  private static boolean polled(HttpClient http, int port) {
    String s = status(http, port, "b2");
    java.util.regex.Matcher age =
        java.util.regex.Pattern.compile("\"bmsAgeMillis\":(\\d+)").matcher(s);
    return s.matches("(?s).*\"packVolts\":\\d.*")
        && age.find()
        && Long.parseLong(age.group(1)) < 2_000;
  }

  /** Adds bay b2 on {@code spare} through the admin API, as the test user {@code admin}. */
  private static int addBay(HttpClient http, int port, SimulatedBench spare) throws Exception {
    String body =
        "{\"supply\": {\"url\": \""
            + spare.supplyUrl()
            + "\"}, \"bms\": {\"family\": \"jbd\", \"url\": \""
            + spare.bmsUrl()
            + "\"}, \"profile\": {\"cells\": 13, \"cellCeilingVolts\": 4.15, \"currentAmps\":"
            + " 1.0}, \"pollIntervalMillis\": 200}";
    HttpRequest put =
        TestLogins.ADMIN
            .on(
                HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/admin/bays/b2")))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(put, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private List<ChargeEvent> journal() {
    try (EventStore store = SqliteEventStore.open(dir.resolve("chargebay.db"))) {
      EventCodec codec = EventCodec.standard();
      return store.readStream("bay-b1", 1).stream().map(codec::decode).toList();
    }
  }

  @Test
  void sigterm_mid_charge_turns_the_output_off_records_the_suspension_and_a_restart_completes()
      throws Exception {
    assertThat(Files.exists(APP)).as(APP + " (packaged by the build before the ITs)").isTrue();
    HttpClient http = HttpClient.newHttpClient();
    try (SimulatedBench bench =
            // 2 Ah cells from 30 %: the charge lasts long enough (tens of seconds at 120 x) for the
            // bay added through the API to be polled before the SIGTERM, also on a loaded machine
            SimulatedBench.start(
                new FastClock(), PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 30.0, 30.0));
        SimulatedBench spare =
            SimulatedBench.start(
                new FastClock(), PackModel.create(OcvCurve.nmc(), 13, 0.5, 0.030, 50.0, 30.0))) {
      int port = ExternalProcess.freePort();
      try (ExternalProcess app = ExternalProcess.start("chargebay", command(bench, port))) {
        // hot-plug: a bay added through the API as soon as the API answers, while b1 starts
        app.awaitReady(Duration.ofSeconds(90), () -> !status(http, port).isEmpty());
        assertThat(addBay(http, port, spare)).as("PUT /api/admin/bays/b2").isEqualTo(201);
        app.awaitReady(
            Duration.ofSeconds(90),
            () ->
                polled(http, port)
                    && status(http, port).matches("(?s).*\"phase\":\"(CC|CV)\".*")
                    && bench.supply().register(RD60XX_OUTPUT) == 1);

        int exit = app.terminate(Duration.ofSeconds(30));

        assertThat(exit)
            .as("128 + SIGTERM, the JVM's normal answer to a stop: " + app.output())
            .isEqualTo(143);
        assertThat(bench.supply().register(RD60XX_OUTPUT))
            .as("RD6018 output after SIGTERM")
            .isZero();
        assertThat(app.output()).contains("bay b1: stopped: [supply-output-off: confirmed");
      }
      List<ChargeEvent> stopped = journal();
      assertThat(stopped.get(stopped.size() - 1)).isInstanceOf(ChargeSuspended.class);
      ChargeSuspended suspended = (ChargeSuspended) stopped.get(stopped.size() - 1);
      assertThat(suspended.reason()).startsWith("controller stopping");

      try (EventStore store = SqliteEventStore.open(dir.resolve("chargebay.db"))) {
        assertThat(store.readStream(BayConfigured.STREAM, 1))
            .extracting(e -> e.type())
            .containsExactly("BayConfigured");
      }

      try (ExternalProcess app = ExternalProcess.start("chargebay", command(bench, port))) {
        // the API bay is restored from the journal (not the command line) and polled again
        app.awaitReady(Duration.ofSeconds(90), () -> polled(http, port));
        assertThat(status(http, port, "b2")).contains("\"phase\":\"IDLE\"");
        app.awaitReady(
            Duration.ofSeconds(240), () -> status(http, port).contains("\"phase\":\"COMPLETE\""));
        app.terminate(Duration.ofSeconds(30));
      }
      List<ChargeEvent> events = journal();
      List<ChargeEvent> after = events.subList(stopped.size(), events.size());
      assertThat(after)
          .filteredOn(ChargeStarted.class::isInstance)
          .as("same session, not a new one")
          .isEmpty();
      assertThat(after).anyMatch(ChargeResumed.class::isInstance);
      assertThat(after).anyMatch(ChargeCompleted.class::isInstance);
      assertThat(bench.supply().register(RD60XX_OUTPUT)).isZero();
    }
  }
}
