package org.chargebay.app.demo.simulate;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRules;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.MemoryEventStore;
import org.chargebay.bay.NoBmsClient;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.transport.AntClient;
import org.chargebay.bms.transport.DalyClient;
import org.chargebay.bms.transport.JbdClient;
import org.chargebay.bms.transport.JkClient;
import org.chargebay.bms.transport.PortChannel;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.CutOff;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.StartRefused;
import org.chargebay.events.TopUpStarted;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.safety.SafetyLimits;
import org.chargebay.session.DeciderSettings;
import org.chargebay.session.NoBmsSettings;
import org.chargebay.session.SleepSettings;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.ant.AntResponder;
import org.chargebay.simulator.daly.DalyResponder;
import org.chargebay.simulator.jbd.JbdResponder;
import org.chargebay.simulator.jk.JkResponder;
import org.chargebay.simulator.serial.BmsResponder;
import org.chargebay.simulator.supply.EaEmulator;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.chargebay.simulator.supply.SupplyFaults;
import org.chargebay.supply.LazySupplyDriver;
import org.chargebay.supply.ModbusBus;
import org.chargebay.supply.ModbusSupplyDriver;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.ea.EaSupplyDriver;
import org.jspecify.annotations.Nullable;

/**
 * Runs one {@link Scenario}: the real {@link BayRuntime} (supervisor, decider, journal-then-act,
 * with an in-memory journal) polls an emulated supply and an emulated BMS over their real
 * protocols, wired in-process, both serving one {@link SimulatedBay}, on a {@link VirtualClock}
 * advanced by one poll interval per tick without waiting.
 */
public final class Simulation {
  /** The bay's id in the simulation's journal. */
  public static final String BAY_ID = "sim-1";

  /** Cell internal resistance of the simulated pack (parallel group), ohms. */
  static final double CELL_RESISTANCE_OHM = 0.030;

  /** The charge must end within this much simulated time, else the outcome is unfinished. */
  static final Duration CHARGE_LIMIT = Duration.ofHours(48);

  /**
   * The BMS clients' response timeout. In-process a board's reply is queued before its client
   * starts waiting, and a board that answers nothing fails the read at once ({@link
   * InProcessBmsLink}), so the timeout only keeps a loaded machine that stalls the controller's
   * thread for a while from being taken for a board that missed its reply: it is long.
   */
  private static final Duration BMS_TIMEOUT = Duration.ofSeconds(5);

  /** The supply's request timeout (a Riden's stock firmware needs 500 ms). */
  private static final Duration SUPPLY_TIMEOUT = Duration.ofMillis(500);

  /** An EA unit's TCP socket timeout, its default (register 10573). */
  private static final Duration EA_SOCKET_TIMEOUT = Duration.ofMillis(5000);

  /**
   * With faults, the simulation keeps polling this long after the charge ended, so that a cut that
   * follows a completion (an output that ignores "off") and every path's switching are seen.
   */
  static final Duration SETTLE = Duration.ofSeconds(10);

  /** The least settling time: enough for a cut's verification and retries. */
  static final Duration SETTLE_MIN = Duration.ofSeconds(1);

  /** Noise of the simulated BMS readings: each cell within +-2 mV, the current within +-20 mA. */
  static final int CELL_NOISE_MV = 2;

