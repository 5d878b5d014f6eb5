package org.chargebay.bay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.SleepSettings;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.jbd.JbdResponder;
import org.chargebay.simulator.serial.StreamEmulator;
import org.chargebay.supply.ModbusConnections;
import org.jspecify.annotations.Nullable;

/**
 * A simulated bay on loopback (real Modbus TCP, real JBD frames over TCP, a real SQLite journal)
 * driven tick by tick on a virtual clock. The supply and the BMS are opened as a configured bay
 * opens them ({@link ModbusConnections#open}, {@link BmsClients#open}).
 */
final class BenchHarness implements AutoCloseable {
  static final ChargeProfile DEMO_PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  static final Duration POLL = Duration.ofMillis(200);

  /** The default of {@code chargebay.bays.<id>.bms.timeout}. */
  static final Duration BMS_TIMEOUT = Duration.ofMillis(300);

  final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final SimulatedBench bench;

  /**
   * The fault-injecting JBD emulator serving the bay's BMS instead of the bench's, or null (see
   * {@link #withFaultInjectingBms}).
   */
  final @Nullable StreamEmulator faultyBms;

  final String bmsUrl;
  final Path journal;
  final List<BaySample> samples = Collections.synchronizedList(new ArrayList<>());
  EventStore store;
  BayRuntime runtime;
  private BmsClient bmsClient;

  final String bayId;
  final ChargeProfile profile;

  /** How the bay sleeps after a completed charge; null: it does not (see {@link #sleeping}). */
  @Nullable SleepSettings sleep;

  /** The decider's tuning; null: the defaults. */
  org.chargebay.session.@Nullable DeciderSettings decider;

  BenchHarness(Path dir, PackModel pack) {
    this(dir, pack, "demo-1");
  }

  /** A bay with its own id; harnesses given the same {@code dir} share one journal file. */
  BenchHarness(Path dir, PackModel pack, String bayId) {
    this(dir, pack, bayId, false, DEMO_PROFILE);
  }

  /** The demo bay charging to another profile (another chemistry, series count or current). */
  BenchHarness(Path dir, PackModel pack, ChargeProfile profile) {
    this(dir, pack, "demo-1", false, profile);
  }

  private BenchHarness(
      Path dir, PackModel pack, String bayId, boolean faultInjectingBms, ChargeProfile profile) {
    this.bayId = bayId;
    this.profile = profile;
    this.bench = SimulatedBench.start(clock, pack);
    if (faultInjectingBms) {
      try {
        this.faultyBms = StreamEmulator.onTcp(new JbdResponder(), bench.bay(), clock);
      } catch (IOException e) {
        bench.close();
        throw new UncheckedIOException(e);
      }
      this.bmsUrl = "tcp://127.0.0.1:" + faultyBms.port();
    } else {
      this.faultyBms = null;
      this.bmsUrl = bench.bmsUrl();
    }
    this.journal = dir.resolve("chargebay.db");
    this.store = SqliteEventStore.open(journal);
    this.runtime = newRuntime(true);
  }

  /**
   * A bay whose BMS is the same simulated pack served by the JBD responder on a {@link
   * StreamEmulator}, whose {@link StreamEmulator#faults()} include MOSFET commands ignored.
   */
  static BenchHarness withFaultInjectingBms(Path dir, PackModel pack) {
    return new BenchHarness(dir, pack, "demo-1", true, DEMO_PROFILE);
  }

  /** A bay that sleeps and tops up after a completed charge as {@code sleep} says. */
  static BenchHarness sleeping(Path dir, PackModel pack, SleepSettings sleep) {
    BenchHarness h = new BenchHarness(dir, pack);
    h.runtime.close();
    h.sleep = sleep;
    h.runtime = h.newRuntime(true);
    return h;
  }

  /**
   * One tick after the clock moved by the bay's poll interval, or by its slow poll while it sleeps
   * (as a scheduler with sleep would run it).
   */
  void tickAsScheduled() {
    SleepSettings s = sleep;
    clock.advance(s != null && runtime.state().asleep() ? s.slowPoll() : POLL);
    runtime.tick();
  }

  /** A JBD client as a configured bay with the default BMS settings opens it. */
  static BmsClient openBms(String url) {
    return BmsClients.open("jbd", url, BmsOptions.create(o -> o.responseTimeout(BMS_TIMEOUT)));
  }

  BayRuntime newRuntime(boolean autoStart) {
    BaySettings settings = BaySettings.of(bayId, profile, autoStart).withSleep(sleep);
    if (decider != null) {
      settings = settings.withDecider(decider);
    }
    bmsClient = openBms(bmsUrl);
    BayRuntime r =
        new BayRuntime(
            settings,
            clock,
            ModbusConnections.open(bench.supplyUrl(), 1, "auto", Duration.ofMillis(500)),
            bmsClient,
            store,
            EventCodec.standard(),
            BayRules.decider(settings));
    r.addListener(
        new BayListener() {
          @Override
          public void onSample(BaySample sample) {
            samples.add(sample);
          }
        });
    return r;
  }

  /**
   * Simulates a controller crash: the loop stops, nothing is shut down gracefully. Only the BMS
   * connection is dropped, as the operating system drops a dead process's sockets (clients of one
   * URL share one link, and the restarted bay must not inherit the crashed one's).
   */
  void crashAndRestart() {
    bmsClient.close();
    store.close();
    store = SqliteEventStore.open(journal);
    runtime = newRuntime(false);
  }

  void tick() {
    clock.advance(POLL);
    runtime.tick();
  }

  /** Ticks until the condition holds; fails after {@code maxSimulated}. */
  void runUntil(Predicate<BayRuntime> done, Duration maxSimulated) {
    long ticks = maxSimulated.toMillis() / POLL.toMillis();
    for (long i = 0; i < ticks; i++) {
      tick();
      if (done.test(runtime)) {
        return;
      }
    }
    throw new AssertionError(
        "not done after " + maxSimulated + " simulated; status " + runtime.status());
  }

  List<ChargeEvent> events() {
    EventCodec codec = EventCodec.standard();
    return store.readStream("bay-" + bayId, 1).stream().map(codec::decode).toList();
  }

  List<EventEnvelope> envelopes() {
    return store.readStream("bay-" + bayId, 1);
  }

  @Override
  public void close() {
    runtime.close();
    store.close();
    if (faultyBms != null) {
      faultyBms.close();
    }
    bench.close();
  }
}
