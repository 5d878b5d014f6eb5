package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.CeilingAdjusted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CutOff;
import org.chargebay.events.Phase;
import org.chargebay.events.SetpointChanged;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's ceiling lowered while it runs, end to end on the virtual clock (real Modbus TCP, real
 * JBD frames, a real SQLite journal): the current ramps down, nothing is cut, the highest cell is
 * held at the new ceiling, and the supervisor then cuts a stuck supply at the new ceiling plus its
 * margin, well below the configured one.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveCeilingEndToEndIT {
  @TempDir Path dir;

  @Test
  void a_ceiling_lowered_mid_cv_holds_the_highest_cell_and_a_stuck_supply_is_cut_at_the_new_one()
      throws Exception {
    PackModel pack = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 80.0, 40.0);
    try (BenchHarness h = new BenchHarness(dir, pack)) {
      h.runUntil(r -> r.state().phase() == Phase.CV, Duration.ofHours(1));
      int ampsAtCv = h.bench.bay().snapshot().currentMilliamps();

      var asked = h.runtime.adjustCeiling(4100, "ana");
      Instant askedAt = h.clock.instant();
      h.tick();
      List<ChargeEvent> adjusted = asked.get();
      assertThat(adjusted).singleElement().isInstanceOf(CeilingAdjusted.class);
      CeilingAdjusted a = (CeilingAdjusted) adjusted.get(0);
      assertThat(a.fromMillivolts()).isEqualTo(4150);
      assertThat(a.toMillivolts()).isEqualTo(4100);
      assertThat(a.by()).isEqualTo("ana");
      // within one poll: the setpoint that follows is lower
      List<ChargeEvent> events = h.events();
      SetpointChanged next = (SetpointChanged) events.get(events.indexOf(a) + 1);
      assertThat(Duration.between(askedAt, next.at())).isLessThanOrEqualTo(BenchHarness.POLL);
      assertThat(next.cause()).isEqualTo("highest cell above ceiling");
      assertThat(h.runtime.status().ceilingVolts()).isEqualTo(4.10);

      // 90 s: the current ramps down, no cut, the highest true cell settles at the new ceiling
      double maxAfterSettle = 0;
      int minMilliamps = Integer.MAX_VALUE;
      for (int i = 0; i < 450; i++) {
        h.tick();
        minMilliamps = Math.min(minMilliamps, h.bench.bay().snapshot().currentMilliamps());
        if (i >= 150) {
          maxAfterSettle = Math.max(maxAfterSettle, h.bench.bay().maxCellVolts());
        }
      }
      assertThat(h.events()).noneMatch(CutOff.class::isInstance);
      assertThat(h.runtime.state().phase()).isEqualTo(Phase.CV);
      assertThat(minMilliamps).isLessThan(ampsAtCv);
      assertThat(maxAfterSettle).isLessThanOrEqualTo(4.105).isGreaterThan(4.090);

      // a supply that now ignores its setpoint is cut at 4100 + 20 mV, not at 4150 + 20 mV
      h.bench.faults().supplyIgnoresVoltageSetpoint(true);
      h.runUntil(r -> r.state().phase() == Phase.FAULT, Duration.ofMinutes(10));
      CutOff cut =
          h.events().stream()
              .filter(CutOff.class::isInstance)
              .map(CutOff.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(cut.reason().name()).isEqualTo("CELL_OVER_VOLTAGE");
      assertThat(cut.detail()).contains("above ceiling 4100 mV + margin 20 mV");
      assertThat(cut.evidence().bms().cellMaxMillivolts()).isGreaterThan(4120).isLessThan(4170);
      assertThat(cut.actions())
          .containsExactly("supply-output-off: confirmed", "bms-charge-fet-off: confirmed");
    }
  }
}
