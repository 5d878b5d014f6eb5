package org.chargebay.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.chargebay.bay.BayRules;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BayScheduler;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.DeviceEmergencyPaths;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.session.DeciderSettings;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.daly.DalyResponder;
import org.chargebay.simulator.jk.JkResponder;
import org.chargebay.simulator.serial.StreamEmulator;
import org.chargebay.simulator.supply.EaEmulator;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.chargebay.supply.ModbusConnections;
import org.chargebay.supply.SupplyDriver;

/**
 * The workshop demo: three simulated bays of different voltages charging at once on one virtual
 * clock that starts at the wall time, each pack behind an emulated supply and an emulated BMS on
 * loopback, opened as a configured bay's devices are (same drivers, same read-back), so that a demo
 * cut-off takes the same paths:
 *
 * <ul>
 *   <li>{@value #ID}: 13S NMC ({@link SimulatedBench#demoPack()}) on an RD6018 with a JBD BMS,
 *       {@link #PROFILE};
 *   <li>{@value #LFP_ID}: 16S LFP on an RD6024 with a JK BMS, {@link #LFP_PROFILE};
 *   <li>{@value #HIGH_VOLTAGE_ID}: 20S NMC (83 V) on an EA PS 9200-50 with a Daly BMS, {@link
 *       #HIGH_VOLTAGE_PROFILE}.
 * </ul>
 *
 * <p>Each charges to its chemistry's default ceiling and starts by itself.
 */
public final class DemoBay implements AutoCloseable {

  /** The first demo bay's id (13S NMC, RD6018, JBD); its stream is {@code bay-demo-1}. */
  public static final String ID = "demo-1";

  /** The 16S LFP bay (RD6024, JK). */
  public static final String LFP_ID = "demo-2";

  /** The 20S NMC bay at 83 V (EA PS 9200-50, Daly). */
  public static final String HIGH_VOLTAGE_ID = "demo-3";

  /** Every demo bay, in the order they run and are listed. */
  public static final List<String> IDS = List.of(ID, LFP_ID, HIGH_VOLTAGE_ID);

  /** 13S NMC, 4.15 V per cell, 2 A, complete below 100 mA. */
  public static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  /** 16S LFP, 3.55 V per cell (56.8 V), 2.5 A, complete below 125 mA. */
  public static final ChargeProfile LFP_PROFILE = new ChargeProfile("LFP", 16, 3550, 2500, 125);

  /** 20S NMC, 4.15 V per cell (83.0 V), 3 A, complete below 150 mA. */
  public static final ChargeProfile HIGH_VOLTAGE_PROFILE =
      new ChargeProfile("NMC", 20, 4150, 3000, 150);

  private static final Duration SUPPLY_TIMEOUT = Duration.ofMillis(500);
  private static final Duration BMS_TIMEOUT = Duration.ofMillis(300);

  /** One demo bay: its physics, its emulators, how the controller reaches them, its runtime. */
  private record Bench(
      String id,
      String description,
      SimulatedBay bay,
      List<AutoCloseable> emulators,
      Supplier<SupplyDriver> supply,
      Supplier<BmsClient> bms,
      BayRuntime runtime) {}

  private final VirtualClock clock;
  private final SimulatedBench first;
  private final List<Bench> benches;

  private DemoBay(VirtualClock clock, SimulatedBench first, List<Bench> benches) {
    this.clock = clock;
    this.first = first;
    this.benches = List.copyOf(benches);
  }

