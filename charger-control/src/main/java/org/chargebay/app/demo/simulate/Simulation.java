package org.chargebay.app.demo.simulate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRules;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.MemoryEventStore;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CutOff;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.StartRefused;
import org.chargebay.events.TopUpStarted;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.session.DeciderSettings;
import org.chargebay.session.SleepSettings;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.daly.DalyResponder;
import org.chargebay.simulator.jbd.JbdEmulator;
import org.chargebay.simulator.jk.JkResponder;
import org.chargebay.simulator.serial.StreamEmulator;
import org.chargebay.simulator.supply.EaEmulator;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.chargebay.supply.ModbusConnections;
import org.chargebay.supply.SupplyDriver;
import org.jspecify.annotations.Nullable;

/**
 * Runs one {@link Scenario}: the real {@link BayRuntime} (supervisor, decider, journal-then-act,
 * with an in-memory journal) polls an emulated supply and an emulated BMS on loopback, both serving
 * one {@link SimulatedBay}, on a {@link VirtualClock} advanced by one poll interval per tick
 * without waiting.
 */
public final class Simulation {
  /** The bay's id in the simulation's journal. */
  public static final String BAY_ID = "sim-1";

  /** Cell internal resistance of the simulated pack (parallel group), ohms. */
  static final double CELL_RESISTANCE_OHM = 0.030;

  /** The charge must end within this much simulated time, else the outcome is unfinished. */
  static final Duration CHARGE_LIMIT = Duration.ofHours(48);

  private static final Duration BMS_TIMEOUT = Duration.ofMillis(300);

  private Simulation() {}

  /** The supply models {@code --supply} accepts. */
  public static List<String> supplyModels() {
    List<String> names = new ArrayList<>();
    for (EmulatedModel m : EmulatedModel.values()) {
      if (m.name().startsWith("RD")) {
        names.add(m.name().toLowerCase(Locale.ROOT));
      }
    }
    names.add("ea");
    return names;
  }

  /** The BMS families {@code --bms} accepts. */
  public static List<String> bmsFamilies() {
    return List.of("jbd", "jk", "daly");
  }

  /** The simulator's resting-voltage curve for a chemistry. */
  static OcvCurve curve(String chemistry) {
    return switch (chemistry) {
      case "LFP" -> OcvCurve.lfp();
      case "LTO" -> OcvCurve.lto();
      default -> OcvCurve.nmc();
    };
  }

