package org.chargebay.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.chargebay.bms.BmsSnapshot;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The noisy BMS: unbiased noise of the given spread, none on the current at rest, repeatable. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NoisyBmsTest {

  /** A backend that always reads the same. */
  private static final class Fixed implements BmsBackend {
    int currentMilliamps;

    @Override
    public BmsSnapshot snapshot() {
      return new BmsSnapshot(
          List.of(3900, 3910),
          7810,
          currentMilliamps,
          50,
          List.of(250),
          true,
          true,
          0,
          0,
          1,
          1000,
          2000,
          2);
    }

    @Override
    public void setFets(boolean charge, boolean discharge) {}
  }

  @Test
  void readings_scatter_around_the_true_values_with_the_given_spread() {
    Fixed fixed = new Fixed();
    fixed.currentMilliamps = 2000;
    NoisyBms noisy = new NoisyBms(fixed, 42, 8, 2, 40);
    int n = 20_000;
    double sumI = 0, sumI2 = 0, sumV = 0, sumV2 = 0, sumC = 0;
    for (int i = 0; i < n; i++) {
      BmsSnapshot s = noisy.snapshot();
      double di = s.currentMilliamps() - 2000;
      double dv = s.packMillivolts() - 7810;
      sumI += di;
      sumI2 += di * di;
      sumV += dv;
      sumV2 += dv * dv;
      sumC += s.cellMillivolts().get(0) - 3900;
    }
    assertThat(sumI / n).isCloseTo(0, within(2.0));
    assertThat(Math.sqrt(sumI2 / n)).isCloseTo(40, within(2.0));
    assertThat(sumV / n).isCloseTo(0, within(0.5));
    assertThat(Math.sqrt(sumV2 / n)).isCloseTo(8, within(0.5));
    assertThat(sumC / n).isCloseTo(0, within(0.2));
  }

  @Test
  void the_current_reads_zero_at_rest_and_a_seed_repeats_its_readings() {
    Fixed fixed = new Fixed();
    NoisyBms noisy = new NoisyBms(fixed, 1, 8, 2, 40);
    for (int i = 0; i < 100; i++) {
      assertThat(noisy.snapshot().currentMilliamps()).isZero();
    }
    fixed.currentMilliamps = 1500;
    NoisyBms a = new NoisyBms(fixed, 5, 8, 2, 40);
    NoisyBms b = new NoisyBms(fixed, 5, 8, 2, 40);
    for (int i = 0; i < 50; i++) {
      assertThat(a.snapshot()).isEqualTo(b.snapshot());
    }
  }
}
