package org.chargebay.site;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.chargebay.bay.BayRules;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.MemoryEventStore;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.meter.Sdm630Reader;
import org.chargebay.planner.Policy;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.SupplyBackend;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.Sdm630Emulator;
import org.chargebay.supply.ModbusConnections;

/**
 * A depot on loopback, on one virtual clock: simulated bays (an RD6018 on Modbus TCP and a JBD BMS
 * each), an SDM630 emulator metering the site (other loads plus what the simulated supplies
 * deliver) and a {@link LocalSitePlanner} reading it through {@link Sdm630Reader}. Everything runs
 * on the test's thread, in the order a controller runs it: each poll the bay loops tick, the meter
 * is updated from the simulated devices and polled, then the queued plans are computed (the
 * planner's executor is a queue drained here).
 */
final class SiteRig implements AutoCloseable {
  static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  static final Duration POLL = Duration.ofSeconds(1);

  final VirtualClock clock = new VirtualClock(Instant.parse("2026-12-05T18:00:00Z"));
  final EventCodec codec = EventCodec.standard();
  final MemoryEventStore store = MemoryEventStore.empty(codec);
  final List<SimulatedBench> benches = new ArrayList<>();
  final List<BayRuntime> bays = new ArrayList<>();
  final Sdm630Emulator meter = new Sdm630Emulator();
  final Sdm630Reader reader;
  final LocalSitePlanner planner;
  private final ArrayDeque<Runnable> planQueue = new ArrayDeque<>();

  /** The site's other loads, kW. */
  double otherKw;

  /** While true the meter gives no reading (as a meter that stopped answering). */
  boolean meterDown;

  SiteRig(LocalSitePlanner.Settings settings, double otherKw) throws Exception {
    this.otherKw = otherKw;
    this.reader = Sdm630Reader.open("127.0.0.1", meter.port(), 1, Duration.ofMillis(500));
    Executor executor = planQueue::add;
    this.planner =
        new LocalSitePlanner(
            settings,
            clock,
            () -> {
              if (meterDown) {
                throw new IllegalStateException("meter not answering");
              }
              return reader.read().siteKw();
            },
            store,
            codec,
            executor);
  }

  static LocalSitePlanner.Settings settings(double capKw, double safeCapKw) {
    return new LocalSitePlanner.Settings(
        capKw, safeCapKw, 3, 10, 1, Policy.PLANNED, Duration.ofHours(12), 100, 10);
  }

  /** A bay with a 13S NMC pack of {@code ah} at {@code soc} %; starts charging on its own if so. */
  BayRuntime addBay(String id, double ah, double soc, boolean autoStart) {
    PackModel pack = PackModel.create(OcvCurve.nmc(), 13, ah, 0.030, soc, 20.0);
    SimulatedBench bench = SimulatedBench.start(clock, pack);
    bench.bay().setMeasurementNoise(id.hashCode(), 1, 0);
    BaySettings s = BaySettings.of(id, PROFILE, autoStart);
    BayRuntime r =
        new BayRuntime(
            s,
            clock,
            ModbusConnections.open(bench.supplyUrl(), 1, "auto", Duration.ofMillis(500)),
            BmsClients.open(
                "jbd",
                bench.bmsUrl(),
                // 20 bays on one loaded machine: a generous reply timeout
                BmsOptions.create(o -> o.responseTimeout(Duration.ofSeconds(1)))),
            store,
            codec,
            BayRules.decider(s));
    r.useSiteAllocations(planner);
    benches.add(bench);
    bays.add(r);
    return r;
  }

  /** What the simulated supplies deliver now, kW. */
  double chargersKw() {
    double w = 0;
    for (SimulatedBench b : benches) {
      SupplyBackend.SupplyState s = b.bay().state();
      if (s.outputOn()) {
        w += s.outVolts() * s.outAmps();
      }
    }
    return w / 1000;
  }

  /** Sets the meter to the site's power now (spread over the three phases); returns it, kW. */
  double meterNow() {
    double kw = otherKw + chargersKw();
    double perPhase = kw * 1000 / 3;
    for (int phase = 1; phase <= 3; phase++) {
      meter.setPhase(phase, 230, perPhase / 230, perPhase);
    }
    return kw;
  }

  /** The bays tick (the clock moved by a poll first). */
  void tickBays() {
    clock.advance(POLL);
    for (BayRuntime r : bays) {
      r.tick();
    }
  }

  /** The meter is polled by the planner (reading above the cap: the cut happens here). */
  void pollMeter() {
    planner.pollMeter();
  }

  /** The plans queued so far are computed. */
  void runPlans() {
    Runnable r;
    while ((r = planQueue.poll()) != null) {
      r.run();
    }
  }

  @Override
  public void close() throws Exception {
    for (BayRuntime r : bays) {
      r.close();
    }
    for (SimulatedBench b : benches) {
      b.close();
    }
    reader.close();
    meter.close();
  }
}
