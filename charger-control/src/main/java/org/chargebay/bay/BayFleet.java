package org.chargebay.bay;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.chargebay.events.Phase;
import org.jspecify.annotations.Nullable;

/**
 * The running bays, added and removed while the others charge. Each bay has its own loop thread
 * ({@link BayScheduler#realTime}) and its own watchdog entry; an addition or a removal builds,
 * starts, stops and closes only its own bay, takes no lock a loop takes, and so delays no other
 * bay's poll. Readers ({@link #bays()}, {@link #bay}) never block.
 *
 * <p>A bay with an open session (charging, or suspended and about to resume) is not removed: it
 * must be stopped first. A removal stops the bay's loop after its current cycle, checks again (a
 * start may have been queued meanwhile; the loop is then started again and the removal refused),
 * stops watching it, turns its output off with read-back ({@link BayRuntime#shutdownSafely}), and
 * closes it.
 */
public final class BayFleet {
  private static final Logger LOG = Logger.getLogger(BayFleet.class.getName());

  /** What else must follow a bay: meters and listeners registered and unregistered with it. */
  public interface Hooks {
    /** The bay is built and about to start; register its meters and listeners. */
    void added(BayRuntime bay);

    /** The bay has stopped and is about to be closed; unregister what {@link #added} did. */
    void removed(BayRuntime bay);
  }

  /** The outcome of a removal. */
  public sealed interface Removal {
    /** Removed: the loop ended and the output was turned off as listed. */
    record Removed(List<String> actions) implements Removal {}

    /** No bay of that id runs. */
    record Unknown() implements Removal {}

    /** Another addition or removal of that bay is under way. */
    record Busy() implements Removal {}

    /** The bay has an open session; stop it first. */
    record Active(String sessionId, String phase) implements Removal {}

    /** The loop did not end within the bound (inside a device call past its deadline). */
    record LoopStuck(Duration waited) implements Removal {}
  }

  /** Thrown when a bay of that id runs already, or is being added or removed. */
  public static final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message);
    }
  }

  private record Member(BayRuntime bay, long order) {}

  private final BayScheduler scheduler;
  private final LoopWatchdog watchdog;
  private final Hooks hooks;
  private final Map<String, Member> bays = new ConcurrentHashMap<>();
  private final Set<String> changing = ConcurrentHashMap.newKeySet();
  private final AtomicLong order = new AtomicLong();

  /**
   * @param scheduler a real-time scheduler; the fleet adds and removes its loops
   * @param watchdog the watchdog; the fleet adds and removes its entries
   */
  public BayFleet(BayScheduler scheduler, LoopWatchdog watchdog, Hooks hooks) {
    this.scheduler = scheduler;
    this.watchdog = watchdog;
    this.hooks = hooks;
  }

  /** Every running bay, in the order they were added. */
  public List<BayRuntime> bays() {
    return bays.values().stream()
        .sorted(Comparator.comparingLong(Member::order))
        .map(Member::bay)
        .toList();
  }

  public Optional<BayRuntime> bay(String id) {
    return Optional.ofNullable(bays.get(id)).map(Member::bay);
  }

  /**
   * Builds a bay with {@code build} (on the caller's thread: opening devices and folding the bay's
   * stream delay nobody else), runs {@code commit} (e.g. records the configuration; if it throws,
   * the bay is closed and never started), then starts its loop: its first poll runs at once.
   *
   * @throws Conflict if a bay of that id runs or is being added or removed
   */
  public BayRuntime add(String id, Supplier<LoopWatchdog.Watched> build, Runnable commit) {
    if (!changing.add(id)) {
      throw new Conflict("bay " + id + " is being added or removed already");
    }
    try {
      if (bays.containsKey(id)) {
        throw new Conflict("bay " + id + " runs already");
      }
      LoopWatchdog.Watched watched = build.get();
      BayRuntime bay = watched.bay();
      if (!bay.id().equals(id)) {
        bay.close();
        throw new IllegalArgumentException("built bay " + bay.id() + " for id " + id);
      }
      try {
        commit.run();
      } catch (RuntimeException e) {
        bay.close();
        throw e;
      }
      hooks.added(bay);
      bays.put(id, new Member(bay, order.incrementAndGet()));
      watchdog.watch(watched);
      scheduler.add(bay);
      LOG.info(() -> "bay " + id + " added");
      return bay;
    } finally {
      changing.remove(id);
    }
  }

  /**
   * Removes a bay that has no open session; see the class comment for the steps.
   *
   * @param loopBound how long to wait for the bay's loop to finish its current cycle (at least its
   *     worst-case cycle: the device deadlines)
   * @param offBound how long to wait for the output to be turned off and confirmed
   * @param commit runs once the bay is stopped and before it is forgotten (e.g. records the
   *     removal)
   */
  public Removal remove(String id, Duration loopBound, Duration offBound, Runnable commit) {
    if (!changing.add(id)) {
      return new Removal.Busy();
    }
    try {
      Member m = bays.get(id);
      if (m == null) {
        return new Removal.Unknown();
      }
      BayRuntime bay = m.bay();
      Removal.Active active = activeSession(bay.status().phase(), bay.status().sessionId(), bay);
      if (active != null) {
        return active;
      }
      if (!scheduler.remove(id, loopBound)) {
        LOG.severe(
            () ->
                "bay "
                    + id
                    + ": loop still inside a cycle after "
                    + loopBound
                    + "; removal abandoned, the loop ends with its call");
        return new Removal.LoopStuck(loopBound);
      }
      // the loop has ended: its state is visible to this thread now
      active = activeSession(bay.state().phase(), bay.state().sessionId(), bay);
      if (active != null) {
        // a start was queued before the loop stopped: let it run on
        scheduler.add(bay);
        return active;
      }
      watchdog.unwatch(id);
      List<String> actions = SafeShutdown.runOne(bay, offBound);
      commit.run();
      bays.remove(id);
      hooks.removed(bay);
      bay.close();
      LOG.info(() -> "bay " + id + " removed: " + actions);
      return new Removal.Removed(actions);
    } finally {
      changing.remove(id);
    }
  }

  private static Removal.@Nullable Active activeSession(
      Phase phase, @Nullable String sessionId, BayRuntime bay) {
    if (phase.inSession() || bay.outputMayBeOn()) {
      return new Removal.Active(String.valueOf(sessionId), phase.name());
    }
    return null;
  }
}
