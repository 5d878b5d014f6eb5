package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.SetpointChanged;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RestartRecoveryEndToEndIT {

  @TempDir Path dir;

  @Test
  void restart_mid_charge_rebuilds_state_holds_output_off_until_fresh_telemetry_then_completes() {
    PackModel pack = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 70.0, 40.0);
    try (BenchHarness h = new BenchHarness(dir, pack)) {
      h.runUntil(
          r -> r.state().phase() == Phase.CC && r.status().ampHours() > 0.05,
          Duration.ofMinutes(30));
      long versionBefore = h.runtime.state().version();
      double ahBefore = h.runtime.status().ampHours();
      assertThat(h.bench.supply().register(18)).as("charging before the crash").isEqualTo(1);

      h.crashAndRestart();

      // rebuilt from the journal, and the output is off before any tick ran
      assertThat(h.runtime.state().phase()).isEqualTo(Phase.SUSPENDED);
      assertThat(h.runtime.state().sessionId()).isNotNull();
      assertThat(h.runtime.state().version()).isEqualTo(versionBefore + 1);
      assertThat(h.bench.supply().register(18)).isZero();
      List<ChargeEvent> afterCrash = h.events();
      ChargeSuspended suspended = (ChargeSuspended) afterCrash.get(afterCrash.size() - 1);
      assertThat(suspended.resumePhase()).isEqualTo(Phase.CC);

      // the output stays off until fresh telemetry has passed the checks
      int firstSample = h.samples.size();
      h.runUntil(r -> r.state().phase() != Phase.SUSPENDED, Duration.ofSeconds(10));
      List<BaySample> held = h.samples.subList(firstSample, h.samples.size() - 1);
      assertThat(held).isNotEmpty();
      assertThat(held).allSatisfy(s -> assertThat(s.supply().outputOn()).isFalse());

      h.runUntil(r -> r.state().phase() == Phase.COMPLETE, Duration.ofHours(2));

      List<ChargeEvent> events = h.events();
      assertThat(events.stream().filter(ChargeStarted.class::isInstance).count()).isEqualTo(1);
      int suspendedAt = indexOf(events, ChargeSuspended.class);
      int resumedAt = indexOf(events, ChargeResumed.class);
      assertThat(resumedAt).isGreaterThan(suspendedAt);
      assertThat(events.get(resumedAt + 1)).isInstanceOf(SetpointChanged.class);
      assertThat(((SetpointChanged) events.get(resumedAt + 1)).outputOn()).isTrue();
      assertThat(events.get(events.size() - 1)).isInstanceOf(ChargeCompleted.class);
      ChargeCompleted done = (ChargeCompleted) events.get(events.size() - 1);
      assertThat(done.chargedMilliampHours() / 1000.0).isGreaterThan(ahBefore);

      List<EventEnvelope> envs = h.envelopes();
      for (int i = 0; i < envs.size(); i++) {
        assertThat(envs.get(i).sequence()).isEqualTo(i + 1);
      }
    }
  }

  private static int indexOf(List<ChargeEvent> events, Class<?> type) {
    for (int i = 0; i < events.size(); i++) {
      if (type.isInstance(events.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + events);
  }
}
