package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.PathOutcome;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.replay.Decider;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.ChargeCommand;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargeState;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.supply.ModbusConnections;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety layer 4 against the three ways a loop stalls: a journal append that blocks, a decider that
 * spins, and a device call that never returns. The stall is real (the loop's thread is held on a
 * latch); time is simulated: the watchdog and the loop share a virtual nanosecond clock, so the 1 s
 * bound is asserted exactly, at the limit and past it.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LoopWatchdogIT {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int RD60XX_OUTPUT = 18;

  @TempDir Path dir;

  /** Holds whichever call it guards until released, once armed. */
  static final class Stall {
    final AtomicBoolean armed = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean spinning;

    void block() {
      if (armed.compareAndSet(true, false)) {
        entered.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    void spin() {
      if (armed.compareAndSet(true, false)) {
        spinning = true;
        entered.countDown();
        while (spinning) {
          Thread.onSpinWait(); // a decider stuck in a loop, until released
        }
      }
    }

    void releaseAll() {
      spinning = false;
      release.countDown();
    }
  }

  enum Kind {
    JOURNAL,
    DECIDER,
    DEVICE
  }

  private final class Rig implements AutoCloseable {
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T00:00:00Z"));
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final SimulatedBench bench;
    final EventStore journal = SqliteEventStore.open(dir.resolve("chargebay.db"));
    final Stall stall = new Stall();
    final BayRuntime runtime;
    final LoopWatchdog watchdog;
    final boolean noBms;

    Rig(Kind kind) {
      this(kind, false);
    }

    /** With {@code noBms}: a bay without a smart BMS ({@code bms.family=none}), supply only. */
    Rig(Kind kind, boolean noBms) {
      this.noBms = noBms;
      // nearly full for the journal stall: in CV the setpoint is steered (and appended) often
      bench =
          SimulatedBench.start(
              clock,
              PackModel.create(
                  OcvCurve.nmc(), 13, 2.0, 0.030, kind == Kind.JOURNAL ? 85.0 : 60.0, 40.0));
      BaySettings settings = BaySettings.of("w1", PROFILE, true);
      if (noBms) {
        bench.bay().withoutBms();
        settings = settings.withNoBms(org.chargebay.session.NoBmsSettings.defaults());
      }
      Decider<ChargeCommand, ChargeState, ChargeEvent> real =
          noBms ? BayRules.decider(settings) : new ChargeDecider(settings.decider());
      Decider<ChargeCommand, ChargeState, ChargeEvent> decider =
          kind != Kind.DECIDER
              ? real
              : new Decider<>() {
                @Override
                public ChargeState initialState() {
                  return real.initialState();
                }

                @Override
                public List<ChargeEvent> decide(ChargeCommand command, ChargeState state) {
                  stall.spin();
                  return real.decide(command, state);
                }

                @Override
                public ChargeState evolve(ChargeState state, ChargeEvent event) {
                  return real.evolve(state, event);
                }

                @Override
                public boolean isTerminal(ChargeState state) {
                  return real.isTerminal(state);
                }
              };
      EventStore store = kind == Kind.JOURNAL ? new StallingStore(journal, stall) : journal;
      SupplyDriver supply = supply();
      if (kind == Kind.DEVICE) {
        supply = new StallingSupply(supply, stall);
      }
      runtime =
          new BayRuntime(settings, clock, supply, bms(), store, EventCodec.standard(), decider);
      runtime.useNanoClock(nanos::get);
      watchdog =
          new LoopWatchdog(
              List.of(
                  new LoopWatchdog.Watched(
                      runtime,
                      new DeviceEmergencyPaths(this::supply, this::bms),
                      Duration.ofSeconds(1))),
              Duration.ofSeconds(1),
              nanos::get,
              new DirectExecutor());
    }

    SupplyDriver supply() {
      return ModbusConnections.open(bench.supplyUrl(), 1, "auto", Duration.ofMillis(500));
    }

    BmsClient bms() {
      if (noBms) {
        return new NoBmsClient();
      }
      return BmsClients.open(
          "jbd", bench.bmsUrl(), BmsOptions.create(o -> o.responseTimeout(Duration.ofMillis(300))));
    }

    void tick() {
      clock.advance(POLL);
      nanos.addAndGet(POLL.toNanos());
      runtime.tick();
    }

    List<ChargeEvent> events() {
      EventCodec codec = EventCodec.standard();
      return journal.readStream("bay-w1", 1).stream().map(codec::decode).toList();
    }

    @Override
    public void close() {
      stall.releaseAll();
      watchdog.close();
      runtime.close();
      journal.close();
      bench.close();
    }
  }

  @Test
  void a_journal_append_that_blocks_is_cut_on_both_paths_and_recorded_when_the_loop_returns()
      throws Exception {
    stalledLoopIsCut(Kind.JOURNAL);
  }

  @Test
  void a_decider_that_spins_is_cut_on_both_paths_and_recorded_when_the_loop_returns()
      throws Exception {
    stalledLoopIsCut(Kind.DECIDER);
  }

  @Test
  void a_device_call_that_never_returns_is_cut_on_both_paths_and_recorded_when_the_loop_returns()
      throws Exception {
    stalledLoopIsCut(Kind.DEVICE);
  }

  private void stalledLoopIsCut(Kind kind) throws Exception {
    try (Rig rig = new Rig(kind)) {
      for (int i = 0;
          i < 100 && !(rig.runtime.state().phase().charging() && rig.runtime.state().outputOn());
          i++) {
        rig.tick();
      }
      for (int i = 0; i < 5; i++) {
        rig.tick();
      }
      assertThat(rig.runtime.state().phase().charging()).isTrue();
      assertThat(rig.bench.supply().register(RD60XX_OUTPUT))
          .as("output on while charging")
          .isEqualTo(1);
      rig.stall.armed.set(true);
      // the loop runs until it reaches the armed call (the next append, decision or supply read)
      Thread loop =
          new Thread(
              () -> {
                for (int i = 0; i < 50_000 && rig.stall.entered.getCount() > 0; i++) {
                  rig.tick();
                }
              },
              "stalled-loop");
      loop.start();
      assertThat(rig.stall.entered.await(60, TimeUnit.SECONDS))
          .as("the loop reached the stall")
          .isTrue();
      // the bound runs from the last progress, or from the start of the device call that hangs
      long lastCycle =
          kind == Kind.DEVICE
              ? rig.runtime.deviceCallSinceNanos()
              : rig.runtime.lastProgressNanos();
      assertThat(lastCycle).isPositive();
      assertThat(rig.runtime.outputMayBeOn()).isTrue();

      rig.nanos.set(lastCycle + 1_000_000_000L);
      assertThat(rig.watchdog.check()).as("at exactly 1 s: not yet stalled").isZero();
      rig.nanos.set(lastCycle + 1_000_000_001L);
      assertThat(rig.watchdog.check()).as("1 ns past the limit").isEqualTo(1);

      assertThat(rig.bench.supply().register(RD60XX_OUTPUT))
          .as("supply output, cut by the watchdog")
          .isZero();
      assertThat(rig.bench.bay().snapshot().chargeFet()).as("BMS charge MOSFET").isFalse();
      assertThat(rig.watchdog.check()).as("both paths confirmed: not cut again").isZero();
      assertThat(rig.events()).noneMatch(CutOff.class::isInstance);

      rig.stall.releaseAll();
      loop.join(30_000);
      assertThat(loop.isAlive()).isFalse();
      rig.tick();

      List<ChargeEvent> events = rig.events();
      List<CutOff> cuts =
          events.stream().filter(CutOff.class::isInstance).map(CutOff.class::cast).toList();
      assertThat(cuts).hasSize(1);
      CutOff cut = cuts.get(0);
      assertThat(cut.reason()).isEqualTo(CutOffReason.LOOP_STALLED);
      assertThat(cut.detail())
          .contains(
              kind == Kind.DEVICE
                  ? "inside one device call for 1000 ms (deadline 1000 ms)"
                  : "(limit 1000 ms)");
      assertThat(cut.actions())
          .startsWith(
              "watchdog supply-output-off: confirmed", "watchdog bms-charge-fet-off: confirmed");
      assertThat(events.get(events.indexOf(cut) + 1)).isInstanceOf(FaultLatched.class);
      assertThat(rig.runtime.state().phase()).isEqualTo(Phase.FAULT);
      // what the stalled cycle went on to do did not switch anything back on
      assertThat(rig.bench.supply().register(RD60XX_OUTPUT)).isZero();
      for (int i = 0; i < 10; i++) {
        rig.tick();
      }
      assertThat(rig.bench.supply().register(RD60XX_OUTPUT)).isZero();
      assertThat(rig.bench.bay().snapshot().chargeFet()).isFalse();
      assertThat(rig.events()).hasSize(events.size());
    }
  }

  @Test
  void a_bay_without_a_bms_is_cut_on_its_supply_and_its_bms_path_is_not_available_not_failed()
      throws Exception {
    try (Rig rig = new Rig(Kind.DECIDER, true)) {
      for (int i = 0;
          i < 100 && !(rig.runtime.state().phase().charging() && rig.runtime.state().outputOn());
          i++) {
        rig.tick();
      }
      assertThat(rig.runtime.state().phase().charging())
          .as(rig.runtime.status().toString())
          .isTrue();
      rig.stall.armed.set(true);
      Thread loop =
          new Thread(
              () -> {
                for (int i = 0; i < 50_000 && rig.stall.entered.getCount() > 0; i++) {
                  rig.tick();
                }
              },
              "stalled-loop");
      loop.start();
      assertThat(rig.stall.entered.await(60, TimeUnit.SECONDS)).isTrue();
      rig.nanos.set(rig.runtime.lastProgressNanos() + 1_000_000_001L);
      assertThat(rig.watchdog.check()).as("1 ns past the limit").isEqualTo(1);
      assertThat(rig.bench.supply().register(RD60XX_OUTPUT)).isZero();
      assertThat(rig.watchdog.check())
          .as("the supply confirmed and no BMS path to retry: not cut again")
          .isZero();

      rig.stall.releaseAll();
      loop.join(30_000);
      assertThat(loop.isAlive()).isFalse();
      rig.tick();
      CutOff cut =
          rig.events().stream()
              .filter(CutOff.class::isInstance)
              .map(CutOff.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(cut.reason()).isEqualTo(CutOffReason.LOOP_STALLED);
      assertThat(cut.actions())
          .startsWith(
              "watchdog supply-output-off: confirmed",
              "watchdog bms-charge-fet-off: not available: no BMS on this bay (bms.family=none)");
      assertThat(cut.paths())
          .filteredOn(p -> p.path().endsWith("bms-charge-fet-off"))
          .isNotEmpty()
          .allMatch(p -> p.result() == PathOutcome.Result.NOT_AVAILABLE);
      assertThat(rig.runtime.failedCutPaths()).isEmpty();
    }
  }

  @Test
  void an_idle_bay_whose_loop_stalls_is_left_alone() {
    try (Rig rig = new Rig(Kind.JOURNAL)) {
      LoopWatchdog idle =
          new LoopWatchdog(
              List.of(
                  new LoopWatchdog.Watched(
                      rig.runtime,
                      new DeviceEmergencyPaths(rig::supply, rig::bms),
                      Duration.ofSeconds(1))),
              Duration.ofSeconds(1),
              rig.nanos::get,
              new DirectExecutor());
      rig.nanos.addAndGet(60_000_000_000L);
      assertThat(rig.runtime.outputMayBeOn()).isFalse();
      assertThat(idle.check()).isZero();
      idle.close();
    }
  }

  @Test
  void the_stall_rule_at_its_limit_and_one_nanosecond_either_side() {
    long limit = 1_000_000_000L;
    long deadline = 3_000_000_000L;
    assertThat(LoopWatchdog.stalledForNanos(5 + limit - 1, 5, -1, 0, limit, deadline, true))
        .isEqualTo(-1);
    assertThat(LoopWatchdog.stalledForNanos(5 + limit, 5, -1, 0, limit, deadline, true))
        .isEqualTo(-1);
    assertThat(LoopWatchdog.stalledForNanos(5 + limit + 1, 5, -1, 0, limit, deadline, true))
        .isEqualTo(limit + 1);
    assertThat(LoopWatchdog.stalledForNanos(5 + limit + 1, 5, -1, 0, limit, deadline, false))
        .as("output off: never")
        .isEqualTo(-1);
    assertThat(LoopWatchdog.stalledForNanos(limit + 1, -1, -1, 0, limit, deadline, true))
        .as("a loop that never made progress counts from the watchdog's start")
        .isEqualTo(limit + 1);
    assertThat(LoopWatchdog.stalledForNanos(7 + deadline, 5, 7, 0, limit, deadline, true))
        .as("inside a device call: progress until the device's deadline")
        .isEqualTo(-1);
    assertThat(LoopWatchdog.stalledForNanos(7 + deadline + 1, 5, 7, 0, limit, deadline, true))
        .isEqualTo(deadline + 1);
  }

  /** Runs each cut on the caller's thread, so that the test sees it done when check() returns. */
  static final class DirectExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  /** A journal whose next append, once armed, blocks. */
  static final class StallingStore implements EventStore {
    private final EventStore delegate;
    private final Stall stall;

    StallingStore(EventStore delegate, Stall stall) {
      this.delegate = delegate;
      this.stall = stall;
    }

    @Override
    public List<EventEnvelope> append(
        String streamId, ExpectedVersion expected, List<ChargeEvent> events) {
      stall.block();
      return delegate.append(streamId, expected, events);
    }

    @Override
    public List<EventEnvelope> readStream(String streamId, long fromSequence) {
      return delegate.readStream(streamId, fromSequence);
    }

    @Override
    public List<EventEnvelope> readAll(long afterPosition, int limit) {
      return delegate.readAll(afterPosition, limit);
    }

    @Override
    public List<String> streamIds() {
      return delegate.streamIds();
    }

    @Override
    public long streamVersion(String streamId) {
      return delegate.streamVersion(streamId);
    }

    @Override
    public void close() {}
  }

  /** A supply whose next read, once armed, never returns until released. */
  static final class StallingSupply implements SupplyDriver {
    private final SupplyDriver delegate;
    private final Stall stall;

    StallingSupply(SupplyDriver delegate, Stall stall) {
      this.delegate = delegate;
      this.stall = stall;
    }

    @Override
    public SupplyReading read() throws SupplyException {
      stall.block();
      return delegate.read();
    }

    @Override
    public void apply(SupplySetpoint setpoint) throws SupplyException {
      delegate.apply(setpoint);
    }

    @Override
    public void outputOff() throws SupplyException {
      delegate.outputOff();
    }

    @Override
    public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
      delegate.setProtection(ovpMillivolts, ocpMilliamps);
    }

    @Override
    public SupplyCapabilities capabilities() {
      return delegate.capabilities();
    }

    @Override
    public java.util.Optional<SupplyCapabilities> knownCapabilities() {
      return delegate.knownCapabilities();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
