package org.chargebay.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged controller ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, with
 * the configuration file it is given and its output in a log file, as a deployment runs it.
 */
public final class ControllerProcess {
  private static final Pattern LISTENING =
      Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");

  /** Health and metrics: the management interface, logged before the HTTP port. */
  private static final Pattern MANAGEMENT =
      Pattern.compile("Management interface listening on http://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final Path log;
  private final long startedNanos = System.nanoTime();

  private ControllerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * JVM options for a controller started by a test, which lives for seconds: the client compiler
   * only, and the serial collector, start it with about a third less CPU than the defaults (the
   * packaged application and its configuration are unchanged).
   */
  public static final List<String> SHORT_LIVED_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  static Path packagedJar() {
    return Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
  }

  /** Starts the controller with {@code config} as its only extra configuration file. */
  public static ControllerProcess start(Path config, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(SHORT_LIVED_JVM);
    command.add("-Dquarkus.config.locations=" + config.toUri());
    command.add("-jar");
    command.add(packagedJar().toString());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(config.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    try {
      return new ControllerProcess(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + packagedJar(), e);
    }
  }

  long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  Duration age() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** The HTTP port once the controller says it listens; empty while it is still starting. */
  OptionalInt port() {
    Matcher m = LISTENING.matcher(log());
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** Waits up to {@code d} for the process to exit by itself; true if it did. */
  public boolean waitForExit(Duration d) {
    try {
      return process.waitFor(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the controller", e);
    }
  }

  /** The management port (health, metrics), once the controller has logged it. */
  public int managementPort() {
    Matcher m = MANAGEMENT.matcher(log());
    if (!m.find()) {
      throw new AssertionError("the controller logged no management port:\n" + log());
    }
    return Integer.parseInt(m.group(1));
  }

  /** Waits for the HTTP port, failing with the log if the process exits or {@code max} passes. */
  public int awaitPort(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      OptionalInt p = port();
      if (p.isPresent()) {
        return p.getAsInt();
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "the controller exited with " + process.exitValue() + " while starting:\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the controller did not listen within " + max + ":\n" + log());
      }
      waitForExit(Duration.ofMillis(50)); // a pause that ends early if it dies
    }
  }

  /** The exit status; the process must have exited. */
  public int exitValue() {
    return process.exitValue();
  }

  /** SIGKILL, then waits (bounded) until the process is gone; returns its exit status. */
  public int kill9() {
    process.destroyForcibly();
    if (!waitForExit(Duration.ofSeconds(30))) {
      throw new AssertionError("pid " + pid() + " still alive 30 s after SIGKILL");
    }
    return process.exitValue();
  }

  /** SIGTERM (a normal stop), then waits (bounded) for the exit; returns its exit status. */
  int terminate(Duration max) {
    process.destroy();
    if (!waitForExit(max)) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(30));
      throw new AssertionError("the controller did not stop within " + max + " of SIGTERM");
    }
    return process.exitValue();
  }
}
