package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.chargebay.events.CeilingAdjusted;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose ceiling was lowered live replays to identical decisions: the operator's command
 * is in the recorded ticks (as stored, through its JSON form), and the replayed supervisor and
 * decider use the session's ceiling as the live ones did.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveCeilingReplayIT {
  @TempDir Path dir;

  @Test
  void a_live_ceiling_change_replays_to_identical_decisions_and_device_calls() throws Exception {
    PackModel pack = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 80.0, 40.0);
    try (SupplyBench b = SupplyBench.rd6018(dir, pack)) {
      BayRuntime runtime = b.start(BaySettings.of("demo-1", BenchHarness.DEMO_PROFILE, true));
      b.runUntil(r -> r.state().phase() == Phase.CV, Duration.ofHours(1));
      var asked = runtime.adjustCeiling(4100, "ana");
      b.tick();
      assertThat(asked.get()).singleElement().isInstanceOf(CeilingAdjusted.class);
      b.ticks(300);

      List<EventEnvelope> recorded = b.envelopes();
      List<TickRecord> ticks;
      synchronized (b.ticks) {
        ticks = b.ticks.stream().map(t -> TickRecordJson.read(TickRecordJson.write(t))).toList();
      }
      BayReplay.Result result =
          BayReplay.replay(
              "demo-1", ticks, recorded, null, UnaryOperator.identity(), EventCodec.standard());

      assertThat(result.decisions())
          .extracting(BayReplay.Decision::recordedType)
          .contains("CeilingAdjusted");
      assertThat(result.identical()).as(result.decisions().toString()).isTrue();
      assertThat(result.ioMismatches()).isEmpty();
    }
  }
}
