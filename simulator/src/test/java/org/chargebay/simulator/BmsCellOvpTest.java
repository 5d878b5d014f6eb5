package org.chargebay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.chargebay.bms.BmsSnapshot;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulated BMS's own cell over-voltage trip is the one a real board is configured with for the
 * pack's chemistry: a supply that keeps pushing past full is stopped by the BMS just above that
 * trip, not at the NMC value for every pack.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BmsCellOvpTest {

  static Stream<Arguments> chemistries() {
    return Stream.of(
        Arguments.of("NMC", OcvCurve.nmc(), 4.25),
        Arguments.of("LFP", OcvCurve.lfp(), 3.75),
        Arguments.of("LTO", OcvCurve.lto(), 2.90));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chemistries")
  void the_bms_opens_its_charge_mosfet_just_above_its_chemistrys_trip(
      String chemistry, OcvCurve curve, double trip) {
    assertThat(curve.bmsCellOvpVolts()).isEqualTo(trip);
    VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    SimulatedBay bay =
        new SimulatedBay(clock, PackModel.create(curve, 4, 2.0, 0.030, 95.0, 0.0), new Faults());
    // a supply that ignores full: its voltage far above the pack's, 0.5 C
    bay.setVoltage(4 * (trip + 0.5));
    bay.setCurrent(1.0);
    bay.setOutput(true);
    double highestWhileClosed = 0;
    for (int i = 0; i < 100_000 && bay.snapshot().chargeFet(); i++) {
      highestWhileClosed = bay.maxCellVolts();
      clock.advance(Duration.ofMillis(100));
    }

    BmsSnapshot tripped = bay.snapshot();
    assertThat(tripped.chargeFet()).as("charge MOSFET").isFalse();
    assertThat(tripped.protectionBits() & 1).as("cell over-voltage bit").isEqualTo(1);
    assertThat(highestWhileClosed).as("no trip below the limit").isLessThanOrEqualTo(trip);
    assertThat(bay.maxCellVoltsSeen())
        .as("%s: the highest true cell ever", chemistry)
        .isGreaterThan(trip)
        .isLessThan(trip + 0.005);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chemistries")
  void a_trip_at_or_below_the_full_cell_is_refused(String chemistry, OcvCurve curve, double trip) {
    double full = curve.volts(100);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new OcvCurve(new double[] {0, 100}, new double[] {full - 1, full}, full))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over-voltage trip must be above the full cell's");
    assertThat(trip).isGreaterThan(full);
  }
}