  /**
   * Starts the emulators on ephemeral loopback ports and builds the bays' runtimes on {@code
   * store}. The bays do not tick until {@link #schedule} runs them.
   */
  public static DemoBay start(EventStore store, EventCodec codec) {
    VirtualClock clock = new VirtualClock(Instant.now());
    SimulatedBench first = SimulatedBench.start(clock, SimulatedBench.demoPack());
    List<Bench> benches = new ArrayList<>();
    try {
      benches.add(
          bench(
              ID,
              "13S NMC on an RD6018 with a JBD",
              PROFILE,
              first.bay(),
              List.of(),
              first.supplyUrl(),
              "auto",
              "jbd",
              first.bmsUrl(),
              BmsOptions.create(o -> o.responseTimeout(BMS_TIMEOUT)),
              store,
              codec,
              clock));
      benches.add(lfpBench(clock, store, codec));
      benches.add(highVoltageBench(clock, store, codec));
      return new DemoBay(clock, first, benches);
    } catch (RuntimeException e) {
      for (Bench b : benches) {
        closeAll(b.emulators());
      }
      first.close();
      throw e;
    }
  }

  /** 16S LFP, 2.5 Ah cells of 30 mOhm near 30 %, 10 mV apart, on an RD6024 with a JK (TLV). */
  private static Bench lfpBench(VirtualClock clock, EventStore store, EventCodec codec) {
    SimulatedBay bay =
        new SimulatedBay(
            clock, PackModel.create(OcvCurve.lfp(), 16, 2.5, 0.030, 30.0, 10.0), new Faults());
    ModbusSupplyEmulator supply = ModbusSupplyEmulator.tcp(bay, EmulatedModel.RD6024, 1);
    StreamEmulator jk;
    try {
      jk = StreamEmulator.onTcp(JkResponder.tlv(), bay, clock);
    } catch (IOException e) {
      closeAll(List.of(supply));
      throw new UncheckedIOException("cannot start the JK emulator", e);
    }
    return bench(
        LFP_ID,
        "16S LFP on an RD6024 with a JK",
        LFP_PROFILE,
        bay,
        List.of(jk, supply),
        "modbus-tcp://127.0.0.1:" + supply.port(),
        "auto",
        "jk",
        "tcp://127.0.0.1:" + jk.port(),
        BmsOptions.create(o -> o.protocol("tlv").responseTimeout(BMS_TIMEOUT)),
        store,
        codec,
        clock);
  }

  /** 20S NMC, 3.0 Ah cells of 30 mOhm near 30 %, 40 mV apart, on an EA PS 9200-50 with a Daly. */
  private static Bench highVoltageBench(VirtualClock clock, EventStore store, EventCodec codec) {
    SimulatedBay bay =
        new SimulatedBay(
            clock, PackModel.create(OcvCurve.nmc(), 20, 3.0, 0.030, 30.0, 40.0), new Faults());
    EaEmulator ea = new EaEmulator(bay, Duration.ofSeconds(30), EaEmulator.Rating.PS_9200_50);
    StreamEmulator daly;
    try {
      daly =
          StreamEmulator.onTcp(
              new DalyResponder(true, BmsConventions.DEFAULTS.dalyCurrentSign()), bay, clock);
    } catch (IOException e) {
      closeAll(List.of(ea));
      throw new UncheckedIOException("cannot start the Daly emulator", e);
    }
    return bench(
        HIGH_VOLTAGE_ID,
        "20S NMC (83 V) on an EA PS 9200-50 with a Daly",
        HIGH_VOLTAGE_PROFILE,
        bay,
        List.of(daly, ea),
        "modbus-tcp://127.0.0.1:" + ea.port(),
        "EA", // an EA unit is named, not detected
        "daly",
        "tcp://127.0.0.1:" + daly.port(),
        BmsOptions.create(o -> o.address(0x40).responseTimeout(BMS_TIMEOUT)),
        store,
        codec,
        clock);
  }

