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
import java.util.function.UnaryOperator;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteSampleLog;
import org.chargebay.session.ChargeDecider;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.jbd.JbdEmulator;
import org.chargebay.simulator.supply.JuntekEmulator;
import org.chargebay.simulator.supply.Rd60xxEmulator;
import org.chargebay.simulator.supply.WaveshareRelayEmulator;
import org.chargebay.supply.ModbusConnections;
import org.chargebay.supply.SupplyDriver;
import org.jspecify.annotations.Nullable;

/**
 * One simulated bay on loopback with a chosen supply emulator (RD6018 over Modbus TCP, JUNTEK
 * DPH8920 over its ASCII protocol, or a fixed charger on a Waveshare relay channel) and a JBD BMS,
 * a real SQLite journal and the tick recorder, driven tick by tick on a virtual clock. The devices
 * are opened as a configured bay opens them.
 */
final class SupplyBench implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(200);
  static final int RELAY_CHANNEL = 2;

  final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final SimulatedBay bay;
  final JbdEmulator bms;
  final @Nullable Rd60xxEmulator rd;
  final @Nullable JuntekEmulator juntek;
  final @Nullable WaveshareRelayEmulator relay;
  final String supplyUrl;
  final String model;
  final Path journal;
  final SqliteEventStore store;
  final SqliteSampleLog samples;
  final SampleRecorder recorder;
  final List<TickRecord> ticks = Collections.synchronizedList(new ArrayList<>());
  @Nullable BayRuntime runtime;

  private SupplyBench(Path dir, PackModel pack, String kind, double relayVolts, double relayAmps) {
    bay = new SimulatedBay(clock, pack, new Faults());
    try {
      bms = JbdEmulator.start(bay);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    switch (kind) {
      case "rd6018" -> {
        rd = Rd60xxEmulator.start(bay, 1);
        juntek = null;
        relay = null;
        supplyUrl = "modbus-tcp://127.0.0.1:" + rd.port();
        model = "auto";
      }
      case "juntek" -> {
        rd = null;
        juntek = JuntekEmulator.tcp(bay, 1);
        relay = null;
        supplyUrl = "dph-tcp://127.0.0.1:" + juntek.port();
        model = "auto";
      }
      default -> {
        rd = null;
        juntek = null;
        relay = new WaveshareRelayEmulator(bay, relayVolts, relayAmps, RELAY_CHANNEL, clock);
        supplyUrl =
            "modbus-tcp://127.0.0.1:"
                + relay.port()
                + "?channel="
                + RELAY_CHANNEL
                + "&charger_mv="
                + Math.round(relayVolts * 1000)
                + "&charger_ma="
                + Math.round(relayAmps * 1000)
                + "&pulse_ms=3000";
        model = "waveshare-relay";
      }
    }
    journal = dir.resolve("chargebay.db");
    store = SqliteEventStore.open(journal);
    samples = SqliteSampleLog.open(journal);
    recorder = new SampleRecorder(samples, Duration.ofDays(7));
  }

  static SupplyBench rd6018(Path dir, PackModel pack) {
    return new SupplyBench(dir, pack, "rd6018", 0, 0);
  }

  static SupplyBench juntek(Path dir, PackModel pack) {
    return new SupplyBench(dir, pack, "juntek", 0, 0);
  }

  /** A fixed {@code volts}/{@code amps} charger on relay channel {@value #RELAY_CHANNEL}. */
  static SupplyBench relay(Path dir, PackModel pack, double volts, double amps) {
    return new SupplyBench(dir, pack, "relay", volts, amps);
  }

  /** Builds the bay's runtime (recording every tick) with these settings. */
  BayRuntime start(BaySettings settings) {
    return start(settings, UnaryOperator.identity());
  }

  /** The same, with the supply driver wrapped (e.g. to make one call fail). */
  BayRuntime start(BaySettings settings, UnaryOperator<SupplyDriver> wrap) {
    BayRuntime r =
        new BayRuntime(
            settings,
            clock,
            wrap.apply(ModbusConnections.open(supplyUrl, 1, model, Duration.ofMillis(500))),
            BenchHarness.openBms("tcp://127.0.0.1:" + bms.port()),
            store,
            EventCodec.standard(),
            new ChargeDecider(settings.decider()));
    r.addListener(recorder);
    r.addListener(
        new BayListener() {
          @Override
          public void onTick(TickRecord tick) {
            ticks.add(tick);
          }
        });
    runtime = r;
    return r;
  }

  BayRuntime runtime() {
    BayRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("start(settings) first");
    }
    return r;
  }

  void tick() {
    clock.advance(POLL);
    runtime().tick();
  }

  void ticks(int n) {
    for (int i = 0; i < n; i++) {
      tick();
    }
  }

  /** Ticks until the condition holds; fails after {@code maxSimulated}. */
  void runUntil(Predicate<BayRuntime> done, Duration maxSimulated) {
    long n = maxSimulated.toMillis() / POLL.toMillis();
    for (long i = 0; i < n; i++) {
      tick();
      if (done.test(runtime())) {
        return;
      }
    }
    throw new AssertionError(
        "not done after " + maxSimulated + " simulated; status " + runtime().status());
  }

  List<EventEnvelope> envelopes() {
    return store.readStream("bay-" + runtime().id(), 1);
  }

  List<ChargeEvent> events() {
    EventCodec codec = EventCodec.standard();
    return envelopes().stream().map(codec::decode).toList();
  }

  /** Every device call of every tick so far. */
  List<IoCall> calls() {
    synchronized (ticks) {
      return ticks.stream().flatMap(t -> t.calls().stream()).toList();
    }
  }

  /** Closes the runtime and flushes the tick recorder (for a replay of the journal file). */
  void stopRecording() {
    BayRuntime r = runtime;
    if (r != null) {
      r.close();
      runtime = null;
    }
    recorder.close();
    if (recorder.droppedCount() != 0) {
      throw new AssertionError("the recorder dropped " + recorder.droppedCount() + " ticks");
    }
  }

  @Override
  public void close() {
    if (runtime != null) {
      runtime.close();
    }
    recorder.close();
    samples.close();
    store.close();
    bms.close();
    if (rd != null) {
      rd.close();
    }
    if (juntek != null) {
      juntek.close();
    }
    if (relay != null) {
      relay.close();
    }
  }
}
