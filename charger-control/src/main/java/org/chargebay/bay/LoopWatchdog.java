package org.chargebay.bay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Safety layer 4: a watchdog outside every bay loop. When a bay whose output may be on has not
 * completed a cycle within the stall limit (default 1 s), it cuts that bay on both paths through
 * {@link EmergencyPaths} the stalled loop does not hold (its own connections; on a shared link,
 * the first call once the link frees), and hands the outcome to the bay, which records {@code
 * CutOff LOOP_STALLED} and latches the fault as soon as its loop runs again.
 *
 * <p>Each cut runs on its own thread, so a bay whose devices do not answer delays only itself. A
 * path that failed is tried again on the next check while the loop is still stalled.
 */
public final class LoopWatchdog implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LoopWatchdog.class.getName());

  /**
   * The watchdog's own way to each device of a bay. Each call opens what it needs, acts, confirms
   * by read-back, closes, and returns within the device's timeouts.
   */
  public interface EmergencyPaths {
    DeviceCommand.Outcome outputOff();

    DeviceCommand.Outcome chargeFetOff();
  }

  /** A bay under watch. */
  public record Watched(BayRuntime bay, EmergencyPaths paths) {}

  private final List<Watched> bays;
  private final long stallNanos;
  private final LongSupplier nanos;
  private final ExecutorService cutters;
  private final long startedNanos;
  /** Per bay: the stalled cycle the watchdog cut with every path confirmed. */
  private final Map<String, Long> confirmedForCycle = new ConcurrentHashMap<>();
  private final Map<String, Boolean> cutting = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService ticker;

  /**
   * @param stallAfter a loop that has not completed a cycle for longer than this is stalled
   * @param nanos the monotonic time source the bays' cycle times are on
   */
  public LoopWatchdog(List<Watched> bays, Duration stallAfter, LongSupplier nanos) {
    this(bays, stallAfter, nanos, Executors.newCachedThreadPool(daemon("watchdog-cut")));
  }

  LoopWatchdog(List<Watched> bays, Duration stallAfter, LongSupplier nanos, ExecutorService cutters) {
    if (stallAfter.isNegative() || stallAfter.isZero()) {
      throw new IllegalArgumentException("stall limit must be positive, was " + stallAfter);
    }
    this.bays = List.copyOf(bays);
    this.stallNanos = stallAfter.toNanos();
    this.nanos = nanos;
    this.cutters = cutters;
    this.startedNanos = nanos.getAsLong();
  }

  /** Checks every {@code period} on its own thread. */
  public LoopWatchdog start(Duration period) {
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(daemon("watchdog"));
    t.scheduleAtFixedRate(this::checkSafely, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    ticker = t;
    return this;
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "watchdog check failed", e);
    }
  }

  /**
   * How long the bay's loop has gone without completing a cycle, or -1 if it is not stalled in
   * the watchdog's sense (pure: the rule, apart from the clock).
   */
  static long stalledForNanos(
      long nowNanos, long lastCycleEndNanos, long watchedSinceNanos, long limitNanos, boolean mayBeOn) {
    long since = lastCycleEndNanos < 0 ? watchedSinceNanos : lastCycleEndNanos;
    long age = nowNanos - since;
    return mayBeOn && age > limitNanos ? age : -1;
  }

  /** One pass over every bay; starts a cut for each newly stalled one. Returns how many. */
  public int check() {
    long now = nanos.getAsLong();
    int started = 0;
    for (Watched w : bays) {
      BayRuntime bay = w.bay();
      long lastEnd = bay.lastCycleEndNanos();
      long age = stalledForNanos(now, lastEnd, startedNanos, stallNanos, bay.outputMayBeOn());
      if (age < 0) {
        continue;
      }
      Long done = confirmedForCycle.get(bay.id());
      if ((done != null && done == lastEnd) || cutting.putIfAbsent(bay.id(), true) != null) {
        continue; // already cut for this stall with both paths confirmed, or a cut is under way
      }
      started++;
      String detail =
          "bay loop completed no cycle for "
              + age / 1_000_000
              + " ms (limit "
              + stallNanos / 1_000_000
              + " ms) while its output may be on; cut by the watchdog";
      cutters.execute(() -> cut(w, lastEnd, detail));
    }
    return started;
  }

  private void cut(Watched w, long cycle, String detail) {
    String id = w.bay().id();
    try {
      DeviceCommand.Outcome supply = w.paths().outputOff();
      DeviceCommand.Outcome bms = w.paths().chargeFetOff();
      List<String> actions = new ArrayList<>(2);
      actions.add("watchdog " + supply.describe());
      actions.add("watchdog " + bms.describe());
      LOG.warning(() -> "bay " + id + ": loop stalled, watchdog cut-off: " + actions);
      w.bay().watchdogCutOff(detail, actions);
      if (supply.confirmed() && bms.confirmed()) {
        confirmedForCycle.put(id, cycle);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "bay " + id + ": watchdog cut-off failed", e);
    } finally {
      cutting.remove(id);
    }
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
    ScheduledExecutorService t = ticker;
    if (t != null) {
      t.shutdownNow();
    }
    cutters.shutdownNow();
  }
}
