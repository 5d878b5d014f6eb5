package org.chargebay.simulator.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code chargebay simulator}: serves a fleet of simulated bays until SIGTERM or SIGINT; see {@link
 * FleetArgs#USAGE}. Exit codes follow sysexits: 64 bad usage, 69 a port cannot be bound, 74 a file
 * cannot be written.
 */
public final class FleetSimulatorMain {
  static final int OK = 0;
  static final int USAGE = 64;
  static final int UNAVAILABLE = 69;
  static final int IO_ERROR = 74;

  private FleetSimulatorMain() {}

  public static void main(String[] args) {
    CompletableFuture<Void> stop = new CompletableFuture<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.complete(null);
              try {
                done.await(30, TimeUnit.SECONDS); // let run() close the ports and write results
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fleet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = run(args, System.out, System.err, stop);
    done.countDown();
    if (!stop.isDone()) {
      System.exit(code); // not stopped by a signal: a usage error, --help or a start failure
    }
  }

  /**
   * The command without the process around it: parses {@code args}, serves until {@code stop}
   * completes, then closes every port and writes the results.
   *
   * @return the exit code
   */
  public static int run(
      String[] args, PrintStream out, PrintStream err, CompletableFuture<?> stop) {
    FleetArgs.Parsed parsed = FleetArgs.parse(List.of(args));
    if (parsed instanceof FleetArgs.Help) {
      out.println(FleetArgs.USAGE);
      return OK;
    }
    if (parsed instanceof FleetArgs.Invalid invalid) {
      err.println("chargebay simulator: " + invalid.reason());
      err.println("run 'chargebay simulator --help' for the options");
      return USAGE;
    }
    if (!(parsed instanceof FleetArgs.Run run)) {
      throw new IllegalStateException("unhandled " + parsed);
    }
    FleetOptions options = run.options();
    Timebase timebase = Timebase.startingNow(Instant.now(), options.speed());
    FleetSimulator fleet;
    try {
      fleet = FleetSimulator.start(options, new PacedClock(timebase), timebase);
    } catch (IllegalStateException e) {
      err.println("chargebay simulator: " + e.getMessage());
      return UNAVAILABLE;
    }
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fleet-physics");
              t.setDaemon(true);
              return t;
            });
    try {
      try {
        fleet.writeConfig();
      } catch (IOException e) {
        err.println("chargebay simulator: cannot write " + options.configOut() + ": " + e);
        return IO_ERROR;
      }
      ticker.scheduleWithFixedDelay(fleet::advanceAll, 1, 1, TimeUnit.SECONDS);
      out.println(
          "fleet simulator: " + options.bays() + " bays ready, config in " + options.configOut());
      out.flush();
      stop.join();
    } finally {
      ticker.shutdownNow();
      fleet.close();
    }
    try {
      fleet.writeResults();
    } catch (IOException e) {
      err.println("chargebay simulator: cannot write " + options.resultsOut() + ": " + e);
      return IO_ERROR;
    }
    out.println(
        "fleet simulator: stopped"
            + (options.resultsOut() == null ? "" : ", results in " + options.resultsOut()));
    return OK;
  }
}
