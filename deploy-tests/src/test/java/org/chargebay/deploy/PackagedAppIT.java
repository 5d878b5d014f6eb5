package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app started the way the deployments start it, on loopback: the base ConfigMap's
 * application.properties in {@code config/} under the working directory, the journal path from
 * {@code CHARGEBAY_JOURNAL_PATH}, a separate temporary folder. It must read that file, answer the
 * probes' paths, write only the journal and the temporary folder, and stop on SIGTERM within the 30
 * s every install allows, with the exit status the systemd unit counts as success.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PackagedAppIT {
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void the_app_starts_from_the_deployment_layout_serves_the_probes_and_stops_on_sigterm()
      throws Exception {
    Path jar = Repo.path("charger-control/target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("charger-control is packaged before this module").isRegularFile();
    Path work = Files.createDirectories(tmp.resolve("deployments"));
    Path javaTmp = Files.createDirectories(tmp.resolve("tmp"));
    Path journal = tmp.resolve("var-lib-chargebay/chargebay.db");
    ObjectNode configMap =
        KustomizeRenderer.render(Repo.path("k8s/base")).stream()
            .filter(o -> o.path("kind").asText().equals("ConfigMap"))
            .findFirst()
            .orElseThrow();
    // The base has no bays: the demo bay runs, on loopback. The two lines below prove the file is
    // read.
    Files.createDirectories(work.resolve("config"));
    Files.writeString(
        work.resolve("config/application.properties"),
        configMap.path("data").path("application.properties").asText()
            + "quarkus.http.host=127.0.0.1\nquarkus.http.port=0\n"
            + "quarkus.management.host=127.0.0.1\nquarkus.management.port=0\n");
    Path log = tmp.resolve("app.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(java, "-Djava.io.tmpdir=" + javaTmp, "-jar", jar.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("CHARGEBAY_JOURNAL_PATH", journal.toString());
    Process app = pb.start();
    try {
      int apiPort = awaitPort(app, log, API_LISTENING);
      int port = awaitPort(app, log, MANAGEMENT_LISTENING);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      assertThat(get(http, port, "/q/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = awaitStatus(app, http, port, "/q/health/ready", 200);
      assertThat(ready.body()).contains("\"status\": \"UP\"");
      assertThat(get(http, apiPort, "/q/metrics").statusCode())
          .as("metrics only on the management port")
          .isEqualTo(404);
      assertThat(get(http, apiPort, "/q/health/ready").statusCode())
          .as("health only on the management port")
          .isEqualTo(404);
      assertThat(get(http, apiPort, "/api/bays").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(http, port, "/q/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("chargebay_events_appended_total");
      assertThat(journal).isRegularFile();
      // While it runs (it deletes the copy on exit), sqlite-jdbc's native library is in the
      // temporary folder: the reason every install gives the app a writable /tmp.
      try (Stream<Path> s = Files.walk(javaTmp)) {
        List<String> names = s.map(p -> p.getFileName().toString()).toList();
        assertThat(names)
            .as("files in the temporary folder")
            .anyMatch(n -> n.contains("sqlite") && n.endsWith(".so"));
      }

      app.destroy(); // SIGTERM
      assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
      assertThat(app.exitValue())
          .as("exit status on SIGTERM (SuccessExitStatus=143)")
          .isEqualTo(143);
    } finally {
      if (app.isAlive()) {
        app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    assertThat(Repo.read(log)).contains("stopped in");
    try (Stream<Path> s = Files.list(work)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .as("nothing written in the working directory")
          .containsExactly("config");
    }
  }

  private static final Pattern API_LISTENING =
      Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern MANAGEMENT_LISTENING =
      Pattern.compile("Management interface listening on http://127\\.0\\.0\\.1:(\\d+)");

  private static int awaitPort(Process app, Path log, Pattern listening) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = listening.matcher(Repo.read(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(app.isAlive()).as("the app exited early:\n" + Repo.read(log)).isTrue();
      waitForExit(app, Duration.ofMillis(200));
    }
    throw new AssertionError(
        "no 'Listening on: http://127.0.0.1:<port>' within "
            + START
            + " (was config/application.properties read?):\n"
            + Repo.read(log));
  }

  private static HttpResponse<String> awaitStatus(
      Process app, HttpClient http, int port, String path, int status) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = get(http, port, path);
      if (last.statusCode() == status) {
        return last;
      }
      waitForExit(app, Duration.ofMillis(200));
    }
    throw new AssertionError(
        path + " not " + status + " within " + START + ": " + (last == null ? "" : last.body()));
  }

  /** Waits up to {@code d} for the process to exit: a pause that ends early if it dies. */
  private static void waitForExit(Process app, Duration d) throws Exception {
    try {
      app.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // still running: poll again
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }
}