  static final int CURRENT_NOISE_MA = 20;

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
    names.add(EA_200V);
    return names;
  }

  /** {@code --supply ea-200v}: an EA PS 9200-50 2U (200 V / 50 A), for packs above 80 V. */
  public static final String EA_200V = "ea-200v";

  /** The BMS families {@code --bms} accepts. */
  public static List<String> bmsFamilies() {
    return List.of("jbd", "jk", "daly", "ant", NO_BMS);
  }

  /** {@code --bms none}: a pack without a smart BMS, charged on the supply alone. */
  public static final String NO_BMS = "none";

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
    return run(s, CHARGE_LIMIT);
  }

  /**
   * Runs the scenario with another limit on the charge's simulated time (a test that knows when a
   * fault must have been caught stops a controller that missed it early).
   */
  static SimulationResult run(Scenario s, Duration chargeLimit) {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    SimulatedBay bay = new SimulatedBay(clock, pack(s), new Faults());
    bay.setTemperatures(List.of(s.tempDeciCelsius(), s.tempDeciCelsius()));
    bay.setMeasurementNoise(s.seed() * 0x9E3779B97F4A7C15L + 1, CELL_NOISE_MV, CURRENT_NOISE_MA);
    boolean noBms = s.bms().equals(NO_BMS);
    if (noBms) {
      bay.withoutBms();
    }
    try (Devices devices = Devices.start(s, bay, clock)) {
      BaySettings settings =
          BaySettings.of(BAY_ID, s.profile(), true)
              .withDecider(
                  DeciderSettings.defaults().withRampDownSteps(DeciderSettings.RAMP_DOWN_STEPS));
      int limitMv =
          settings.limits().cellCeilingMillivolts() + settings.limits().cellMarginMillivolts();
      bay.watchHighestCellAbove(limitMv / 1000.0);
      if (noBms) {
        settings = settings.withNoBms(NoBmsSettings.defaults());
      } else if (s.restHours() > 0) {
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
      Recorded events = new Recorded();
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
                events.add(recorded);
              }
            });
        Instant start = clock.instant();
        Duration poll = settings.pollInterval();
        List<Scenario.FaultAt> pending = new ArrayList<>(s.faults());
        FaultClock faultClock = new FaultClock(s, settings);
        ChargeEvent end = null;
        while (end == null && Duration.between(start, clock.instant()).compareTo(chargeLimit) < 0) {
          clock.advance(poll);
          injectDue(pending, start, clock.instant(), devices.bench(s, bay), faultClock);
          runtime.tick();
          faultClock.sample(bay, clock.instant());
          end = events.ending(runtime);
        }
        double duration = Duration.between(start, clock.instant()).toMillis() / 1000.0;
        if (!s.faults().isEmpty() && end != null) {
          Instant ended = clock.instant();
          Duration atLeast =
              s.faults().stream().anyMatch(f -> f.name().equals("bms-reboot"))
                  ? SimulatedFaults.REBOOT_DOWNTIME.plus(SETTLE_MIN)
                  : SETTLE_MIN;
          while (Duration.between(ended, clock.instant()).compareTo(SETTLE) < 0
              && (bay.charging()
                  || Duration.between(ended, clock.instant()).compareTo(atLeast) < 0)) {
            clock.advance(poll);
            injectDue(pending, start, clock.instant(), devices.bench(s, bay), faultClock);
            runtime.tick();
            faultClock.sample(bay, clock.instant());
          }
          end = events.ending(runtime);
          for (ChargeEvent e : events.all) {
            if (e instanceof CutOff) {
              end = e; // a cut after a completion (e.g. an output that ignored "off") decides
              duration = Duration.between(start, ((CutOff) e).at()).toMillis() / 1000.0;
              break;
            }
          }
        } else if (end instanceof ChargeCompleted && s.restHours() > 0) {
          rest(s, runtime, clock, settings);
        }
        return report(end, bay, duration, events.all, faultClock.timings(bay, start));
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
      List<Scenario.FaultAt> pending,
      Instant start,
      Instant now,
      SimulatedFaults.Bench bench,
      FaultClock faultClock) {
    pending.removeIf(
        f -> {
          if (now.isBefore(start.plusMillis((long) (f.minutes() * 60_000)))) {
            return false;
          }
          SimulatedFaults.Fault fault = SimulatedFaults.of(f.name()).orElseThrow();
          fault
              .injection()
              .inject(
                  new SimulatedFaults.Bench(
                      bench.bay(), bench.supply(), bench.riden(), bench.scenario(), f.argument()));
          faultClock.injected(fault, now);
          return true;
        });
  }

  /**
   * Ground truth of the faults, from the simulated hardware: when each was injected, when the
   * primary one became observable, when the supply output and the charge MOSFET really went off.
   */
  static final class FaultClock {
    private final Scenario scenario;
    private final BaySettings settings;
    private SimulatedFaults.@Nullable Fault primary;
    private @Nullable Instant onset;
    private @Nullable Instant noTaperSince;
    private @Nullable Instant noTaperHolds;
    private double noTaperAmps;

    FaultClock(Scenario scenario, BaySettings settings) {
      this.scenario = scenario;
      this.settings = settings;
    }

    void injected(SimulatedFaults.Fault fault, Instant at) {
      boolean secondary = fault.kind() == SimulatedFaults.Kind.FET_IGNORED;
      if (primary == null || (primary.kind() == SimulatedFaults.Kind.FET_IGNORED && !secondary)) {
        primary = fault;
        onset = at;
      }
    }

    /**
     * After each tick: watches the true current and cells for a missing taper, as the no-taper rule
     * defines it: once the highest true cell is within the band of the ceiling, the current must
     * fall below a fraction of the current it had then within the window.
     */
    void sample(SimulatedBay bay, Instant now) {
      if (primary == null || primary.kind() != SimulatedFaults.Kind.NO_TAPER) {
        return;
      }
      SafetyLimits limits = settings.limits();
      SafetyLimits.Rules rules = rules();
      double amps = bay.state().outAmps();
      boolean atCeiling =
          bay.maxCellVolts() * 1000
              >= limits.cellCeilingMillivolts() - rules.ceilingBandMillivolts();
      if (noTaperSince == null) {
        if (atCeiling && amps > 0) {
          noTaperSince = now;
          noTaperAmps = amps;
        }
      } else if (noTaperHolds == null) {
        if (amps * 1000 < noTaperAmps * rules.noTaperPermille()) {
          noTaperSince = null; // it tapered
        } else if (Duration.between(noTaperSince, now).toMillis() >= rules.noTaperWindowMillis()) {
          noTaperHolds = noTaperSince.plusMillis(rules.noTaperWindowMillis());
        }
      }
    }

    /** The session's rule thresholds (the defaults for its profile when it has none). */
    private SafetyLimits.Rules rules() {
      SafetyLimits limits = settings.limits();
      SafetyLimits.Rules rules = limits.rules();
      return rules != null
          ? rules
          : SafetyLimits.Rules.defaults(
              scenario.series() * limits.cellCeilingMillivolts(),
              scenario.profile().chargeCurrentMilliamps());
    }

    /** The instant the primary fault became observable by the rule meant to catch it. */
    @Nullable Instant violation(SimulatedBay bay) {
      if (primary == null || onset == null) {
        return null;
      }
      return switch (primary.kind()) {
        case OVER_VOLTAGE -> bay.cellFirstAbove();
        case COMMUNICATION, FROZEN, WRONG_PACK -> onset;
        case OUTPUT_IGNORES_OFF -> bay.firstIgnoredOff();
        case OVER_TEMPERATURE -> {
          Integer max = settings.limits().maxChargeDeciCelsius();
          if (max == null) {
            yield null;
          }
          // the true temperature passes the maximum (a BMS that reports whole degrees shows it
          // up to a degree later)
          double deci = max - scenario.tempDeciCelsius();
          yield onset.plusMillis((long) Math.ceil(deci / (10 / 60.0) * 1000));
        }
        case NO_TAPER -> noTaperHolds;
        case FLAPPING ->
            onset.plus(SimulatedFaults.FLAPPING_PERIOD.multipliedBy(rules().flapToggles() - 1L));
        case NO_EFFECT, FET_IGNORED -> null;
      };
    }

    Timings timings(SimulatedBay bay, Instant start) {
      Instant violation = violation(bay);
      if (violation == null) {
        return new Timings(null, null, null, null);
      }
      Instant supplyOff = bay.outputOffSince(violation);
      Instant fetOff = bay.chargeFetOffSince(violation);
      Long supplyMs = supplyOff == null ? null : Duration.between(violation, supplyOff).toMillis();
      Long fetMs = fetOff == null ? null : Duration.between(violation, fetOff).toMillis();
      Long detection = supplyMs;
      if (fetMs != null && (detection == null || fetMs > detection)) {
        detection = fetMs;
      }
      return new Timings(
          Duration.between(start, violation).toMillis() / 1000.0, detection, supplyMs, fetMs);
    }
  }

  /** The fault timings of a report; all null without a violation. */
  record Timings(
      @Nullable Double violationAtSeconds,
      @Nullable Long detectionMillis,
      @Nullable Long supplyOffMillis,
      @Nullable Long bmsFetOffMillis) {}

  /** The events the runtime recorded, in order, and the first that ended the charge. */
  private static final class Recorded {
    final List<ChargeEvent> all = new ArrayList<>();
    private @Nullable ChargeEvent firstEnding;

    void add(List<ChargeEvent> recorded) {
      for (ChargeEvent e : recorded) {
        all.add(e);
        if (firstEnding == null
            && (e instanceof StartRefused
                || e instanceof CutOff
                || e instanceof ChargeCompleted
                || e instanceof ChargeStopped)) {
          firstEnding = e;
        }
      }
    }

    /** The event that ended the charge, or null while it runs. */
    @Nullable ChargeEvent ending(BayRuntime runtime) {
      if (firstEnding != null) {
        return firstEnding;
      }
      if (runtime.state().phase() == Phase.FAULT) {
        return all.isEmpty() ? null : all.get(all.size() - 1);
      }
      return null;
    }
  }

  private static SimulationResult report(
      @Nullable ChargeEvent end,
      SimulatedBay bay,
      double duration,
      List<ChargeEvent> events,
      Timings timings) {
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
    } else if (end instanceof ChargeStopped c) {
      outcome = "stopped";
      reason = "STOPPED_BY_" + c.by().toUpperCase(Locale.ROOT);
      detail = c.reason();
    } else {
      outcome = "unfinished";
      detail = "the charge did not end within the simulated time limit";
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
        timings.violationAtSeconds(),
        timings.detectionMillis(),
        timings.supplyOffMillis(),
        timings.bmsFetOffMillis(),
        end instanceof CutOff c ? c.actions() : null,
        events.stream().map(e -> e.getClass().getSimpleName()).toList());
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  /**
   * The emulated supply and BMS and the controller's clients of them, wired in-process ({@link
   * InProcessModbus}, {@link InProcessBmsLink}): the controller's real drivers and BMS clients
   * speak the real protocols to the real emulators, without sockets. The drivers' backoffs run on
   * the virtual clock, as the devices' own time would.
   */
  private static final class Devices implements AutoCloseable {
    final AutoCloseable supplyServer;
    final SupplyDriver supplyDriver;
    final BmsClient bmsClient;
    final SupplyFaults supplyFaults;
    final @Nullable ModbusSupplyEmulator riden;

    private Devices(
        AutoCloseable supplyServer,
        SupplyDriver supplyDriver,
        BmsClient bmsClient,
        SupplyFaults supplyFaults,
        @Nullable ModbusSupplyEmulator riden) {
      this.supplyFaults = supplyFaults;
      this.riden = riden;
      this.supplyServer = supplyServer;
      this.supplyDriver = supplyDriver;
      this.bmsClient = bmsClient;
    }

    static Devices start(Scenario s, SimulatedBay bay, VirtualClock clock) {
      AutoCloseable supplyServer;
      SupplyFaults supplyFaults;
      ModbusSupplyEmulator riden = null;
      InProcessModbus wire = new InProcessModbus();
      boolean ea = s.supply().equals("ea") || s.supply().equals(EA_200V);
      if (ea) {
        EaEmulator emulator =
            new EaEmulator(
                bay,
                s.supply().equals(EA_200V)
                    ? EaEmulator.Rating.PS_9200_50
                    : EaEmulator.Rating.PS_9080_120,
                wire.serverTransport());
        supplyServer = emulator;
        supplyFaults = emulator.faults();
      } else {
        ModbusSupplyEmulator rd =
            ModbusSupplyEmulator.on(
                bay,
                EmulatedModel.valueOf(s.supply().toUpperCase(Locale.ROOT)),
                1,
                wire.serverTransport());
        supplyServer = rd;
        supplyFaults = rd.faults();
        riden = rd.model() == EmulatedModel.RD6012P ? rd : null;
      }
      LongSupplier nanos =
          () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
          };
      ModbusBus bus =
          new ModbusBus(
              "simulated " + s.supply(),
              () ->
                  ModbusTcpClient.create(
                      wire.clientTransport(),
                      cfg -> {
                        cfg.requestTimeout = SUPPLY_TIMEOUT;
                        cfg.timeoutScheduler = wire;
                      }),
              ModbusBus.Policy.tcp(),
              nanos,
              nanoseconds -> {
                throw new IllegalStateException("a Modbus TCP bus without a gap never paces");
              });
      SupplyDriver driver =
          new LazySupplyDriver(
              () ->
                  ea
                      // an EA unit is named, not detected; its socket timeout as by default
                      ? EaSupplyDriver.connect(bus, EA_SOCKET_TIMEOUT)
                      : ModbusSupplyDriver.detect(bus, 1, "auto"),
              () -> {},
              nanos);
      BmsOptions options =
          switch (s.bms()) {
            case "jk" -> BmsOptions.create(o -> o.protocol("tlv").responseTimeout(BMS_TIMEOUT));
            case "ant" -> BmsOptions.create(o -> o.protocol("new").responseTimeout(BMS_TIMEOUT));
            case "daly" -> BmsOptions.create(o -> o.address(0x40).responseTimeout(BMS_TIMEOUT));
            default -> BmsOptions.create(o -> o.responseTimeout(BMS_TIMEOUT));
          };
      BmsClient client =
          switch (s.bms()) {
            case NO_BMS -> new NoBmsClient();
            case "jk" ->
                new JkClient(channel("jk", JkResponder.tlv(), bay), options, false, () -> {});
            case "ant" ->
                new AntClient(
                    channel("ant", AntResponder.newProtocol(BmsConventions.DEFAULTS), bay),
                    options,
                    false,
                    () -> {});
            case "daly" ->
                new DalyClient(
                    channel(
                        "daly",
                        new DalyResponder(true, BmsConventions.DEFAULTS.dalyCurrentSign()),
                        bay),
                    options,
                    () -> {});
            default -> new JbdClient(channel("jbd", new JbdResponder(), bay), options, () -> {});
          };
      return new Devices(supplyServer, driver, client, supplyFaults, riden);
    }

    private static PortChannel channel(String family, BmsResponder board, SimulatedBay bay) {
      return new PortChannel(new InProcessBmsLink(family, board, bay));
    }

    /** What a fault is thrown on (its argument is filled in per fault). */
    SimulatedFaults.Bench bench(Scenario s, SimulatedBay bay) {
      return new SimulatedFaults.Bench(bay, supplyFaults, riden, s, 0);
    }

    @Override
    public void close() {
      closeQuietly(bmsClient);
      closeQuietly(supplyServer);
    }

    private static void closeQuietly(AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing of an in-process device outlives the run
      }
    }
  }
}
