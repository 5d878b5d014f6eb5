package org.chargebay.app.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.bay.BayRules;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BayScheduler;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.DeviceEmergencyPaths;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.supply.ModbusConnections;

/**
 * The demo bay {@value #ID}: a simulated 13S NMC pack ({@link SimulatedBench#demoPack()}) behind an
 * emulated RD6018 (Modbus TCP) and an emulated JBD BMS (its frames over TCP), both on loopback, on
 * a virtual clock that starts at the wall time. The bay charges to {@link #PROFILE} and starts by
 * itself. Its supply and BMS are opened as a configured bay's are, with the configuration's
 * defaults (supply model {@code auto}, unit 1, 500 ms; BMS family {@code jbd}, 300 ms), so that a
 * demo cut-off takes the same paths, read-back included.
 */
public final class DemoBay implements AutoCloseable {

  /** The demo bay's id; its stream is {@code bay-demo-1}. */
  public static final String ID = "demo-1";

  /** 13S NMC, 4.15 V per cell, 2 A, complete below 100 mA. */
  public static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  private final VirtualClock clock;
  private final SimulatedBench bench;
  private final BayRuntime runtime;

  private DemoBay(VirtualClock clock, SimulatedBench bench, BayRuntime runtime) {
    this.clock = clock;
    this.bench = bench;
    this.runtime = runtime;
  }

  /**
   * Starts the emulators on ephemeral loopback ports and builds the bay's runtime on {@code store}.
   * The bay does not tick until {@link #schedule} runs it.
   */
  public static DemoBay start(EventStore store, EventCodec codec) {
    VirtualClock clock = new VirtualClock(Instant.now());
    SimulatedBench bench = SimulatedBench.start(clock, SimulatedBench.demoPack());
    try {
      BaySettings settings = BaySettings.of(ID, PROFILE, true);
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
              codec,
              BayRules.decider(settings));
      return new DemoBay(clock, bench, runtime);
    } catch (RuntimeException e) {
      bench.close();
      throw e;
    }
  }

  /** The watchdog's own paths to the demo bay's emulated devices. */
  public DeviceEmergencyPaths emergencyPaths() {
    return new DeviceEmergencyPaths(
        () -> ModbusConnections.open(bench.supplyUrl(), 1, "auto", Duration.ofMillis(500)),
        () ->
            BmsClients.open(
                "jbd",
                bench.bmsUrl(),
                BmsOptions.create(o -> o.responseTimeout(Duration.ofMillis(300)))));
  }

  /** A client of the demo bay's emulated BMS, opened as the bay's own is. */
  public org.chargebay.bms.BmsClient openBms() {
    return BmsClients.open(
        "jbd", bench.bmsUrl(), BmsOptions.create(o -> o.responseTimeout(Duration.ofMillis(300))));
  }

  /** The demo bay's runtime. */
  public BayRuntime runtime() {
    return runtime;
  }

  /**
   * Starts ticking {@code bays} on the demo's virtual clock, advanced by the bay's poll interval
   * each round, at {@code speed} x real time.
   *
   * @throws IllegalArgumentException if {@code speed} is not above 0
   */
  public BayScheduler schedule(List<BayRuntime> bays, double speed) {
    return BayScheduler.simulated(bays, clock::advance, runtime.settings().pollInterval(), speed);
  }

  /** The simulated bench's fault switches (a stuck supply, ...), for tests of the whole app. */
  public Faults faults() {
    return bench.faults();
  }

  /** What runs where, for the start-up log: the bay, its pack and both emulators' URLs. */
  public String describe() {
    return "simulated 13S NMC bay '"
        + ID
        + "' (RD6018 at "
        + bench.supplyUrl()
        + ", JBD at "
        + bench.bmsUrl()
        + ")";
  }

  /** Stops both emulators (the runtime is closed by its owner). */
  @Override
  public void close() {
    bench.close();
  }
}
