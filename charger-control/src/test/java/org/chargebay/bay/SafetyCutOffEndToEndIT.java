package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CutOff;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.Phase;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SafetyCutOffEndToEndIT {
  private static final int CUT_LEVEL_MV = 4150 + 20;

  /** JBD 0xE1 data byte: 1 = charge MOSFET off, discharge on. */
  private static final int JBD_CHARGE_OFF = 1;

  @TempDir Path dir;

  private static PackModel nearlyFullPack() {
    return PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 85.0, 40.0);
  }

  @Test
  void supply_that_ignores_its_setpoint_is_cut_off_on_both_paths_within_one_second() {
    try (BenchHarness h = new BenchHarness(dir, nearlyFullPack())) {
      h.bench.faults().supplyIgnoresVoltageSetpoint(true);
      h.runUntil(r -> r.state().phase() == Phase.FAULT, Duration.ofHours(2));

      List<ChargeEvent> events = h.events();
      List<CutOff> cutOffs =
          events.stream().filter(CutOff.class::isInstance).map(CutOff.class::cast).toList();
      assertThat(cutOffs).hasSize(1);
      CutOff cut = cutOffs.get(0);
      assertThat(cut.reason().name()).isEqualTo("CELL_OVER_VOLTAGE");
      assertThat(cut.detail()).contains("4150 mV").contains("20 mV");
      assertThat(cut.evidence().bms()).isNotNull();
      assertThat(cut.evidence().bms().cellMaxMillivolts()).isGreaterThan(CUT_LEVEL_MV);
      assertThat(cut.evidence().supply()).isNotNull();
      assertThat(cut.evidence().supply().outMilliamps()).isEqualTo(2000);
      assertThat(cut.actions())
          .containsExactly("supply-output-off: confirmed", "bms-charge-fet-off: confirmed");
      assertThat(events.get(events.indexOf(cut) + 1)).isInstanceOf(FaultLatched.class);

      Instant crossed =
          h.samples.stream()
              .filter(s -> s.bms() != null && s.bms().cellMaxMillivolts() > CUT_LEVEL_MV)
              .findFirst()
              .orElseThrow()
              .at();
      assertThat(Duration.between(crossed, cut.at())).isLessThanOrEqualTo(Duration.ofSeconds(1));

      // both paths are really off
      assertThat(h.bench.supply().register(18)).as("RD60xx output register").isZero();
      assertThat(h.bench.bms().mosfetCommands()).containsExactly(JBD_CHARGE_OFF);
      assertThat(h.bench.bay().snapshot().chargeFet()).isFalse();

      // the fault stays latched: more polls add no events and keep the output off
      int before = h.events().size();
      for (int i = 0; i < 25; i++) {
        h.tick();
      }
      assertThat(h.events()).hasSize(before);
      assertThat(h.runtime.status().phase()).isEqualTo(Phase.FAULT);
      assertThat(h.runtime.status().currentAmps()).isZero();
    }
  }

  @Test
  void bms_that_goes_silent_mid_charge_is_cut_off_at_its_first_failed_read() {
    try (BenchHarness h = new BenchHarness(dir, nearlyFullPack())) {
      h.runUntil(
          r -> r.state().phase().charging() && r.status().ampHours() > 0.01,
          Duration.ofMinutes(10));
      h.bench.bmsSilent(true);
      Instant silentFrom = h.clock.instant();

      h.runUntil(r -> r.state().phase() == Phase.FAULT, Duration.ofSeconds(10));

      CutOff cut =
          h.events().stream()
              .filter(CutOff.class::isInstance)
              .map(CutOff.class::cast)
              .findFirst()
              .orElseThrow();
      // a dropout is ridden through for no read while charging (before issue 12 the bay waited
      // for the reading to go stale, 800 ms)
      assertThat(cut.reason().name()).isEqualTo("BMS_DROPOUT");
      assertThat(cut.detail()).contains("1 BMS read in a row failed");
      assertThat(Duration.between(silentFrom, cut.at())).isLessThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(cut.evidence().bms().ageMillis()).isLessThan(800);
      assertThat(cut.actions().get(0)).isEqualTo("supply-output-off: confirmed");
      assertThat(cut.actions().get(1)).startsWith("bms-charge-fet-off: failed");
      assertThat(h.bench.supply().register(18)).isZero();
      // the command reached the wire even though the board did not answer
      assertThat(h.bench.bms().mosfetCommands()).contains(JBD_CHARGE_OFF);
    }
  }
}
