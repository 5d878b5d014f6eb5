package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.SetpointChanged;
import org.chargebay.simulator.SimulatedBench;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DemoChargeEndToEndIT {

  @TempDir Path dir;

  @Test
  void demo_bay_goes_cc_then_cv_then_completes_with_the_highest_cell_held_at_the_ceiling() {
    try (BenchHarness h = new BenchHarness(dir, SimulatedBench.demoPack())) {
      h.runUntil(r -> r.state().phase() == Phase.COMPLETE, Duration.ofHours(3));

      List<ChargeEvent> events = h.events();
      assertThat(events.get(0)).isInstanceOf(ChargeStarted.class);
      assertThat(events.get(events.size() - 1)).isInstanceOf(ChargeCompleted.class);
      List<PhaseChanged> phases =
          events.stream()
              .filter(PhaseChanged.class::isInstance)
              .map(PhaseChanged.class::cast)
              .toList();
      assertThat(phases).hasSize(1);
      assertThat(phases.get(0).from()).isEqualTo(Phase.CC);
      assertThat(phases.get(0).to()).isEqualTo(Phase.CV);
      int ccIndex = events.indexOf(phases.get(0));
      assertThat(ccIndex).isGreaterThan(0);
      assertThat(events.stream().filter(e -> e instanceof SetpointChanged).count())
          .as("setpoint changes are sent only when they matter")
          .isBetween(2L, 400L);

      int maxCell =
          h.samples.stream()
              .filter(s -> s.bms() != null)
              .mapToInt(s -> s.bms().cellMaxMillivolts())
              .max()
              .orElseThrow();
      assertThat(maxCell).isLessThanOrEqualTo(4150 + 5);
      assertThat(maxCell).as("the charge reaches the ceiling").isGreaterThanOrEqualTo(4140);

      ChargeCompleted done = (ChargeCompleted) events.get(events.size() - 1);
      assertThat(done.evidence().bms().currentMilliamps()).isLessThan(100);
      // 13S 2 Ah from ~30 %: about 1.3 Ah goes in
      assertThat(done.chargedMilliampHours()).isBetween(1000L, 1600L);
      assertThat(done.chargedMilliwattHours()).isBetween(50_000L, 90_000L);

      // output off once complete
      h.tick();
      assertThat(h.runtime.status().supplyOutputOn()).isFalse();
      assertThat(h.bench.supply().refusedWrites()).isEmpty();
    }
  }
}
