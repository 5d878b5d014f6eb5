package org.chargebay.bay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.ChargeDecider;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.supply.ModbusConnections;

/**
 * Writes the golden recordings under {@code src/test/resources/replay/} that {@link
 * GoldenReplayTest} replays: each scenario runs a simulated bay (RD6018 and JBD emulators on
 * loopback, the production BMS client with MOSFET read-back, a real SQLite journal) on a virtual
 * clock and keeps its tick records and events exactly as written.
 *
 * <p>Not a test: run by hand, once, with the code whose decisions the recordings pin ({@code java
 * -cp ... org.chargebay.bay.GoldenRecorder <resources dir>}). A recording is never regenerated to
 * make a replay pass: a difference is a change of behaviour to explain.
 */
final class GoldenRecorder {
  static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  static final Duration POLL = Duration.ofMillis(200);

  /** One bay on its own bench, journal and tick log. */
  private static final class Rig implements AutoCloseable {
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T00:00:00Z"));
    final SimulatedBench bench;
    final EventStore store;
    final Path journal;
    final List<TickRecord> ticks = new ArrayList<>();
    BayRuntime runtime;

    Rig(Path dir, PackModel pack) throws IOException {
      bench = SimulatedBench.start(clock, pack);
      journal = Files.createTempDirectory(dir, "rig").resolve("chargebay.db");
      store = SqliteEventStore.open(journal);
      runtime = newRuntime(true);
    }

    BayRuntime newRuntime(boolean autoStart) {
      BaySettings settings = BaySettings.of("demo-1", PROFILE, autoStart);
      BayRuntime r =
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
      r.addListener(
          new BayListener() {
            @Override
            public void onTick(TickRecord record) {
              ticks.add(record);
            }
          });
      return r;
    }

    void tick() {
      clock.advance(POLL);
      runtime.tick();
    }

    void ticks(int n) {
      for (int i = 0; i < n; i++) {
        tick();
      }
    }

    void runUntil(Predicate<BayRuntime> done, int maxTicks) {
      for (int i = 0; i < maxTicks; i++) {
        tick();
        if (done.test(runtime)) {
          return;
        }
      }
      throw new IllegalStateException("not done after " + maxTicks + " ticks: " + runtime.status());
    }

    /** A controller crash: the old runtime is dropped without a shutdown. */
    void crashAndRestart() {
      runtime = newRuntime(false);
    }

    void write(Path out, String source) throws IOException {
      Files.createDirectories(out);
      List<String> tickLines = ticks.stream().map(TickRecordJson::write).toList();
      ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
      List<String> eventLines = new ArrayList<>();
      for (EventEnvelope e : store.readStream("bay-demo-1", 1)) {
        eventLines.add(json.writeValueAsString(e));
      }
      Files.write(out.resolve("ticks.jsonl"), tickLines, StandardCharsets.UTF_8);
      Files.write(out.resolve("events.jsonl"), eventLines, StandardCharsets.UTF_8);
      Files.writeString(out.resolve("SOURCE.md"), source, StandardCharsets.UTF_8);
      System.out.println(
          out + ": " + tickLines.size() + " ticks, " + eventLines.size() + " events");
    }

    @Override
    public void close() {
      runtime.close();
      store.close();
      bench.close();
    }
  }

  /** One recording: what to run and where it goes. */
  private interface Scenario {
    void record(Path tmp, Path out, String commit) throws IOException;
  }

