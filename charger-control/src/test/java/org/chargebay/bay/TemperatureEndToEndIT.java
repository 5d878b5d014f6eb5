package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.Phase;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chemistry's temperature window and cell thresholds, end to end on the virtual clock. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TemperatureEndToEndIT {
  static final ChargeProfile LFP = new ChargeProfile("LFP", 16, 3550, 2000, 100);

  @TempDir Path dir;

  private static StartRefused refusal(BenchHarness h) {
    return h.events().stream()
        .filter(StartRefused.class::isInstance)
        .map(StartRefused.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void lfp_below_freezing_is_refused_before_any_current_flows() {
    PackModel pack = PackModel.create(OcvCurve.lfp(), 16, 2.0, 0.030, 50.0, 20.0);
    try (BenchHarness h = new BenchHarness(dir, pack, LFP)) {
      h.bench.bay().setTemperatures(List.of(-30, -20));
      for (int i = 0; i < 10; i++) {
        h.tick();
      }
      StartRefused r = refusal(h);
      assertThat(r.reason().name()).isEqualTo("TEMPERATURE_OUT_OF_WINDOW");
      assertThat(r.detail())
          .isEqualTo("coldest sensor -3.0 degC is below the LFP charge minimum of 0.0 degC");
      assertThat(h.events()).noneMatch(ChargeStarted.class::isInstance);
      assertThat(h.bench.bay().snapshot().currentMilliamps()).isZero();
    }
  }

  @Test
  void current_is_derated_linearly_near_the_top_of_the_window_and_over_temperature_is_cut() {
    PackModel pack = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 30.0, 40.0);
    try (BenchHarness h = new BenchHarness(dir, pack)) {
      h.runUntil(
          r -> r.state().phase() == Phase.CC && r.status().currentAmps() > 1.9,
          Duration.ofMinutes(1));
      // 42.5 degC: half way from 40 to 45 degC, from 2 A (1C) towards 0.5C = 1 A -> 1.5 A
      h.bench.bay().setTemperatures(List.of(300, 425));
      for (int i = 0; i < 10; i++) {
        h.tick();
      }
      assertThat(h.bench.bay().snapshot().currentMilliamps()).isEqualTo(1500);
      SetpointChanged derated =
          h.events().stream()
              .filter(SetpointChanged.class::isInstance)
              .map(SetpointChanged.class::cast)
              .filter(s -> s.milliamps() == 1500)
              .findFirst()
              .orElseThrow();
      assertThat(derated.cause()).contains("derated");
      // 44 degC: 2000 - 1000 x 40/50 = 1200 mA
      h.bench.bay().setTemperatures(List.of(300, 440));
      for (int i = 0; i < 10; i++) {
        h.tick();
      }
      assertThat(h.bench.bay().snapshot().currentMilliamps()).isEqualTo(1200);

      // above the maximum: cut on both paths within one poll
      h.bench.bay().setTemperatures(List.of(300, 455));
      h.tick();
      assertThat(h.runtime.state().phase()).isEqualTo(Phase.FAULT);
      CutOff cut =
          h.events().stream()
              .filter(CutOff.class::isInstance)
              .map(CutOff.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(cut.reason().name()).isEqualTo("OVER_TEMPERATURE");
      assertThat(cut.detail())
          .isEqualTo(
              "temperature sensor 2 at 45.5 degC is above the chemistry's charge maximum 45.0"
                  + " degC");
      assertThat(cut.actions())
          .containsExactly("supply-output-off: confirmed", "bms-charge-fet-off: confirmed");
    }
  }

  @Test
  void a_deep_pack_is_pre_charged_at_c_over_10_and_a_dead_one_is_refused() {
    // resting cells 2.90..3.10 V: the lowest below NMC's 3.0 V pre-charge threshold
    PackModel deep = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 0.0, 200.0);
    try (BenchHarness h = new BenchHarness(dir, deep)) {
      h.runUntil(r -> r.state().phase() == Phase.CC, Duration.ofMinutes(1));
      List<ChargeEvent> events = h.events();
      SetpointChanged start = (SetpointChanged) events.get(1);
      assertThat(start.milliamps()).isEqualTo(200);
      assertThat(start.cause()).startsWith("start: pre-charge at C/10");
      // once the lowest cell is above 3.0 V, the profile's current
      h.runUntil(r -> r.status().currentAmps() > 1.9, Duration.ofHours(1));
      assertThat(h.bench.bay().snapshot().cellMinMillivolts()).isGreaterThanOrEqualTo(3000);
    }
  }

  @Test
  void a_pack_below_the_minimum_chargeable_cell_is_refused() {
    PackModel dead = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, -10.0, 200.0);
    try (BenchHarness h = new BenchHarness(dir.resolve("dead"), dead)) {
      for (int i = 0; i < 10; i++) {
        h.tick();
      }
      StartRefused r = refusal(h);
      assertThat(r.reason().name()).isEqualTo("CELL_BELOW_MINIMUM");
      assertThat(r.detail()).contains("below the NMC minimum chargeable 2500 mV");
    }
  }
}