  /** The scenario's pack: the imbalance spread over the cells in an order the seed permutes. */
  static PackModel pack(Scenario s) {
    OcvCurve curve = curve(s.chemistry());
    int n = s.series();
    double mean = curve.volts(s.socPercent());
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = (i * 7 + 3) % n;
    }
    if (s.seed() != 0) {
      SplittableRandom random = new SplittableRandom(s.seed());
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = rank[i];
        rank[i] = rank[j];
        rank[j] = t;
      }
    }
    double[] soc = new double[n];
    for (int i = 0; i < n; i++) {
      double offset = n == 1 ? 0 : rank[i] / (double) (n - 1) - 0.5;
      soc[i] = curve.soc(mean + offset * s.imbalanceMillivolts() / 1000.0);
    }
    return new PackModel(curve, s.capacityAh(), CELL_RESISTANCE_OHM, soc);
  }

  /** Runs the scenario to its end (charge, then the rest) and reports. */
  public static SimulationResult run(Scenario s) {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    SimulatedBay bay = new SimulatedBay(clock, pack(s), new Faults());
    bay.setTemperatures(List.of(s.tempDeciCelsius(), s.tempDeciCelsius()));
    try (Devices devices = Devices.start(s, bay, clock)) {
      BaySettings settings =
          BaySettings.of(BAY_ID, s.profile(), true)
              .withDecider(
                  DeciderSettings.defaults().withRampDownSteps(DeciderSettings.RAMP_DOWN_STEPS));
      if (s.restHours() > 0) {
        settings =
            settings.withSleep(
                new SleepSettings(
                    SleepSettings.defaults().slowPoll(),
                    SleepSettings.defaults().wakeEvery(),
                    s.topUpDropMillivolts(),
                    SleepSettings.defaults().maxTopUps()));
      }
      bay.setSelfDischarge(s.selfDischargeMillivoltsPerDay());
      MemoryEventStore store = MemoryEventStore.empty(EventCodec.standard());
      List<ChargeEvent> events = new ArrayList<>();
      try (BayRuntime runtime =
          new BayRuntime(
              settings,
              clock,
              devices.supplyDriver,
              devices.bmsClient,
              store,
              EventCodec.standard(),
              BayRules.decider(settings))) {
        runtime.addListener(
            new BayListener() {
              @Override
              public void onEvents(
                  String bayId, List<EventEnvelope> stored, List<ChargeEvent> recorded) {
                events.addAll(recorded);
              }
            });
        Instant start = clock.instant();
        Duration poll = settings.pollInterval();
        List<Scenario.FaultAt> pending = new ArrayList<>(s.faults());
        ChargeEvent end = null;
        while (end == null
            && Duration.between(start, clock.instant()).compareTo(CHARGE_LIMIT) < 0) {
          clock.advance(poll);
          injectDue(pending, start, clock.instant(), bay);
          runtime.tick();
          end = ending(events, runtime);
        }
        double duration = Duration.between(start, clock.instant()).toMillis() / 1000.0;
        if (end instanceof ChargeCompleted && s.restHours() > 0) {
          rest(s, runtime, clock, settings);
        }
        return report(end, bay, duration, events);
      }
    }
  }

  /**
   * The rest after the charge: the bay sleeps and wakes on its timers (top-ups included) for the
   * scenario's rest hours; while it sleeps the clock moves by its slow poll, otherwise by its poll.
   */
  private static void rest(
      Scenario s, BayRuntime runtime, VirtualClock clock, BaySettings settings) {
    Instant until = clock.instant().plusMillis((long) (s.restHours() * 3_600_000));
    SleepSettings sleep = java.util.Objects.requireNonNull(settings.sleep());
    while (clock.instant().isBefore(until) && runtime.state().phase() != Phase.FAULT) {
      clock.advance(runtime.state().asleep() ? sleep.slowPoll() : settings.pollInterval());
      runtime.tick();
    }
  }

  private static void injectDue(
      List<Scenario.FaultAt> pending, Instant start, Instant now, SimulatedBay bay) {
    pending.removeIf(
        f -> {
          if (now.isBefore(start.plusMillis((long) (f.minutes() * 60_000)))) {
            return false;
          }
          SimulatedFaults.of(f.name()).orElseThrow().inject(bay);
          return true;
        });
  }

  /** The event that ended the charge, or null while it runs. */
  private static @Nullable ChargeEvent ending(List<ChargeEvent> events, BayRuntime runtime) {
    for (ChargeEvent e : events) {
      if (e instanceof StartRefused || e instanceof CutOff || e instanceof ChargeCompleted) {
        return e;
      }
    }
    if (runtime.state().phase() == Phase.FAULT) {
      return events.isEmpty() ? null : events.get(events.size() - 1);
    }
    return null;
  }

  private static SimulationResult report(
      @Nullable ChargeEvent end, SimulatedBay bay, double duration, List<ChargeEvent> events) {
    String outcome;
    String reason = null;
    String detail = null;
    if (end instanceof ChargeCompleted) {
      outcome = "completed";
    } else if (end instanceof StartRefused r) {
      outcome = "refused";
      reason = r.reason().name();
      detail = r.detail();
    } else if (end instanceof CutOff c) {
      outcome = "cut_off";
      reason = c.reason().name();
      detail = c.detail();
    } else {
      outcome = "unfinished";
      detail = "the charge did not end within " + CHARGE_LIMIT.toHours() + " simulated hours";
    }
    var supply = bay.state();
    return new SimulationResult(
        outcome,
        reason,
        detail,
        round(bay.maxCellVoltsSeen(), 4),
        (int) Math.round(bay.pack().restingDeltaVolts() * 1000),
        duration,
        round(supply.ampHours(), 3),
        round(supply.wattHours(), 2),
        (int) events.stream().filter(TopUpStarted.class::isInstance).count(),
        null,
        null,
        null,
        null,
        events.stream().map(e -> e.getClass().getSimpleName()).toList());
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  /** The emulated supply and BMS on loopback and the controller's clients of them. */
  private static final class Devices implements AutoCloseable {
    final AutoCloseable supplyServer;
    final AutoCloseable bmsServer;
    final SupplyDriver supplyDriver;
    final BmsClient bmsClient;

    private Devices(
        AutoCloseable supplyServer,
        AutoCloseable bmsServer,
        SupplyDriver supplyDriver,
        BmsClient bmsClient) {
      this.supplyServer = supplyServer;
      this.bmsServer = bmsServer;
      this.supplyDriver = supplyDriver;
      this.bmsClient = bmsClient;
    }

    static Devices start(Scenario s, SimulatedBay bay, VirtualClock clock) {
      AutoCloseable supplyServer;
      int supplyPort;
      if (s.supply().equals("ea")) {
        EaEmulator ea = new EaEmulator(bay, Duration.ofSeconds(30));
        supplyServer = ea;
        supplyPort = ea.port();
      } else {
        ModbusSupplyEmulator rd =
            ModbusSupplyEmulator.tcp(
                bay, EmulatedModel.valueOf(s.supply().toUpperCase(Locale.ROOT)), 1);
        supplyServer = rd;
        supplyPort = rd.port();
      }
      AutoCloseable bmsServer;
      BmsOptions options;
      int bmsPort;
      try {
        switch (s.bms()) {
          case "jk" -> {
            StreamEmulator jk = StreamEmulator.onTcp(JkResponder.tlv(), bay, clock);
            bmsServer = jk;
            bmsPort = jk.port();
            options = BmsOptions.create(o -> o.protocol("tlv").responseTimeout(BMS_TIMEOUT));
          }
          case "daly" -> {
            StreamEmulator daly =
                StreamEmulator.onTcp(
                    new DalyResponder(true, BmsConventions.DEFAULTS.dalyCurrentSign()), bay, clock);
            bmsServer = daly;
            bmsPort = daly.port();
            options = BmsOptions.create(o -> o.address(0x40).responseTimeout(BMS_TIMEOUT));
          }
          default -> {
            JbdEmulator jbd = JbdEmulator.start(bay);
            bmsServer = jbd;
            bmsPort = jbd.port();
            options = BmsOptions.create(o -> o.responseTimeout(BMS_TIMEOUT));
          }
        }
      } catch (IOException e) {
        closeQuietly(supplyServer);
        throw new UncheckedIOException("cannot start the emulated BMS", e);
      }
      SupplyDriver driver =
          ModbusConnections.open(
              "modbus-tcp://127.0.0.1:" + supplyPort,
              1,
              s.supply().equals("ea") ? "EA" : "auto", // an EA unit is named, not detected
              Duration.ofMillis(500));
      BmsClient client = BmsClients.open(s.bms(), "tcp://127.0.0.1:" + bmsPort, options);
      return new Devices(supplyServer, bmsServer, driver, client);
    }

    @Override
    public void close() {
      closeQuietly(bmsServer);
      closeQuietly(supplyServer);
    }

    private static void closeQuietly(AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // a loopback emulator that fails to close leaks a port until the process ends
      }
    }
  }
}
