package org.chargebay.bay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * The real-time loops' sense of time: how they read the time and wait for the next cycle. Wall
   * time in production; a test's virtual time so that polls can be counted per simulated interval.
   */
  public interface Pacer {
    /** Monotonic nanoseconds. */
    long nanos();

    /**
     * Waits until {@link #nanos()} reaches {@code deadlineNanos}, or less: the caller checks the
     * time again and waits again if it was early.
     */
    void parkUntil(long deadlineNanos);

    /** Ends a wait of {@code thread} in {@link #parkUntil} early (its loop is being stopped). */
    void wake(Thread thread);
  }

  /** Wall time: {@link System#nanoTime()} and {@link LockSupport#parkNanos}. */
  public static final Pacer WALL =
      new Pacer() {
        @Override
        public long nanos() {
          return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadlineNanos) {
          long wait = deadlineNanos - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait); // the poll interval, not a correctness wait
          }
        }

        @Override
        public void wake(Thread thread) {
          LockSupport.unpark(thread);
        }
      };

  /** One bay's real-time loop: its thread and whether it is to keep running. */
  private final class Loop {
    final BayRuntime bay;
    final Thread thread;
    volatile boolean running = true;

    Loop(BayRuntime bay) {
      this.bay = bay;
      this.thread = new Thread(this::run, "bay-" + bay.id());
      this.thread.setDaemon(true);
    }

    private void run() {
      long period = bay.settings().pollInterval().toNanos();
      long next = pacer.nanos();
      while (running && BayScheduler.this.running) {
        safeTick(bay);
        next += period;
        if (next - pacer.nanos() <= 0) {
          next = pacer.nanos(); // late: start the next cycle now, never in a burst
          continue;
        }
        while (running && BayScheduler.this.running && next - pacer.nanos() > 0) {
          pacer.parkUntil(next);
        }
      }
    }
  }

  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, Loop> loops = new ConcurrentHashMap<>();

  /** Loops told to stop that were still inside a cycle when their removal gave up waiting. */
  private final Map<String, Loop> stopping = new ConcurrentHashMap<>();

  private final Pacer pacer;
  private volatile boolean running = true;

  private BayScheduler(Pacer pacer) {
    this.pacer = pacer;
  }

  /** Each bay on its own thread ({@code bay-<id>}), one cycle per poll interval. */
  public static BayScheduler realTime(List<BayRuntime> bays) {
    return realTime(bays, WALL);
  }

  /**
   * Each bay on its own thread, paced by {@code pacer}. Bays may be added and removed while the
   * others run: each has its own thread, and nothing an addition or removal does is shared with
   * another bay's loop, so no other bay's poll is delayed.
   */
  public static BayScheduler realTime(List<BayRuntime> bays, Pacer pacer) {
    BayScheduler s = new BayScheduler(pacer);
    for (BayRuntime bay : bays) {
      s.add(bay);
    }
    return s;
  }

  /**
   * Starts {@code bay}'s loop: its first cycle runs at once, then one per poll interval.
   *
   * @throws IllegalStateException if a loop of that bay id runs already, or the scheduler stopped
   */
  public void add(BayRuntime bay) {
    if (!running) {
      throw new IllegalStateException("the scheduler has stopped");
    }
    Loop old = stopping.get(bay.id());
    if (old != null && old.thread.isAlive()) {
      throw new IllegalStateException("bay " + bay.id() + "'s previous loop has not ended yet");
    }
    stopping.remove(bay.id());
    Loop loop = new Loop(bay);
    if (loops.putIfAbsent(bay.id(), loop) != null) {
      throw new IllegalStateException("bay " + bay.id() + " already has a loop");
    }
    loop.thread.start();
  }

  /**
   * Stops {@code id}'s loop after its current cycle and waits up to {@code bound} for it. The other
   * loops are not touched.
   *
   * @return true if the loop has ended (or there was none): from then on nothing ticks the bay;
   *     false if it is still inside a cycle (a device call) after {@code bound}: it ends when that
   *     cycle does
   */
  public boolean remove(String id, Duration bound) {
    Loop loop = loops.remove(id);
    if (loop == null) {
      loop = stopping.get(id);
      if (loop == null) {
        return true;
      }
    }
    loop.running = false;
    pacer.wake(loop.thread);
    try {
      loop.thread.join(Math.max(1, bound.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (loop.thread.isAlive()) {
      stopping.put(id, loop); // a later remove or add waits for it
      return false;
    }
    stopping.remove(id);
    return true;
  }

  /** The ids of the bays this scheduler ticks in real time. */
  public java.util.Set<String> loopIds() {
    return java.util.Set.copyOf(loops.keySet());
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
    BayScheduler s = new BayScheduler(WALL);
    long wallStepNanos = (long) (step.toNanos() / speed);
    // several bays tick side by side within a round (each on its own thread, the round ends when
    // all have ticked): a round costs the slowest bay's cycle, not the sum of them
    java.util.concurrent.ExecutorService roundPool =
        bays.size() < 2
            ? null
            : java.util.concurrent.Executors.newFixedThreadPool(
                bays.size(),
                r -> {
                  Thread bayThread = new Thread(r, "sim-bay");
                  bayThread.setDaemon(true);
                  return bayThread;
                });
    Thread t =
        new Thread(
            () -> {
              long next = System.nanoTime();
              while (s.running) {
                advanceClock.accept(step);
                if (roundPool == null) {
                  for (BayRuntime bay : bays) {
                    s.safeTick(bay);
                  }
                } else if (!s.tickRound(roundPool, bays)) {
                  break;
                }
                next += wallStepNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait); // pacing the demo, not a correctness wait
                } else if (-wait > 1_000_000_000L) {
                  next = System.nanoTime(); // too far behind: do not catch up in a burst
                }
              }
              if (roundPool != null) {
                roundPool.shutdown();
              }
            },
            "sim-clock");
    t.setDaemon(true);
    s.threads.add(t);
    t.start();
    return s;
  }

  /** One round: every bay ticked on the pool, waiting for all. False if interrupted. */
  private boolean tickRound(java.util.concurrent.ExecutorService pool, List<BayRuntime> bays) {
    List<java.util.concurrent.Future<?>> round = new ArrayList<>(bays.size());
    for (BayRuntime bay : bays) {
      round.add(pool.submit(() -> safeTick(bay)));
    }
    for (java.util.concurrent.Future<?> f : round) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.log(Level.SEVERE, "simulated round: loop error", e.getCause());
      }
    }
    return true;
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
    List<Thread> toJoin = new ArrayList<>(threads);
    for (Loop loop : loops.values()) {
      loop.running = false;
      toJoin.add(loop.thread);
    }
    toJoin.forEach(pacer::wake);
    for (Thread t : toJoin) {
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
