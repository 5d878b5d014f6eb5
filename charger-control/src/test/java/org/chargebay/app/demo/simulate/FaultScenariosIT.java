package org.chargebay.app.demo.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.chargebay.events.ChargeProfile;
import org.chargebay.safety.SafetyLimits;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One end-to-end scenario per fault of {@link SimulatedFaults}: the real runtime against the
 * simulated pack behind emulated devices, at 200 ms polling on the virtual clock. Each fault runs
 * on every BMS family the simulation serves (JBD, JK, Daly, ANT), each family behind another supply
 * model, so that every fault meets at least two supply models (range-change exists on the RD6012P
 * only). ANT's boards have no charge-MOSFET command: where a fault's bound needs the BMS path
 * (output-ignores-off, bms-fet-ignored), the ANT runs assert what is left instead, and get rows of
 * their own in the table. Each scenario asserts the outcome, the reason and the fault's bound,
 * measured on the simulated hardware; the measured worst case per fault is written to {@code
 * target/fault-scenarios.md} for the README's scenario table.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FaultScenariosIT {
  static final int CEILING_MV = 4150;
  static final int MARGIN_MV = SafetyLimits.defaults(13, CEILING_MV, 2000).cellMarginMillivolts();

  /** A controller that missed a fault is stopped here rather than after 48 simulated hours. */
  static final Duration LIMIT = Duration.ofMinutes(45);

  /** The BMS family and the supply model of each scenario run. */
  static final List<List<String>> BENCHES =
      List.of(
          List.of("jbd", "rd6018"),
          List.of("jk", "ea"),
          List.of("daly", "rd6012p"),
          List.of("ant", "rd6006"));

  /**
   * The families whose protocol has no charge-MOSFET command (ANT's "new" boards): their BMS path
   * is "not available", so the supply path is the only one the controller can switch.
   */
  static final Set<String> NO_FET_COMMAND = Set.of("ant");

  /** The reasons each fault may be cut for (the rule meant to catch it), by fault. */
  static final Map<String, Set<String>> REASONS =
      Map.ofEntries(
          Map.entry(
              "stuck-cc",
              Set.of(
                  "CELL_OVER_VOLTAGE", "NO_TAPER", "SUPPLY_OVER_SETPOINT", "SUPPLY_BMS_MISMATCH")),
          Map.entry("output-ignores-off", Set.of("OUTPUT_NOT_OFF")),
          Map.entry("readback-lies", Set.of("SUPPLY_BMS_MISMATCH")),
          Map.entry("bms-frozen", Set.of("BMS_FROZEN")),
          Map.entry("bms-silent", Set.of("BMS_DROPOUT", "BMS_STALE")),
          Map.entry("bms-reboot", Set.of("BMS_DROPOUT", "BMS_STALE", "BMS_REBOOTED")),
          Map.entry("wrong-series", Set.of("CELL_COUNT_MISMATCH")),
          Map.entry(
              "miswire", Set.of("CELL_IMPLAUSIBLE", "PACK_SUM_IMPLAUSIBLE", "PACK_SUM_MISMATCH")),
          Map.entry("flapping", Set.of("BMS_ALARM", "ALARMS_FLAPPING")),
          Map.entry("overtemp", Set.of("OVER_TEMPERATURE", "BMS_ALARM")),
          Map.entry("soc-drift", Set.of()),
          Map.entry(
              "range-change",
              Set.of("SUPPLY_PROTECTION_TRIPPED", "OVER_CURRENT", "SETPOINT_MISMATCH")),
          Map.entry("supply-silent", Set.of("SUPPLY_STALE")),
          Map.entry("no-taper", Set.of("NO_TAPER")),
          Map.entry(
              "bms-fet-ignored",
              Set.of(
                  "CELL_OVER_VOLTAGE", "NO_TAPER", "SUPPLY_OVER_SETPOINT", "SUPPLY_BMS_MISMATCH")));

  /** The measured worst case per fault (the largest detection), for the table. */
  static final Map<String, String> WORST = new ConcurrentHashMap<>();

  static final Map<String, Long> WORST_MS = new ConcurrentHashMap<>();

  /**
   * One scenario: the fault at its minute on a bench.
   *
   * @param fault the fault's name
   * @param argument K of wrong-series, else 0
   * @param minutes when it is injected
   * @param bms the BMS family
   * @param supply the supply model
   */
  record Case(String fault, int argument, double minutes, String bms, String supply) {
    @Override
    public String toString() {
      return fault
          + (argument == 0 ? "" : "=" + argument)
          + "@"
          + minutes
          + " on "
          + bms
          + " + "
          + supply;
    }
  }

  static Stream<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (SimulatedFaults.Fault f : SimulatedFaults.all()) {
      for (List<String> bench : BENCHES) {
        String supply = f.name().equals("range-change") ? "rd6012p" : bench.get(1);
        if (f.name().equals("wrong-series")) {
          out.add(new Case(f.name(), 12, 0, bench.get(0), supply));
          out.add(new Case(f.name(), 16, 1, bench.get(0), supply));
        } else if (f.name().equals("miswire")) {
          out.add(new Case(f.name(), 0, 0, bench.get(0), supply));
          out.add(new Case(f.name(), 0, 1, bench.get(0), supply));
        } else {
          out.add(new Case(f.name(), 0, 1, bench.get(0), supply));
        }
      }
    }
    return out.stream();
  }

  /**
   * The demo pack near full (the ceiling is reached within minutes), with the case's faults.
   * soc-drift, which runs its charge twice (with and without the fault) to the end, starts nearer
   * full: the fault at minute 1 still meets CC, CV and the completion.
   */
  static Scenario scenario(Case c, int tempDeci) {
    List<Scenario.FaultAt> faults = new ArrayList<>();
    if (c.fault().equals("bms-fet-ignored")) {
      faults.add(new Scenario.FaultAt("bms-fet-ignored", 0));
      faults.add(new Scenario.FaultAt("stuck-cc", c.minutes()));
    } else {
      faults.add(new Scenario.FaultAt(c.fault(), c.minutes(), c.argument()));
    }
    return new Scenario(
        "NMC",
        13,
        2.0,
        c.fault().equals("soc-drift") ? 92 : 85,
        40,
        c.bms(),
        c.supply(),
        new ChargeProfile("NMC", 13, CEILING_MV, 2000, 100),
        tempDeci,
        0,
        0,
        50,
        faults,
        7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void every_fault_is_caught_by_its_rule_within_its_bound(Case c) {
    SimulatedFaults.Fault fault = SimulatedFaults.of(c.fault()).orElseThrow();
    int temp = c.fault().equals("overtemp") ? 430 : 250; // 43 degC: 45 degC two minutes later
    SimulationResult r = Simulation.run(scenario(c, temp), LIMIT);
    String what = c + ": " + timing(r) + ", " + r.detail() + ", paths " + r.paths();
    int limitMv = CEILING_MV + MARGIN_MV;
    assertThat(r.maxCellVolts() * 1000).as(what).isLessThanOrEqualTo(limitMv + 10);
    switch (fault.kind()) {
      case NO_EFFECT -> {
        Scenario clean =
            scenario(c, temp)
                .withFaults(List.of()); // the same pack and noise, no fault: the same charge
        SimulationResult baseline = Simulation.run(clean, LIMIT);
        assertThat(r.outcome()).as(what).isEqualTo("completed");
        assertThat(r.durationSeconds()).as(what).isEqualTo(baseline.durationSeconds());
        assertThat(r.ampHours()).as(what).isEqualTo(baseline.ampHours());
        record(c, r, "completed, as without the fault", 0);
        return;
      }
      case WRONG_PACK -> {
        if (c.minutes() == 0) {
          assertThat(r.outcome()).as(what).isEqualTo("refused");
          assertThat(r.ampHours()).as("no current before the refusal: " + what).isZero();
          assertThat(r.events()).as(what).doesNotContain("ChargeStarted");
          record(c, r, "refused, 0 Ah", 0);
          return;
        }
      }
      default -> {}
    }
    assertThat(r.outcome()).as(what).isEqualTo("cut_off");
    assertThat(REASONS.get(c.fault())).as(what).contains(r.reason());
    switch (fault.kind()) {
      case OVER_VOLTAGE -> {
        if (r.violationAtSeconds() != null) {
          assertThat(r.detectionMillis()).as(what).isNotNull().isLessThanOrEqualTo(250L);
        } else {
          assertThat(r.maxCellVolts() * 1000)
              .as("cut before any violation: " + what)
              .isLessThanOrEqualTo(limitMv);
        }
        record(c, r, timing(r), r.detectionMillis() == null ? 0 : r.detectionMillis());
      }
      case FROZEN -> {
        assertThat(r.maxCellVolts() * 1000).as(what).isLessThan(limitMv);
        record(c, r, timing(r), nonNull(r.detectionMillis()));
      }
      case COMMUNICATION, WRONG_PACK, OVER_TEMPERATURE, FLAPPING -> {
        assertThat(r.violationAtSeconds()).as(what).isNotNull();
        if (NO_FET_COMMAND.contains(c.bms()) && NO_FET_BOUNDS.containsKey(c.fault())) {
          // a silent supply carries out no "off" and the board has no MOSFET command
          long seen = noPathLeft(r, fault.kind().boundMillis(), what);
          record(c, r, timing(r) + ", cut recorded " + seen + " ms after the onset", seen);
          return;
        }
        long current = firstPathOff(r);
        // JBD reports deci-degrees, JK and Daly whole degrees: at 1 degC per minute a reading
        // above the maximum can come one resolution step after the true crossing
        long bound =
            fault.kind().boundMillis()
                + (fault.kind() == SimulatedFaults.Kind.OVER_TEMPERATURE
                    ? (c.bms().equals("jbd") ? 6_000 : 60_000)
                    : 0);
        assertThat(current)
            .as("current stopped within the bound: " + what)
            .isLessThanOrEqualTo(bound);
        if (!c.fault().equals("bms-reboot")
            && !c.fault().equals("bms-silent")
            && !c.fault().equals("supply-silent")) {
          assertThat(r.detectionMillis()).as("both paths: " + what).isLessThanOrEqualTo(bound);
        }
        record(c, r, timing(r), current);
      }
      case OUTPUT_IGNORES_OFF -> {
        assertThat(r.supplyOffMillis()).as(what).isNull();
        if (NO_FET_COMMAND.contains(c.bms())) {
          long seen = noPathLeft(r, fault.kind().boundMillis(), what);
          record(c, r, timing(r) + ", cut recorded " + seen + " ms after the ignored off", seen);
        } else {
          assertThat(r.bmsFetOffMillis()).as(what).isNotNull().isLessThanOrEqualTo(1_000L);
          record(c, r, timing(r), r.bmsFetOffMillis());
        }
      }
      case NO_TAPER -> {
        if (r.violationAtSeconds() != null) {
          assertThat(r.detectionMillis()).as(what).isNotNull().isLessThanOrEqualTo(5_000L);
        }
        record(c, r, timing(r), r.detectionMillis() == null ? 0 : r.detectionMillis());
      }
      case FET_IGNORED -> {
        assertThat(r.bmsFetOffMillis()).as("the MOSFET never opened: " + what).isNull();
        assertThat(r.paths()).as(what).isNotNull();
        assertThat(r.paths())
            .as(what)
            .anyMatch(p -> p.startsWith("supply") && p.contains("confirmed"));
        if (NO_FET_COMMAND.contains(c.bms())) {
          // nothing to ignore: the board has no MOSFET command, its path is not available
          assertThat(r.paths())
              .as(what)
              .anyMatch(p -> p.startsWith("bms") && p.contains("not available"));
        } else {
          assertThat(r.paths()).as(what).anyMatch(p -> p.startsWith("bms") && p.contains("failed"));
        }
        record(c, r, timing(r) + ", paths " + r.paths(), 0);
      }
      default -> throw new AssertionError("unhandled " + fault.kind());
    }
  }

  /**
   * A fault that leaves the controller no path to switch (the supply ignores or never hears its
   * "off", and the BMS has no MOSFET command): the controller must still cut within the bound (the
   * CutOff recorded, with the supply path failed and the BMS path not available, never reported as
   * done) and nothing switched off. Returns how long after the violation the cut was recorded.
   */
  private static long noPathLeft(SimulationResult r, long boundMillis, String what) {
    assertThat(r.violationAtSeconds()).as(what).isNotNull();
    assertThat(r.bmsFetOffMillis()).as(what).isNull();
    long seen = Math.round((r.durationSeconds() - r.violationAtSeconds()) * 1000);
    assertThat(seen).as("cut recorded within the bound: " + what).isBetween(0L, boundMillis);
    assertThat(r.paths()).as(what).isNotNull();
    assertThat(r.paths())
        .as(what)
        .anyMatch(p -> p.startsWith("supply") && p.contains("failed"))
        .anyMatch(p -> p.startsWith("bms") && p.contains("not available"));
    return seen;
  }

  private static long nonNull(@Nullable Long ms) {
    return ms == null ? 0 : ms;
  }

  /** The first path that really switched off after the violation: the current stopped then. */
  private static long firstPathOff(SimulationResult r) {
    Long s = r.supplyOffMillis();
    Long b = r.bmsFetOffMillis();
    assertThat(s != null || b != null).as("some path switched off: " + r).isTrue();
    return s == null ? b : b == null ? s : Math.min(s, b);
  }

  private static String timing(SimulationResult r) {
    return String.format(
        Locale.ROOT,
        "%s %s, violation %s s, detection %s ms, supply %s ms, BMS FET %s ms, max cell %.4f V",
        r.outcome(),
        r.reason(),
        r.violationAtSeconds(),
        r.detectionMillis(),
        r.supplyOffMillis(),
        r.bmsFetOffMillis(),
        r.maxCellVolts());
  }

  /** The suffix of the table rows of a family without a MOSFET command, where it differs. */
  static final String NO_FET_ROW = " (BMS without a MOSFET command: ANT)";

  /** The bound of those rows, where it is not the fault kind's. */
  static final Map<String, String> NO_FET_BOUNDS =
      Map.of(
          "output-ignores-off",
          "no path left to stop the current: cut recorded <= 1 s after the ignored off, BMS path"
              + " not available",
          "bms-fet-ignored",
          "supply path alone; BMS path not available",
          "supply-silent",
          "no path left to stop the current: cut recorded <= 1 s after the onset, BMS path not"
              + " available");

  private static void record(Case c, SimulationResult r, String text, long ms) {
    String key =
        c.fault()
            + (c.fault().equals("wrong-series") || c.fault().equals("miswire")
                ? (c.minutes() == 0 ? " (at start)" : " (mid-session)")
                : "")
            + (NO_FET_COMMAND.contains(c.bms()) && NO_FET_BOUNDS.containsKey(c.fault())
                ? NO_FET_ROW
                : "");
    WORST_MS.merge(key, ms, Math::max);
    if (WORST_MS.get(key) == ms) {
      WORST.put(key, c.bms() + " + " + c.supply() + ": " + text);
    }
  }

  @AfterAll
  static void writeTable() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("| fault | rule that catches it | bound | measured worst case |\n");
    md.append("| --- | --- | --- | --- |\n");
    for (Map.Entry<String, String> e : new TreeMap<>(WORST).entrySet()) {
      String name = e.getKey().split(" ")[0];
      SimulatedFaults.Fault f = SimulatedFaults.of(name).orElseThrow();
      md.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(
              REASONS.get(name).isEmpty()
                  ? "none (termination never uses the BMS SoC)"
                  : String.join(", ", new java.util.TreeSet<>(REASONS.get(name))))
          .append(" | ")
          .append(e.getKey().endsWith(NO_FET_ROW) ? NO_FET_BOUNDS.get(name) : f.kind().bound())
          .append(" | ")
          .append(e.getValue())
          .append(" |\n");
    }
    Path out = Path.of("target", "fault-scenarios.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }
}
