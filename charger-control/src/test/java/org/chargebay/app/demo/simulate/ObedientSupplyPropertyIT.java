package org.chargebay.app.demo.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.chargebay.events.ChargeProfile;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;

/**
 * Over random chemistries, series counts (4-24), imbalances (0-150 mV), capacities and currents,
 * with an obedient supply: the highest true cell of the pack model never exceeds the session
 * ceiling + 5 mV, and every charge ends completed or refused with a reason. Each try is a whole
 * {@link Simulation} (real runtime, emulated devices wired in-process, virtual clock).
 */
class ObedientSupplyPropertyIT {

  @Property(tries = 12, seed = "20261205")
  void the_highest_true_cell_stays_within_5_mv_of_the_ceiling_and_every_charge_ends(
      @ForAll("scenarios") Scenario s) {
    SimulationResult r = Simulation.run(s);
    assertThat(r.outcome()).as(r.toString()).isIn("completed", "refused");
    if (r.outcome().equals("refused")) {
      assertThat(r.reason()).isNotBlank();
      assertThat(r.detail()).isNotBlank();
      return;
    }
    double limit = s.profile().cellCeilingMillivolts() / 1000.0 + 0.005;
    assertThat(r.maxCellVolts()).as(r.toString()).isLessThanOrEqualTo(limit);
    assertThat(r.events().get(r.events().size() - 1)).isEqualTo("ChargeCompleted");
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Chemistry> chemistry = Arbitraries.of(Chemistries.all());
    Arbitrary<Integer> series = Arbitraries.integers().between(4, 24);
    Arbitrary<Integer> imbalance = Arbitraries.integers().between(0, 150);
    Arbitrary<Integer> capacityDeciAh = Arbitraries.integers().between(10, 60);
    Arbitrary<Integer> cRatePercent = Arbitraries.integers().between(20, 100);
    Arbitrary<Integer> socPercent = Arbitraries.integers().between(50, 90);
    return Combinators.combine(
            chemistry, series, imbalance, capacityDeciAh, cRatePercent, socPercent)
        .as(
            (chem, n, mv, deciAh, cRate, soc) -> {
              double ah = deciAh / 10.0;
              int ma = (int) Math.max(200, Math.round(ah * 1000 * cRate / 100.0) / 10 * 10);
              ChargeProfile profile =
                  new ChargeProfile(
                      chem.name(),
                      n,
                      chem.ceilings().defaultMillivolts(),
                      ma,
                      Math.max(1, ma / 20));
              String supply = n * chem.ceilings().defaultMillivolts() > 58_000 ? "ea" : "rd6018";
              return new Scenario(
                  chem.name(),
                  n,
                  ah,
                  soc,
                  mv,
                  "jbd",
                  supply,
                  profile,
                  250,
                  0,
                  0,
                  50,
                  List.of(),
                  n * 31L + mv);
            });
  }
}
