package org.chargebay.supply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A helper process for the interop tests (socat, mbpoll, pymodbus). A missing tool fails the test
 * with the package to install; nothing is skipped. Readiness is polled against a deadline.
 */
final class ExternalProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String what;

  private ExternalProcess(Process process, Path log, String what) {
    this.process = process;
    this.log = log;
    this.what = what;
  }

  /** Fails with an install hint unless {@code executable} exists. */
  static void require(String executable, String debianPackage) {
    if (!Files.isExecutable(Path.of(executable))) {
      throw new AssertionError(
          executable
              + " is missing: install the Debian package '"
              + debianPackage
              + "' (.ci/run installs socat, mbpoll, python3-pymodbus, python3-serial and python3-serial-asyncio)");
    }
  }

  static ExternalProcess start(String what, List<String> command) {
    try {
      Path log = Files.createTempFile("chargebay-" + what.replaceAll("\\W", "-"), ".log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ExternalProcess(p, log, what);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + what + ": " + command, e);
    }
  }

  /**
   * Polls {@code ready} every 20 ms until true, failing with the process's output after {@code
   * deadline}.
   */
  ExternalProcess awaitReady(Duration deadline, BooleanSupplier ready) {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      if (ready.getAsBoolean()) {
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError(what + " exited with " + process.exitValue() + ": " + output());
      }
      try {
        process.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError(what + " not ready after " + deadline + ": " + output());
  }

  /** Sends SIGTERM and waits up to {@code deadline} for the exit; returns the exit code. */
  int terminate(Duration deadline) {
    process.destroy();
    try {
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            what + " did not exit within " + deadline + " of SIGTERM: " + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Runs a command to completion within {@code deadline}; returns its exit code and output. */
  static Result run(Duration deadline, List<String> command) {
    try (ExternalProcess p = start(command.get(0), command)) {
      if (!p.process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            command + " did not finish within " + deadline + ": " + p.output());
      }
      return new Result(p.process.exitValue(), p.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  record Result(int exitCode, String output) {}

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temp file left behind
    }
  }
}
