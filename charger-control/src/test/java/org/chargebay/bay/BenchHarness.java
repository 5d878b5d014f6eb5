package org.chargebay.bay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.chargebay.bms.transport.JbdTcpClient;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.ChargeDecider;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.supply.ModbusConnections;

/**
 * A simulated bay on loopback (real Modbus TCP, real JBD frames over TCP, a real SQLite
 * journal) driven tick by tick on a virtual clock.
 */
final class BenchHarness implements AutoCloseable {
  static final ChargeProfile DEMO_PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  static final Duration POLL = Duration.ofMillis(200);

  final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final SimulatedBench bench;
  final Path journal;
  final List<BaySample> samples = Collections.synchronizedList(new ArrayList<>());
  EventStore store;
  BayRuntime runtime;

  final String bayId;

  BenchHarness(Path dir, PackModel pack) {
    this(dir, pack, "demo-1");
  }

  /** A bay with its own id; harnesses given the same {@code dir} share one journal file. */
  BenchHarness(Path dir, PackModel pack, String bayId) {
    this.bayId = bayId;
    this.bench = SimulatedBench.start(clock, pack);
    this.journal = dir.resolve("chargebay.db");
    this.store = SqliteEventStore.open(journal);
    this.runtime = newRuntime(true);
  }

  BayRuntime newRuntime(boolean autoStart) {
    BaySettings settings = BaySettings.of(bayId, DEMO_PROFILE, autoStart);
    BayRuntime r =
        new BayRuntime(
            settings,
            clock,
            ModbusConnections.open(bench.supplyUrl(), 1, "auto", Duration.ofMillis(500)),
            new JbdTcpClient("127.0.0.1", bench.bms().port(), Duration.ofMillis(300)),
            store,
            EventCodec.standard(),
            new ChargeDecider(settings.decider()));
    r.addListener(
        new BayListener() {
          @Override
          public void onSample(BaySample sample) {
            samples.add(sample);
          }
        });
    return r;
  }

  /** Simulates a controller crash: the loop stops, nothing is shut down gracefully. */
  void crashAndRestart() {
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
    bench.close();
  }
}
