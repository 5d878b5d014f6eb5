package org.chargebay.packs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BaySettings;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.replay.PackHistory;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.ChargeDecider;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.NoisyBms;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.jbd.JbdEmulator;
import org.chargebay.simulator.supply.Rd60xxEmulator;
import org.chargebay.supply.ModbusConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One simulated pack charged on two bays in turn (real RD6018 and JBD emulators on loopback, a real
 * SQLite journal, a virtual clock): its BMS reports the same serial on both, so both sessions are
 * one pack's history, and each session's resistance estimate is within 20 % of the pack model's
 * resistance. The BMS measures like a real one ({@link NoisyBms}): Gaussian noise on the pack
 * voltage (8 mV), the cells (2 mV) and the flowing current (40 mA), then the JBD wire's 10 mV and
 * 10 mA quantisation, so the estimate is made from noisy readings, not the model's exact values.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PackHistoryIT {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  private static final Duration POLL = Duration.ofMillis(200);

  @TempDir Path dir;

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-02-01T08:00:00Z"));
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A bench whose BMS measures with noise: the supply sees the model, the BMS a noisy reading. */
  private record NoisyBench(SimulatedBay bay, Rd60xxEmulator supply, JbdEmulator bms)
      implements AutoCloseable {
    static NoisyBench start(VirtualClock clock, PackModel pack, long seed) throws Exception {
      SimulatedBay bay = new SimulatedBay(clock, pack, new Faults());
      Rd60xxEmulator supply = Rd60xxEmulator.start(bay, 1);
      JbdEmulator bms = JbdEmulator.start(new NoisyBms(bay, seed, 8, 2, 40), 0, pack.serial());
      return new NoisyBench(bay, supply, bms);
    }

    String supplyUrl() {
      return "modbus-tcp://127.0.0.1:" + supply.port();
    }

    String bmsUrl() {
      return "tcp://127.0.0.1:" + bms.port();
    }

    @Override
    public void close() {
      bms.close();
      supply.close();
    }
  }

  private BayRuntime bay(
      String id, NoisyBench bench, SqliteEventStore store, PackRecorder recorder) {
    BaySettings settings = BaySettings.of(id, PROFILE, false);
    BayRuntime runtime =
        new BayRuntime(
            settings,
            clock,
            ModbusConnections.open(bench.supplyUrl(), 1, "auto", Duration.ofMillis(500)),
            jbd(bench),
            store,
            EventCodec.standard(),
            new ChargeDecider(settings.decider()));
    open.add(runtime);
    BmsClient idClient = jbd(bench);
    open.add(idClient);
    runtime.addListener(
        recorder.observe(id, idClient::readHardwareId, () -> null, 2 * POLL.toMillis()));
    return runtime;
  }

  private static BmsClient jbd(NoisyBench bench) {
    return BmsClients.open(
        "jbd", bench.bmsUrl(), BmsOptions.create(o -> o.responseTimeout(Duration.ofMillis(300))));
  }

  private void tick(BayRuntime bay, int times) {
    for (int i = 0; i < times; i++) {
      clock.advance(POLL);
      bay.tick();
    }
  }

  /** Idle polls, a start, a minute of charging, a stop and the polls after it. */
  private void session(BayRuntime bay, String sessionId) throws Exception {
    tick(bay, 3);
    var started = bay.start(sessionId, PROFILE);
    tick(bay, 1);
    assertThat(started.get())
        .extracting(e -> e.getClass().getSimpleName())
        .contains("ChargeStarted");
    tick(bay, 300);
    assertThat(bay.status().phase().charging()).as(bay.status().toString()).isTrue();
    var stopped = bay.stop("test", "pack moves to the other bay");
    tick(bay, 1);
    assertThat(stopped.get())
        .extracting(e -> e.getClass().getSimpleName())
        .contains("ChargeStopped");
    tick(bay, 5);
  }

  @Test
  void two_sessions_of_one_pack_on_two_bays_are_one_pack_with_its_resistance() throws Exception {
    PackModel pack =
        PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 30.0, 40.0).withSerial("SIM-PACK-7");
    // one pack model: the pack itself moves from bay to bay; each BMS has its own noise
    NoisyBench benchA = NoisyBench.start(clock, pack, 7);
    open.add(benchA);
    NoisyBench benchB = NoisyBench.start(clock, pack, 11);
    open.add(benchB);
    SqliteEventStore store = SqliteEventStore.open(dir.resolve("chargebay.db"));
    open.add(store);
    PackRecorder recorder = new PackRecorder(store, Runnable::run);

    session(bay("east-1", benchA, store, recorder), "s-east");
    session(bay("west-4", benchB, store, recorder), "s-west");

    var packs = PackHistory.all(store, EventCodec.standard());
    assertThat(packs).containsOnlyKeys("SIM-PACK-7");
    PackHistory.Pack history = packs.get("SIM-PACK-7");
    assertThat(history.source()).isEqualTo("bms");
    assertThat(history.sessions())
        .extracting(PackHistory.PackSession::sessionId, PackHistory.PackSession::bayId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s-east", "east-1"),
            org.assertj.core.groups.Tuple.tuple("s-west", "west-4"));
    double model = pack.packResistanceMilliohms(); // 13 x 30 mOhm
    assertThat(model).isEqualTo(390.0, org.assertj.core.data.Offset.offset(1e-9));
    for (PackHistory.PackSession s : history.sessions()) {
      System.out.printf(
          "%s on %s: %d mOhm (model %.0f) from %s%n",
          s.sessionId(), s.bayId(), s.resistanceMilliohms(), model, s.measurements());
      assertThat(s.measurements())
          .extracting(PackHistory.Measurement::cause)
          .as(s.sessionId())
          .contains("current applied", "current removed");
      assertThat(s.resistanceMilliohms())
          .as("%s: estimate %s mOhm against the model's %s", s.sessionId(), s.measurements(), model)
          .isBetween((int) Math.floor(model * 0.8), (int) Math.ceil(model * 1.2));
      assertThat(s.outcome()).isEqualTo("STOPPED");
      assertThat(s.chargedMilliampHours()).isBetween(30L, 35L); // 2 A for a minute = 33 mAh
      assertThat(s.highestCellMillivolts()).isBetween(3500, 4150);
      assertThat(s.imbalanceMillivolts()).isBetween(1, 100);
    }
    assertThat(history.chargedMilliampHours())
        .isEqualTo(
            history.sessions().stream()
                .mapToLong(PackHistory.PackSession::chargedMilliampHours)
                .sum());
    assertThat(history.resistanceTrend()).hasSize(2).doesNotContainNull();
    assertThat(history.highestCellTrend().get(1))
        .as("the second session starts where the first left the pack")
        .isGreaterThanOrEqualTo(history.highestCellTrend().get(0));
  }
}