  private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("charge-complete", GoldenRecorder::chargeComplete);
    SCENARIOS.put("cut-off-acknowledged", GoldenRecorder::cutOffAcknowledged);
    SCENARIOS.put("bms-silent", GoldenRecorder::bmsSilent);
    SCENARIOS.put("restart-mid-charge", GoldenRecorder::restartMidCharge);
    SCENARIOS.put("cells-first-cut-off", GoldenRecorder::cellsFirstCutOff);
  }

  /**
   * {@code GoldenRecorder <resources dir> <commit> <scenario>...}: records the named scenarios (all
   * if none are named) into folders that do not exist yet; an existing recording is never written
   * over.
   */
  public static void main(String[] args) throws Exception {
    Path resources = Path.of(args[0]).resolve("replay");
    Path tmp = Files.createTempDirectory("golden");
    String commit = args.length > 1 ? args[1] : "(unknown)";
    List<String> names =
        args.length > 2 ? List.of(args).subList(2, args.length) : List.copyOf(SCENARIOS.keySet());
    for (String name : names) {
      Scenario scenario = SCENARIOS.get(name);
      if (scenario == null) {
        throw new IllegalArgumentException(
            "no scenario " + name + "; known: " + SCENARIOS.keySet());
      }
      Path out = resources.resolve(name);
      if (Files.exists(out)) {
        System.out.println(out + ": exists, not recorded again");
        continue;
      }
      scenario.record(tmp, out, commit);
    }
  }

  // A nearly full pack charged to completion: CC, CV, taper, complete, then idle polls.
  private static void chargeComplete(Path tmp, Path out, String commit) throws IOException {
    try (Rig rig = new Rig(tmp, PackModel.create(OcvCurve.nmc(), 13, 0.4, 0.030, 90.0, 40.0))) {
      rig.runUntil(r -> r.state().phase() == Phase.COMPLETE, 20_000);
      rig.ticks(5);
      rig.write(
          out,
          header(commit)
              + "A 13S NMC pack of 0.4 Ah cells at 90 % (cells 40 mV apart) auto-started at 4.15 V/cell,"
              + " 2 A, charged through CC and CV to completion on taper, then 5 idle polls.\n");
    }
  }

  // A supply that ignores its voltage setpoint: cell over-voltage cut-off on both paths, the
  // fault latched, acknowledged by an operator, and a second session with the supply behaving.
  private static void cutOffAcknowledged(Path tmp, Path out, String commit) throws IOException {
    try (Rig rig = new Rig(tmp, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 85.0, 40.0))) {
      rig.bench.faults().supplyIgnoresVoltageSetpoint(true);
      rig.runUntil(r -> r.state().phase() == Phase.FAULT, 40_000);
      rig.ticks(5);
      rig.bench.faults().supplyIgnoresVoltageSetpoint(false);
      rig.runtime.acknowledge("night-shift", "supply replaced");
      rig.ticks(3);
      rig.runtime.start("second-try", PROFILE);
      rig.ticks(3);
      rig.write(
          out,
          header(commit)
              + "A 13S NMC pack of 2.0 Ah cells at 85 % on an RD6018 that ignores its voltage setpoint:"
              + " cut off for cell over-voltage (both paths confirmed), fault latched, acknowledged by"
              + " an operator, and a second session started with the supply behaving again.\n");
    }
  }

  // A BMS that goes silent mid-charge: stale-data cut-off whose MOSFET path fails.
  private static void bmsSilent(Path tmp, Path out, String commit) throws IOException {
    try (Rig rig = new Rig(tmp, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 60.0, 40.0))) {
      rig.ticks(30);
      rig.bench.bmsSilent(true);
      rig.runUntil(r -> r.state().phase() == Phase.FAULT, 100);
      rig.ticks(3);
      rig.write(
          out,
          header(commit)
              + "A 13S NMC pack charging at 2 A whose JBD BMS stops answering after 30 polls: cut off"
              + " for stale BMS data; the charge MOSFET command goes unanswered (that path failed).\n");
    }
  }

  // A controller crash mid-charge: the restarted runtime holds the output off, suspends, resumes
  // after fresh telemetry, and an operator stops the session.
  private static void restartMidCharge(Path tmp, Path out, String commit) throws IOException {
    try (Rig rig = new Rig(tmp, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 60.0, 40.0))) {
      rig.ticks(40);
      rig.crashAndRestart();
      rig.ticks(20);
      rig.runtime.stop("ops", "end of shift");
      rig.ticks(3);
      rig.write(
          out,
          header(commit)
              + "A 13S NMC pack charging at 2 A; after 40 polls the controller crashes and a new"
              + " runtime starts on the same journal (output held off, ChargeSuspended, resumed after"
              + " fresh telemetry), and after 20 more polls an operator stops the session.\n");
    }
  }

  // Cycle revision 1: the supply that ignores its setpoint is cut on the cell check that runs
  // before the supply is read (both paths, then the supply read), and stays latched.
  private static void cellsFirstCutOff(Path tmp, Path out, String commit) throws IOException {
    try (Rig rig = new Rig(tmp, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 92.0, 40.0))) {
      rig.bench.faults().supplyIgnoresVoltageSetpoint(true);
      rig.runUntil(r -> r.state().phase() == Phase.FAULT, 40_000);
      rig.ticks(5);
      rig.write(
          out,
          header(commit)
              + "Cycle revision 1. A 13S NMC pack of 2.0 Ah cells at 92 % on an RD6018 that ignores its"
              + " voltage setpoint: the cell over-voltage is cut as soon as the BMS has answered, both"
              + " paths before the supply's read in the same tick, then 5 latched polls.\n");
    }
  }

  private static String header(String commit) {
    return "# source: recorded by GoldenRecorder at commit "
        + commit
        + "\n\nNever regenerate: these files pin the decisions of that code; `GoldenReplayTest`"
        + " replays them.\n\n";
  }
}
