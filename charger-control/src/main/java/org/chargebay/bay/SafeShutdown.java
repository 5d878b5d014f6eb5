package org.chargebay.bay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * A normal stop (SIGTERM, Quarkus shutdown): every bay's output off, confirmed by read-back, and a
 * charging session recorded as {@code ChargeSuspended}, all bays at once, within one bound. A bay
 * whose supply does not confirm has its BMS charge MOSFET opened as well; a bay whose devices do
 * not answer within the bound is logged by name and left to the restart recovery (output off first,
 * then resume only on fresh telemetry).
 */
public final class SafeShutdown {
  private static final Logger LOG = Logger.getLogger(SafeShutdown.class.getName());
  private static final int MAX_THREADS = 64;

  private SafeShutdown() {}

  /**
   * Runs {@link BayRuntime#shutdownSafely()} on one bay whose loop has stopped (a bay being
   * removed), on a thread of its own so that the wait is bounded.
   *
   * @return each path's outcome; a line saying so if it did not finish within {@code bound}
   */
  public static List<String> runOne(BayRuntime bay, Duration bound) {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "bay-" + bay.id() + "-off");
              t.setDaemon(true);
              return t;
            });
    try {
      return pool.submit(bay::shutdownSafely).get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      LOG.severe(() -> "bay " + bay.id() + ": output off not confirmed within " + bound);
      return List.of("output off not confirmed within " + bound.toMillis() + " ms");
    } catch (ExecutionException e) {
      LOG.severe(() -> "bay " + bay.id() + ": output off failed: " + e.getCause());
      return List.of("output off failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of("interrupted before the output off was confirmed");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs {@link BayRuntime#shutdownSafely()} on every bay, with their loops already stopped.
   *
   * @return the ids of the bays that did not finish within {@code bound}
   */
  public static List<String> run(Collection<BayRuntime> bays, Duration bound) {
    if (bays.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(MAX_THREADS, bays.size()),
            r -> {
              Thread t = new Thread(r, "bay-shutdown");
              t.setDaemon(true);
              return t;
            });
    long deadline = System.nanoTime() + bound.toNanos();
    List<CompletableFuture<List<String>>> futures = new ArrayList<>();
    List<BayRuntime> order = new ArrayList<>(bays);
    for (BayRuntime bay : order) {
      futures.add(CompletableFuture.supplyAsync(bay::shutdownSafely, pool));
    }
    List<String> late = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      String id = order.get(i).id();
      try {
        List<String> done =
            futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        LOG.info(() -> "bay " + id + ": stopped: " + done);
      } catch (TimeoutException e) {
        late.add(id);
        LOG.severe(
            () ->
                "bay "
                    + id
                    + ": output off not confirmed within "
                    + bound
                    + " of the stop; the next start holds it off first");
      } catch (ExecutionException e) {
        late.add(id);
        LOG.severe(() -> "bay " + id + ": stop failed: " + e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        late.add(id);
      }
    }
    pool.shutdownNow();
    return late;
  }
}
