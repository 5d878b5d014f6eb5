package org.chargebay.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chargebay.events.BayConfigured;
import org.chargebay.events.BayDefinition;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteAuditLog;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;

/**
 * A controller restarted on a journal that holds bays configured through the API: three simulated
 * benches in real time on loopback. Bench {@code file} is bay {@code bench1} of the configuration
 * file; the journal (written before the app starts, as a previous run would have) configures bay
 * {@code j1} on bench {@code journal}, and bay {@code bench1} too, on bench {@code journal} at 4.10
 * V/cell: a clash the configuration file (4.15 V/cell) must win. Bench {@code spare} is free for a
 * bay the test adds ({@code test.spare.supply-url}, {@code test.spare.bms-url}). The journal also
 * holds the audit table of a release before the audit trail became journal events, with {@link
 * #LEGACY_AUDIT_ROWS} rows: the controller moves them into the stream {@code audit} once.
 */
public class SeededJournalResource implements QuarkusTestResourceLifecycleManager {
  static final Map<String, SimulatedBench> BENCHES = new HashMap<>();

  /** The rows of the seeded journal's audit table (written as an older release did). */
  static final int LEGACY_AUDIT_ROWS = 2;

  @Override
  public Map<String, String> start() {
    for (String name : List.of("file", "journal", "spare")) {
      BENCHES.put(
          name,
          SimulatedBench.start(
              Clock.systemUTC(), PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 40.0, 20.0)));
    }
    Path journal;
    try {
      Path dir = Files.createDirectories(Path.of("target", "test-data"));
      journal = Files.createTempFile(dir, "seeded-", ".db");
      Files.delete(journal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Instant before = Instant.now().minusSeconds(3600);
    try (SqliteEventStore store = SqliteEventStore.open(journal)) {
      List<ChargeEvent> events =
          List.of(
              new BayConfigured("j1", before, "admin", definition("journal", 4100)),
              new BayConfigured("bench1", before, "admin", definition("journal", 4100)));
      store.append(BayConfigured.STREAM, ExpectedVersion.noStream(), events);
    }
    try (SqliteAuditLog legacy = SqliteAuditLog.open(journal)) {
      legacy.append(
          new SqliteAuditLog.Entry(
              0, before, "admin", "192.0.2.7", "bay_configure", "j1", "done", "added"));
      legacy.append(
          new SqliteAuditLog.Entry(
              0,
              before.plusSeconds(1),
              "cli:root",
              "local",
              "user_added",
              "ana",
              "done",
              "role operator"));
    }
    SimulatedBench file = BENCHES.get("file");
    SimulatedBench spare = BENCHES.get("spare");
    return Map.of(
        "test.spare.supply-url", spare.supplyUrl(),
        "test.spare.bms-url", spare.bmsUrl(),
        "chargebay.demo.enabled", "false",
        "chargebay.journal.path", journal.toString(),
        "chargebay.bays.bench1.supply.url", file.supplyUrl(),
        "chargebay.bays.bench1.bms.url", file.bmsUrl(),
        "chargebay.bays.bench1.profile.cells", "13",
        "chargebay.bays.bench1.profile.cell-ceiling-volts", "4.15",
        "chargebay.bays.bench1.profile.current-amps", "2.0");
  }

  static BayDefinition definition(String bench, int ceilingMillivolts) {
    SimulatedBench b = BENCHES.get(bench);
    return new BayDefinition(
        new BayDefinition.Supply(b.supplyUrl(), 1, "auto", 500, false),
        new BayDefinition.Bms("jbd", b.bmsUrl(), 300, null, null, null),
        new ChargeProfile("NMC", 13, ceilingMillivolts, 2000, 100),
        200,
        false,
        20,
        800,
        true,
        null);
  }

  @Override
  public void stop() {
    BENCHES.values().forEach(SimulatedBench::close);
    BENCHES.clear();
  }
}