  private static Bench bench(
      String id,
      String description,
      ChargeProfile profile,
      SimulatedBay bay,
      List<AutoCloseable> emulators,
      String supplyUrl,
      String supplyModel,
      String bmsFamily,
      String bmsUrl,
      BmsOptions bmsOptions,
      EventStore store,
      EventCodec codec,
      VirtualClock clock) {
    // real boards jitter: each cell +-1 mV (seeded per bay), so that a healthy demo never looks
    // like a frozen BMS at the end of its taper; the current is left exact for the demo's taper
    bay.setMeasurementNoise(id.hashCode(), 1, 0);
    Supplier<SupplyDriver> supply =
        () -> ModbusConnections.open(supplyUrl, 1, supplyModel, SUPPLY_TIMEOUT);
    Supplier<BmsClient> bms = () -> BmsClients.open(bmsFamily, bmsUrl, bmsOptions);
    try {
      BaySettings settings = BaySettings.of(id, profile, true);
      // a demo bay ends a charge as a configured one does: the current ramps down first
      settings =
          settings.withDecider(
              settings.decider().withRampDownSteps(DeciderSettings.RAMP_DOWN_STEPS));
      BayRuntime runtime =
          new BayRuntime(
              settings, clock, supply.get(), bms.get(), store, codec, BayRules.decider(settings));
      return new Bench(
          id,
          description + " (supply " + supplyUrl + ", BMS " + bmsUrl + ")",
          bay,
          emulators,
          supply,
          bms,
          runtime);
    } catch (RuntimeException e) {
      closeAll(emulators);
      throw e;
    }
  }

  private Bench bench(String id) {
    for (Bench b : benches) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    throw new IllegalArgumentException("no demo bay '" + id + "'; the demo bays are " + IDS);
  }

  /** The demo bays' clock (virtual, running as fast as the demo is paced). */
  public java.time.Clock clock() {
    return clock;
  }

  /** The watchdog's own paths to {@value #ID}'s emulated devices. */
  public DeviceEmergencyPaths emergencyPaths() {
    return emergencyPaths(ID);
  }

  /** The watchdog's own paths to a demo bay's emulated devices. */
  public DeviceEmergencyPaths emergencyPaths(String id) {
    Bench b = bench(id);
    return new DeviceEmergencyPaths(b.supply(), b.bms());
  }

  /** A client of {@value #ID}'s emulated BMS, opened as the bay's own is. */
  public BmsClient openBms() {
    return openBms(ID);
  }

  /** A client of a demo bay's emulated BMS, opened as the bay's own is. */
  public BmsClient openBms(String id) {
    return bench(id).bms().get();
  }

  /** {@value #ID}'s runtime. */
  public BayRuntime runtime() {
    return runtimes().get(0);
  }

  /** Every demo bay's runtime, in the order of {@link #IDS}. */
  public List<BayRuntime> runtimes() {
    return benches.stream().map(Bench::runtime).toList();
  }

  /** A demo bay's simulated pack and devices (its true cell voltages, for tests). */
  public SimulatedBay simulated(String id) {
    return bench(id).bay();
  }

  /**
   * Starts ticking {@code bays} on the demo's virtual clock, advanced by the bays' poll interval
   * each round, at {@code speed} x real time.
   *
   * @throws IllegalArgumentException if {@code speed} is not above 0
   */
  public BayScheduler schedule(List<BayRuntime> bays, double speed) {
    return BayScheduler.simulated(bays, clock::advance, runtime().settings().pollInterval(), speed);
  }

  /** {@value #ID}'s fault switches (a stuck supply, ...), for tests of the whole app. */
  public Faults faults() {
    return first.faults();
  }

  /** What runs where, for the start-up log: each bay, its pack and its emulators' URLs. */
  public String describe() {
    StringBuilder s = new StringBuilder("simulated bays");
    for (Bench b : benches) {
      s.append(" '").append(b.id()).append("': ").append(b.description()).append(';');
    }
    return s.substring(0, s.length() - 1);
  }

  /** Stops every emulator (the runtimes are closed by their owner). */
  @Override
  public void close() {
    for (Bench b : benches) {
      closeAll(b.emulators());
    }
    first.close();
  }

  private static void closeAll(List<AutoCloseable> emulators) {
    for (AutoCloseable c : emulators) {
      try {
        c.close();
      } catch (Exception e) {
        // a loopback emulator that fails to close leaks a port until the process ends
      }
    }
  }
}
