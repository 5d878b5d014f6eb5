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
 * Safety layer 4: a watchdog outside every bay loop. When a bay whose output may be on shows no
 * progress (a completed cycle or device call) within the stall limit (default 1 s), or sits in a
 * device call past that device's deadline, it cuts that bay on both paths through {@link
 * EmergencyPaths} the stalled loop does not hold (its own connections; on a shared link, the first
 * call once the link frees), and hands the outcome to the bay, which records {@code CutOff
 * LOOP_STALLED} and latches the fault as soon as its loop runs again.
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

  /**
   * A bay under watch.
   *
   * @param deviceDeadline the longest one device call of this bay may take (its timeout times its
   *     attempts): a call in flight is progress until then
   */
  public record Watched(BayRuntime bay, EmergencyPaths paths, Duration deviceDeadline) {}

  /** A bay under watch and since when (monotonic nanos): its grace before a first cycle. */
  private record Entry(Watched watched, long sinceNanos) {}

  /** By bay id; bays come and go while the watchdog runs ({@link #watch}, {@link #unwatch}). */
  private final Map<String, Entry> bays = new ConcurrentHashMap<>();

  private final long stallNanos;
  private final LongSupplier nanos;
  private final ExecutorService cutters;

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

  LoopWatchdog(
      List<Watched> bays, Duration stallAfter, LongSupplier nanos, ExecutorService cutters) {
    if (stallAfter.isNegative() || stallAfter.isZero()) {
      throw new IllegalArgumentException("stall limit must be positive, was " + stallAfter);
    }
    this.stallNanos = stallAfter.toNanos();
    this.nanos = nanos;
    this.cutters = cutters;
    for (Watched w : bays) {
      watch(w);
    }
  }

  /**
   * Watches one more bay from now on; a bay added at runtime has the stall limit from now to
   * complete its first cycle.
   *
   * @throws IllegalStateException if a bay of that id is watched already
   */
  public void watch(Watched watched) {
    Entry e = new Entry(watched, nanos.getAsLong());
    if (bays.putIfAbsent(watched.bay().id(), e) != null) {
      throw new IllegalStateException("bay " + watched.bay().id() + " is watched already");
    }
  }

  /**
   * Stops watching the bay (it is being removed, its loop stopped). A cut already under way
   * finishes.
   *
   * @return true if the bay was watched
   */
  public boolean unwatch(String bayId) {
    boolean was = bays.remove(bayId) != null;
    confirmedForCycle.remove(bayId);
    return was;
  }

  /** The ids of the bays under watch. */
  public java.util.Set<String> watchedIds() {
    return java.util.Set.copyOf(bays.keySet());
  }

  /** Checks every {@code period} on its own thread. */
  public LoopWatchdog start(Duration period) {
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(daemon("watchdog"));
    t.scheduleAtFixedRate(
        this::checkSafely, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
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
   * How long the bay's loop has been stuck, or -1 if it is not stalled in the watchdog's sense
   * (pure: the rule, apart from the clock). Inside a device call, the loop is stuck once the call
   * has outlived the device's deadline; otherwise once it has shown no progress (a completed cycle
   * or device call; the watchdog's start if none yet) for longer than the stall limit.
   */
  static long stalledForNanos(
      long nowNanos,
      long lastProgressNanos,
      long callSinceNanos,
      long watchedSinceNanos,
      long limitNanos,
      long deviceDeadlineNanos,
      boolean mayBeOn) {
    if (!mayBeOn) {
      return -1;
    }
    if (callSinceNanos >= 0) {
      long inCall = nowNanos - callSinceNanos;
      return inCall > deviceDeadlineNanos ? inCall : -1;
    }
    long since = lastProgressNanos < 0 ? watchedSinceNanos : lastProgressNanos;
    long age = nowNanos - since;
    return age > limitNanos ? age : -1;
  }

  /** One pass over every bay; starts a cut for each newly stalled one. Returns how many. */
  public int check() {
    long now = nanos.getAsLong();
    int started = 0;
    for (Entry entry : bays.values()) {
      Watched w = entry.watched();
      BayRuntime bay = w.bay();
      long lastEnd = bay.lastProgressNanos();
      long callSince = bay.deviceCallSinceNanos();
      long deadline = w.deviceDeadline().toNanos();
      long age =
          stalledForNanos(
              now,
              lastEnd,
              callSince,
              entry.sinceNanos(),
              stallNanos,
              deadline,
              bay.outputMayBeOn());
      if (age < 0) {
        continue;
      }
      Long done = confirmedForCycle.get(bay.id());
      if ((done != null && done == lastEnd) || cutting.putIfAbsent(bay.id(), true) != null) {
        continue; // already cut for this stall with both paths confirmed, or a cut is under way
      }
      started++;
      String detail =
          (callSince >= 0
                  ? "bay loop inside one device call for "
                      + age / 1_000_000
                      + " ms (deadline "
                      + deadline / 1_000_000
                      + " ms)"
                  : "bay loop made no progress for "
                      + age / 1_000_000
                      + " ms (limit "
                      + stallNanos / 1_000_000
                      + " ms)")
              + " while its output may be on; cut by the watchdog";
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
      // done when every path that exists is confirmed: one the bay does not have (no BMS, or
      // a BMS without a charge-MOSFET command) is not available, and retrying changes nothing
      if (supply.confirmed() && !bms.retriable()) {
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
