package org.chargebay.app.demo.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.ChargeProfile;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.SupplyBackend;
import org.chargebay.simulator.VirtualClock;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Charge quality against a plain pack-level CC/CV charger (set to series x ceiling and the same
 * current, ending below the same taper current) on the same simulated imbalanced packs, in the same
 * run: the highest true cell's overshoot above the ceiling, and the time to full. Ours must stay
 * within 5 mV of the ceiling and take at most 5 % longer. Each case prints one Markdown row (the
 * table in BENCHMARKS.md).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargeQualityComparisonIT {

  /**
   * The plain charger: pack voltage at series x ceiling, CC at the profile's current.
   *
   * @param bmsTripped the simulated BMS opened its charge MOSFET (a cell above the trip a board is
   *     configured with for the chemistry: 4.25 V NMC, 3.75 V LFP): the plain charge ended there,
   *     not on its taper
   */
  record Plain(double maxCellVolts, double seconds, boolean bmsTripped) {}

  static Plain plain(Scenario s) {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    PackModel pack = Simulation.pack(s);
    SimulatedBay bay = new SimulatedBay(clock, pack, new Faults());
    ChargeProfile p = s.profile();
    bay.setVoltage(p.packCeilingMillivolts() / 1000.0);
    bay.setCurrent(p.chargeCurrentMilliamps() / 1000.0);
    bay.setOutput(true);
    Instant start = clock.instant();
    int below = 0;
    while (below < 5) { // the same taper window as ours: 5 polls of 200 ms below taper
      clock.advance(Duration.ofMillis(200));
      SupplyBackend.SupplyState st = bay.state();
      below = st.outAmps() * 1000 < p.taperCurrentMilliamps() ? below + 1 : 0;
      assertThat(Duration.between(start, clock.instant())).isLessThan(Duration.ofHours(48));
    }
    return new Plain(
        bay.maxCellVoltsSeen(),
        Duration.between(start, clock.instant()).toMillis() / 1000.0,
        !bay.snapshot().chargeFet());
  }

  @ParameterizedTest(name = "{0} {1}S, {2} mV apart")
  @CsvSource({
    "NMC, 13, 30, 30",
    "NMC, 13, 80, 30",
    "NMC, 13, 150, 30",
    "LFP, 16, 80, 20",
    "NMC, 10, 150, 60",
  })
  void ours_holds_the_highest_cell_at_the_ceiling_in_about_the_plain_chargers_time(
      String chemistry, int series, int imbalanceMv, int socPercent) {
    int ceiling = chemistry.equals("LFP") ? 3550 : 4150;
    ChargeProfile profile = new ChargeProfile(chemistry, series, ceiling, 2000, 100);
    Scenario s =
        new Scenario(
            chemistry,
            series,
            2.0,
            socPercent,
            imbalanceMv,
            "jbd",
            "rd6018",
            profile,
            250,
            0,
            0,
            50,
            List.of(),
            0);
    Plain plain = plain(s);
    SimulationResult ours = Simulation.run(s);

    double ceilingV = ceiling / 1000.0;
    double ourOvershootMv = Math.max(0, (ours.maxCellVolts() - ceilingV) * 1000);
    double plainOvershootMv = Math.max(0, (plain.maxCellVolts() - ceilingV) * 1000);
    System.out.printf(
        "| %s %dS, %d mV apart, from %d %% | %.1f | %.1f%s | %.0f | %.0f | %+.1f %% |%n",
        chemistry,
        series,
        imbalanceMv,
        socPercent,
        ourOvershootMv,
        plainOvershootMv,
        plain.bmsTripped() ? " (BMS tripped)" : "",
        ours.durationSeconds(),
        plain.seconds(),
        (ours.durationSeconds() / plain.seconds() - 1) * 100);

    assertThat(ours.outcome()).isEqualTo("completed");
    assertThat(ourOvershootMv).isLessThanOrEqualTo(5.0);
    if (!plain.bmsTripped()) {
      // a plain charge that ended on its taper: ours takes at most 5 % longer
      assertThat(ours.durationSeconds()).isLessThanOrEqualTo(plain.seconds() * 1.05);
    }
  }
}
