package org.chargebay.app.demo.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.chargebay.bay.BaySettings;
import org.chargebay.events.ChargeProfile;
import org.chargebay.safety.SafetyLimits;

/**
 * Over random packs (NMC and LFP, 6-14 cells, 1-4 Ah, 60-85 %, 0-60 mV imbalance), profiles (0.5-1
 * C), BMS families, fault kinds and fault times (minute 0-3): every injected fault ends in {@code
 * cut_off} or {@code refused} within its bound, the true highest cell never exceeds ceiling +
 * margin + 10 mV, and no {@code ChargeStarted} follows a latched fault without a {@code
 * FaultAcknowledged}. Each try is a whole {@link Simulation}; the try count keeps it well under a
 * minute.
 */
class FaultPropertyIT {

  /** Every fault that must end a charge (soc-drift changes nothing by design). */
  static final List<String> FAULTS =
      SimulatedFaults.names().stream().filter(n -> !n.equals("soc-drift")).toList();

  record Try(Scenario scenario, String fault) {}

  @Property(tries = 6, seed = "20261205")
  void every_fault_ends_in_a_cut_or_a_refusal_within_its_bound(@ForAll("tries") Try t) {
    Scenario s = t.scenario();
    SimulatedFaults.Fault fault = SimulatedFaults.of(t.fault()).orElseThrow();
    SimulationResult r = Simulation.run(s, Duration.ofMinutes(60));
    String what = t.fault() + " " + s.faults() + " on " + s.bms() + "/" + s.supply() + ": " + r;
    SafetyLimits limits = BaySettings.of("p", s.profile(), true).limits();
    int limitMv = limits.cellCeilingMillivolts() + limits.cellMarginMillivolts();

    assertThat(r.outcome()).as(what).isIn("cut_off", "refused");
    assertThat(r.maxCellVolts() * 1000).as(what).isLessThanOrEqualTo(limitMv + 10);
    if (r.outcome().equals("refused")) {
      assertThat(r.ampHours()).as(what).isZero();
    } else {
      Long detection = r.detectionMillis();
      Long first = firstPathOff(r);
      switch (fault.kind()) {
        case OVER_VOLTAGE, NO_TAPER -> {
          if (r.violationAtSeconds() != null) {
            assertThat(detection).as(what).isNotNull();
            assertThat(detection).as(what).isLessThanOrEqualTo(fault.kind().boundMillis());
          }
        }
        case FROZEN -> assertThat(r.maxCellVolts() * 1000).as(what).isLessThan(limitMv);
        case COMMUNICATION, WRONG_PACK, FLAPPING, OUTPUT_IGNORES_OFF -> {
          assertThat(first).as(what).isNotNull();
          assertThat(first).as(what).isLessThanOrEqualTo(fault.kind().boundMillis());
        }
        case OVER_TEMPERATURE -> {
          assertThat(first).as(what).isNotNull();
          long resolution = s.bms().equals("jbd") ? 6_000 : 60_000;
          assertThat(first).as(what).isLessThanOrEqualTo(fault.kind().boundMillis() + resolution);
        }
        case FET_IGNORED -> assertThat(r.bmsFetOffMillis()).as(what).isNull();
        case NO_EFFECT -> throw new AssertionError("not drawn: " + what);
      }
    }
    boolean latched = false;
    for (String e : r.events()) {
      if (e.equals("FaultLatched")) {
        latched = true;
      } else if (e.equals("FaultAcknowledged")) {
        latched = false;
      } else if (e.equals("ChargeStarted")) {
        assertThat(latched).as("ChargeStarted after a latched fault: " + what).isFalse();
      }
    }
  }

  private static Long firstPathOff(SimulationResult r) {
    Long s = r.supplyOffMillis();
    Long b = r.bmsFetOffMillis();
    return s == null ? b : b == null ? s : Long.valueOf(Math.min(s, b));
  }

  @Provide
  Arbitrary<Try> tries() {
    Arbitrary<String> chemistry = Arbitraries.of("NMC", "LFP");
    Arbitrary<Integer> series = Arbitraries.integers().between(6, 14);
    Arbitrary<Integer> capacityDeciAh = Arbitraries.integers().between(10, 40);
    Arbitrary<Integer> socPercent = Arbitraries.integers().between(60, 85);
    Arbitrary<Integer> imbalance = Arbitraries.integers().between(0, 60);
    Arbitrary<Integer> cRatePercent = Arbitraries.integers().between(50, 100);
    Arbitrary<String> bms = Arbitraries.of("jbd", "jk", "daly");
    Arbitrary<String> fault = Arbitraries.of(FAULTS);
    Arbitrary<Integer> tenthsOfMinute = Arbitraries.integers().between(0, 30);
    Arbitrary<Integer> wrongSeries = Arbitraries.integers().between(4, 32);
    return Combinators.combine(
            Combinators.combine(chemistry, series, capacityDeciAh, socPercent, imbalance)
                .as(List::<Object>of),
            cRatePercent,
            bms,
            fault,
            tenthsOfMinute,
            wrongSeries)
        .as(
            (pack, cRate, family, name, tenths, k) -> {
              String chem = (String) pack.get(0);
              int n = (Integer) pack.get(1);
              double ah = (Integer) pack.get(2) / 10.0;
              int ceiling = chem.equals("LFP") ? 3550 : 4150;
              int ma = (int) Math.max(200, Math.round(ah * 1000 * cRate / 100.0) / 10 * 10);
              ChargeProfile profile = new ChargeProfile(chem, n, ceiling, ma, Math.max(1, ma / 20));
              String supply = name.equals("range-change") ? "rd6012p" : "rd6018";
              double minutes = tenths / 10.0;
              int argument = name.equals("wrong-series") ? (k == n ? k + 1 : k) : 0;
              List<Scenario.FaultAt> faults =
                  name.equals("bms-fet-ignored")
                      ? List.of(
                          new Scenario.FaultAt("bms-fet-ignored", 0),
                          new Scenario.FaultAt("stuck-cc", minutes))
                      : List.of(new Scenario.FaultAt(name, minutes, argument));
              Scenario s =
                  new Scenario(
                      chem,
                      n,
                      ah,
                      (Integer) pack.get(3),
                      (Integer) pack.get(4),
                      family,
                      supply,
                      profile,
                      name.equals("overtemp") ? 380 : 250,
                      0,
                      0,
                      50,
                      faults,
                      n * 131L + tenths);
              return new Try(s, name);
            });
  }
}
