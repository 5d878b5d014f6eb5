package org.chargebay.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the operator files are ({@code ops/} at the repository root) and how the tests run the real
 * Prometheus tools on them. A missing tool fails the test with the package to install.
 */
final class OpsFiles {
  static final String RULES = "ops/prometheus/chargebay-rules.yml";

  private OpsFiles() {}

  /**
   * The repository root: the first folder up from the working directory that holds {@link #RULES}.
   */
  static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(RULES))) {
        return p;
      }
    }
    throw new AssertionError(RULES + " not found above " + Path.of("").toAbsolutePath());
  }

  static Path rules() {
    return root().resolve(RULES);
  }

  /** {@code ops/prometheus/tests/*_test.yml}, sorted. */
  static List<Path> ruleTests() {
    try (Stream<Path> s = Files.list(root().resolve("ops/prometheus/tests"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("_test.yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ops/grafana/dashboards/*.json}, sorted. */
  static List<Path> dashboards() {
    try (Stream<Path> s = Files.list(root().resolve("ops/grafana/dashboards"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The executable {@code name} on the PATH; fails naming the Debian package otherwise. */
  static Path tool(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        name
            + " is not on the PATH: install Debian's 'prometheus' package"
            + " (apt-get install --no-install-recommends prometheus; ./chargebay test does)");
  }

  /** A finished command: exit code and its output (stdout and stderr together). */
  record Result(int exit, String output) {}

  /** Runs {@code command} from {@code dir} to completion, failing if it runs past {@code max}. */
  static Result run(Path dir, Duration max, List<String> command) {
    try {
      Path log = Files.createTempFile("chargebay-ops", ".log");
      try {
        Process p =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(command + " still running after " + max);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
