package org.chargebay.bay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs bay loops. In real time every bay has its own loop thread: a device call that hangs until
 * its deadline delays only its own bay (and, through the link's lock, the bays sharing that
 * physical link), never any other. Each loop starts a cycle every poll interval, or right after the
 * previous one if that took longer. In simulation one thread advances the bays' virtual clock by
 * the poll interval and ticks every bay, paced to a speed-up factor of real time (or as fast as the
 * I/O allows if that is slower).
 */
public final class BayScheduler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BayScheduler.class.getName());

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  private BayScheduler() {}

  /** Each bay on its own thread ({@code bay-<id>}), one cycle per poll interval. */
  public static BayScheduler realTime(List<BayRuntime> bays) {
    BayScheduler s = new BayScheduler();
    for (BayRuntime bay : bays) {
      Thread t = new Thread(() -> s.loop(bay), "bay-" + bay.id());
      t.setDaemon(true);
      s.threads.add(t);
    }
    s.threads.forEach(Thread::start);
    return s;
  }

  private void loop(BayRuntime bay) {
    long period = bay.settings().pollInterval().toNanos();
    long next = System.nanoTime();
    while (running) {
      safeTick(bay);
      next += period;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // the poll interval, not a correctness wait
      } else {
        next = System.nanoTime(); // late: start the next cycle now, never in a burst
      }
    }
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
    BayScheduler s = new BayScheduler();
    long wallStepNanos = (long) (step.toNanos() / speed);
    Thread t =
        new Thread(
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
                  LockSupport.parkNanos(wait); // pacing the demo, not a correctness wait
                } else if (-wait > 1_000_000_000L) {
                  next = System.nanoTime(); // too far behind: do not catch up in a burst
                }
              }
            },
            "sim-clock");
    t.setDaemon(true);
    s.threads.add(t);
    t.start();
    return s;
  }

  private void safeTick(BayRuntime bay) {
    try {
      bay.tick();
    } catch (RuntimeException e) {
      // tick() fails closed by itself; this keeps the loop alive after a programming error
      LOG.log(Level.SEVERE, "bay " + bay.id() + ": loop error", e);
    }
  }

  /**
   * Stops every loop after its current cycle. Waits up to {@code bound} in all; a loop still inside
   * a device call then is left to its call's deadline (its thread is a daemon).
   *
   * @return true if every loop stopped in time
   */
  public boolean stop(Duration bound) {
    running = false;
    long deadline = System.nanoTime() + bound.toNanos();
    boolean all = true;
    for (Thread t : threads) {
      LockSupport.unpark(t);
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          t.join(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        all = false;
        LOG.warning(
            () -> t.getName() + " did not stop within " + bound + " (inside a device call?)");
      }
    }
    return all;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
