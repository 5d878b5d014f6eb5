package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.ChargeDecider;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.supply.ModbusConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bays added and removed while others charge, each on its real-time loop thread, on a virtual
 * clock: real RD6018 and JBD emulators on loopback, a real SQLite journal. Polls are counted per
 * simulated interval; an addition or removal that held anything a loop needs would leave a loop
 * short of its poll and the bounded wait for it would fail.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BayHotPlugIT {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A generous wall-time bound for one simulated interval's polls; fails clearly past it. */
  private static final long WAIT_MILLIS = 20_000;

  @TempDir Path dir;

  private final VirtualClock clock = new VirtualClock(T0);
  private final VirtualPacer pacer = new VirtualPacer(clock);
  private final Map<String, SimulatedBench> benches = new ConcurrentHashMap<>();
  private final Map<String, List<Instant>> polls = new ConcurrentHashMap<>();
  private final List<String> hookLog = new CopyOnWriteArrayList<>();
  private final ExecutorService admin = Executors.newSingleThreadExecutor();
  private SqliteEventStore store;
  private BayScheduler scheduler;
  private LoopWatchdog watchdog;
  private BayFleet fleet;

  @BeforeEach
  void start() {
    store = SqliteEventStore.open(dir.resolve("chargebay.db"));
    scheduler = BayScheduler.realTime(List.of(), pacer);
    watchdog = new LoopWatchdog(List.of(), Duration.ofSeconds(1), pacer::nanos);
    fleet =
        new BayFleet(
            scheduler,
            watchdog,
            new BayFleet.Hooks() {
              @Override
              public void added(BayRuntime bay) {
                hookLog.add("added " + bay.id());
              }

              @Override
              public void removed(BayRuntime bay) {
                hookLog.add("removed " + bay.id());
              }
            });
  }

  @AfterEach
  void stop() {
    admin.shutdownNow();
    scheduler.stop(Duration.ofSeconds(5));
    fleet.bays().forEach(BayRuntime::close);
    store.close();
    benches.values().forEach(SimulatedBench::close);
  }

  /** A simulated bay with its own bench; its polls are recorded at their virtual instants. */
  private LoopWatchdog.Watched bay(String id, boolean autoStart) {
    SimulatedBench bench = SimulatedBench.start(clock, SimulatedBench.demoPack());
    benches.put(id, bench);
    BaySettings settings = BaySettings.of(id, PROFILE, autoStart);
    BayRuntime runtime =
        new BayRuntime(
            settings,
            clock,
            ModbusConnections.open(bench.supplyUrl(), 1, "auto", Duration.ofMillis(500)),
            BmsClients.open(
                "jbd",
                bench.bmsUrl(),
                BmsOptions.create(o -> o.responseTimeout(Duration.ofMillis(300)))),
            store,
            EventCodec.standard(),
            new ChargeDecider(settings.decider()));
    runtime.useNanoClock(pacer::nanos);
    List<Instant> mine = new CopyOnWriteArrayList<>();
    polls.put(id, mine);
    runtime.addListener(
        new BayListener() {
          @Override
          public void onCycle(String bayId, long nanos) {
            mine.add(clock.instant());
            synchronized (polls) {
              polls.notifyAll();
            }
          }
        });
    return new LoopWatchdog.Watched(runtime, new NoPaths(), Duration.ofSeconds(4));
  }

  /** The watchdog is not started here: its paths are never used. */
  private static final class NoPaths implements LoopWatchdog.EmergencyPaths {
    @Override
    public DeviceCommand.Outcome outputOff() {
      throw new AssertionError("the watchdog must not cut a bay in this test");
    }

    @Override
    public DeviceCommand.Outcome chargeFetOff() {
      throw new AssertionError("the watchdog must not cut a bay in this test");
    }
  }

  /** Waits (bounded) until each bay has exactly {@code count} polls; fails naming the laggard. */
  private void awaitPolls(int count, String... ids) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    synchronized (polls) {
      while (true) {
        boolean all = true;
        for (String id : ids) {
          int n = polls.get(id).size();
          assertThat(n)
              .as("polls of %s (never more than one per interval)", id)
              .isLessThanOrEqualTo(count);
          all &= n == count;
        }
        if (all) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          Map<String, Integer> seen = new ConcurrentHashMap<>();
          for (String id : ids) {
            seen.put(id, polls.get(id).size());
          }
          throw new AssertionError(
              "after "
                  + WAIT_MILLIS
                  + " ms of wall time, expected "
                  + count
                  + " polls each, got "
                  + seen);
        }
        polls.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** Every poll of the bay at the expected virtual instants: {@code from}, + 1, + 2 intervals... */
  private void assertCadence(String id, Instant from, int count) {
    List<Instant> expected = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      expected.add(from.plus(POLL.multipliedBy(k)));
    }
    assertThat(polls.get(id)).as("poll instants of %s", id).containsExactlyElementsOf(expected);
  }

  private int step(int count, String... ids) throws InterruptedException {
    pacer.advance(POLL);
    awaitPolls(count + 1, ids);
    return count + 1;
  }

  @Test
  void a_bay_added_while_three_charge_is_polled_at_once_and_the_others_keep_their_cadence()
      throws Exception {
    for (String id : List.of("b1", "b2", "b3")) {
      LoopWatchdog.Watched w = bay(id, true);
      fleet.add(id, () -> w, () -> {});
    }
    int n = 1;
    awaitPolls(n, "b1", "b2", "b3");
    while (!fleet.bays().stream().allMatch(b -> b.status().phase().charging())) {
      assertThat(n).as("all three charging within 10 simulated seconds").isLessThan(50);
      n = step(n, "b1", "b2", "b3");
    }
    // the addition blocks half-way (as a slow device open would) while the clock runs on
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LoopWatchdog.Watched b4 = bay("b4", false);
    Future<BayRuntime> adding =
        admin.submit(
            () ->
                fleet.add(
                    "b4",
                    () -> {
                      building.countDown();
                      awaitLatch(release);
                      return b4;
                    },
                    () -> {}));
    assertThat(building.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      n = step(n, "b1", "b2", "b3");
    }
    assertThat(polls.get("b4")).isEmpty();
    release.countDown();
    adding.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    Instant addedAt = clock.instant();

    awaitPolls(1, "b4"); // without advancing the clock: polled within one interval (at once)
    assertThat(polls.get("b4")).containsExactly(addedAt);
    int m = 1;
    for (int i = 0; i < 5; i++) {
      pacer.advance(POLL);
      n++;
      m++;
      awaitPolls(n, "b1", "b2", "b3");
      awaitPolls(m, "b4");
    }
    for (String id : List.of("b1", "b2", "b3")) {
      assertCadence(id, T0, n);
      assertThat(fleet.bay(id).orElseThrow().status().phase().charging()).as(id).isTrue();
    }
    assertCadence("b4", addedAt, m);
    assertThat(watchdog.watchedIds()).containsExactlyInAnyOrder("b1", "b2", "b3", "b4");
    assertThat(fleet.bays()).extracting(BayRuntime::id).containsExactly("b1", "b2", "b3", "b4");
    assertThat(hookLog).containsExactly("added b1", "added b2", "added b3", "added b4");
  }

  @Test
  void a_bay_is_removed_only_without_an_open_session_and_its_removal_delays_no_other()
      throws Exception {
    for (String id : List.of("b1", "b2", "b3")) {
      LoopWatchdog.Watched w = bay(id, true);
      fleet.add(id, () -> w, () -> {});
    }
    LoopWatchdog.Watched idle = bay("idle", false);
    fleet.add("idle", () -> idle, () -> {});
    int n = 1;
    awaitPolls(n, "b1", "b2", "b3", "idle");
    while (!fleet.bay("b1").orElseThrow().status().phase().charging()) {
      assertThat(n).isLessThan(50);
      n = step(n, "b1", "b2", "b3", "idle");
    }

    BayFleet.Removal refused =
        fleet.remove("b1", Duration.ofSeconds(10), Duration.ofSeconds(10), () -> {});
    assertThat(refused).isInstanceOf(BayFleet.Removal.Active.class);
    assertThat(((BayFleet.Removal.Active) refused).phase()).isIn("CC", "CV");
    n = step(n, "b1", "b2", "b3", "idle"); // b1 still polled after the refusal

    // the removal blocks after the loop stopped (as a slow journal write would)
    CountDownLatch committing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<BayFleet.Removal> removing =
        admin.submit(
            () ->
                fleet.remove(
                    "idle",
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    () -> {
                      committing.countDown();
                      awaitLatch(release);
                    }));
    assertThat(committing.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
    int idlePolls = polls.get("idle").size();
    for (int i = 0; i < 5; i++) {
      n = step(n, "b1", "b2", "b3");
    }
    release.countDown();
    BayFleet.Removal removed = removing.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(removed).isInstanceOf(BayFleet.Removal.Removed.class);
    assertThat(((BayFleet.Removal.Removed) removed).actions())
        .containsExactly("supply-output-off: confirmed");
    n = step(n, "b1", "b2", "b3");
    for (String id : List.of("b1", "b2", "b3")) {
      assertCadence(id, T0, n);
    }
    assertThat(polls.get("idle")).hasSize(idlePolls);
    assertThat(fleet.bay("idle")).isEmpty();
    assertThat(watchdog.watchedIds()).containsExactlyInAnyOrder("b1", "b2", "b3");
    assertThat(scheduler.loopIds()).containsExactlyInAnyOrder("b1", "b2", "b3");
    assertThat(hookLog).endsWith("removed idle");
    assertThat(fleet.remove("idle", Duration.ofSeconds(1), Duration.ofSeconds(1), () -> {}))
        .isInstanceOf(BayFleet.Removal.Unknown.class);
  }

  @Test
  void the_same_id_cannot_be_added_twice() {
    LoopWatchdog.Watched w = bay("b1", false);
    fleet.add("b1", () -> w, () -> {});
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> fleet.add("b1", () -> bay("b1x", false), () -> {}))
        .isInstanceOf(BayFleet.Conflict.class)
        .hasMessageContaining("runs already");
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the test never released the latch");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
