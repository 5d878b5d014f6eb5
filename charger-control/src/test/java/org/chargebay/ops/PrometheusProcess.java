package org.chargebay.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus server (Debian's {@code prometheus}) on a free loopback port, with a temporary
 * TSDB, scraping one target every second and evaluating the chargebay rule file every second. Close
 * it to stop the process.
 */
final class PrometheusProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path dir;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusProcess(Process process, Path dir, URI base) {
    this.process = process;
    this.dir = dir;
    this.base = base;
  }

  /**
   * Starts Prometheus scraping {@code http://127.0.0.1:<targetPort><metricsPath>} as job {@code
   * chargebay}, with {@code rules} loaded, and waits until it reports ready.
   */
  static PrometheusProcess start(int targetPort, String metricsPath, Path rules, Duration ready) {
    Path prometheus = OpsFiles.tool("prometheus");
    try {
      Path dir = Files.createTempDirectory("chargebay-prometheus");
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "global:",
              "  scrape_interval: 1s",
              "  scrape_timeout: 900ms",
              "  evaluation_interval: 1s",
              "rule_files:",
              "  - '" + rules.toAbsolutePath() + "'",
              "scrape_configs:",
              "  - job_name: chargebay",
              "    metrics_path: " + metricsPath,
              "    static_configs:",
              "      - targets: ['127.0.0.1:" + targetPort + "']",
              ""));
      int port = freePort();
      Process p =
          new ProcessBuilder(
                  prometheus.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      PrometheusProcess prom =
          new PrometheusProcess(p, dir, URI.create("http://127.0.0.1:" + port));
      prom.awaitReady(ready);
      return prom;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start prometheus", e);
    }
  }

  private void awaitReady(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        HttpResponse<String> r = get("/-/ready");
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      pause();
    }
    throw new AssertionError("prometheus not ready within " + max + ":\n" + log());
  }

  /** An instant query's result vector ({@code data.result}); fails on an error status. */
  JsonNode query(String promql) {
    JsonNode body =
        json("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("query failed: " + promql + "\n" + body);
    }
    return body.path("data").path("result");
  }

  /** {@code /api/v1/alerts}: the alerts as Prometheus holds them (pending and firing). */
  JsonNode alerts() {
    return json("/api/v1/alerts").path("data").path("alerts");
  }

  /** The values of label {@code label} on series matching {@code match}. */
  JsonNode labelValues(String label, String match) {
    return json("/api/v1/label/"
            + label
            + "/values?match[]="
            + URLEncoder.encode(match, StandardCharsets.UTF_8))
        .path("data");
  }

  /**
   * Polls {@code read} until {@code done} holds for its result, at most {@code max}; fails with
   * {@code what}, the last result and Prometheus's log otherwise.
   */
  <T> T await(String what, Duration max, java.util.function.Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + max.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = read.get();
      if (done.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError(what + " not seen within " + max + "; last: " + last + "\n" + log());
  }

  private JsonNode json(String path) {
    try {
      HttpResponse<String> r = get(path);
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("prometheus " + path, e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Waits 100 ms between polls, returning early if the process exits. */
  private void pause() {
    try {
      process.waitFor(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  String log() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp folder is harmless
    }
  }
}
