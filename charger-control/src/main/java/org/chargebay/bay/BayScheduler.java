package org.chargebay.bay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs bay loops. In real time each bay ticks on a fixed delay on a small pool of dedicated
 * threads (blocking device I/O never runs on an event loop). In simulation one thread advances
 * the bays' virtual clock by the poll interval and ticks every bay, paced to a speed-up factor of
 * real time (or as fast as the I/O allows if that is slower).
 */
public final class BayScheduler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BayScheduler.class.getName());

  private final ScheduledExecutorService executor;
  private final Map<String, Long> lastTickNanos = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  private BayScheduler(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** Each bay on its own fixed-delay schedule. */
  public static BayScheduler realTime(List<BayRuntime> bays) {
    int threads = Math.max(1, Math.min(4, bays.size()));
    BayScheduler s = new BayScheduler(Executors.newScheduledThreadPool(threads, daemon("bay-loop")));
    for (BayRuntime bay : bays) {
      long period = bay.settings().pollInterval().toMillis();
      s.executor.scheduleWithFixedDelay(() -> s.safeTick(bay), 0, period, TimeUnit.MILLISECONDS);
    }
    return s;
  }

  /**
   * All bays on one virtual clock, advanced in poll-interval steps at {@code speed} x real time.
   *
   * @param advanceClock moves the clock the bays read forward by the given step; called on the
   *     scheduler's thread before each round of ticks
   * @param step the simulated time per round, normally the poll interval
   * @param speed simulated time per wall time, above 0
   */
  public static BayScheduler simulated(
      List<BayRuntime> bays, Consumer<Duration> advanceClock, Duration step, double speed) {
    if (speed <= 0) {
      throw new IllegalArgumentException("clock speed must be positive, was " + speed);
    }
    BayScheduler s = new BayScheduler(Executors.newSingleThreadScheduledExecutor(daemon("sim-clock")));
    long wallStepNanos = (long) (step.toNanos() / speed);
    s.executor.execute(
        () -> {
          long next = System.nanoTime();
          while (s.running) {
            advanceClock.accept(step);
            for (BayRuntime bay : bays) {
              s.safeTick(bay);
            }
            next += wallStepNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
              // pacing the demo to the requested speed, not a correctness wait
              java.util.concurrent.locks.LockSupport.parkNanos(wait);
            } else if (-wait > 1_000_000_000L) {
              next = System.nanoTime(); // too far behind: do not try to catch up in a burst
            }
          }
        });
    return s;
  }

  private void safeTick(BayRuntime bay) {
    try {
      bay.tick();
    } catch (RuntimeException e) {
      // tick() fails closed by itself; this keeps the schedule alive after a programming error
      LOG.log(Level.SEVERE, "bay " + bay.id() + ": loop error", e);
    }
    lastTickNanos.put(bay.id(), System.nanoTime());
  }

  /** Wall-clock nanoseconds since the bay's last completed tick, or -1 if it never ticked. */
  public long nanosSinceLastTick(String bayId) {
    Long t = lastTickNanos.get(bayId);
    return t == null ? -1 : System.nanoTime() - t;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    running = false;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
