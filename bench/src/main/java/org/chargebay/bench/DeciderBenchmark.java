package org.chargebay.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.Evidence;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.SetpointChanged;
import org.chargebay.safety.SafetyInputs;
import org.chargebay.safety.SafetyLimits;
import org.chargebay.safety.SafetySupervisor;
import org.chargebay.safety.SafetyVerdict;
import org.chargebay.session.ChargeCommand;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargeState;
import org.chargebay.session.DeciderSettings;
import org.chargebay.session.Observation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-poll pure work of one bay (safety check + decide on an observation) and the replay fold,
 * against a baseline in the same run: building the observation alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeciderBenchmark {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  private final ChargeDecider decider = new ChargeDecider(DeciderSettings.defaults());
  private final SafetyLimits limits = SafetyLimits.defaults(13, 4150, 2000);
  private final List<Integer> cells = new ArrayList<>(Collections.nCopies(13, 3900));
  private final ChargeState charging;
  private final List<ChargeEvent> stream = new ArrayList<>();

  public DeciderBenchmark() {
    cells.set(4, 3930);
    charging =
        decider.fold(
            List.of(
                new ChargeStarted("s", T0, PROFILE, Evidence.none()),
                new SetpointChanged("s", T0, 52_000, 2000, true, "start", Evidence.none())));
    stream.add(new ChargeStarted("s", T0, PROFILE, Evidence.none()));
    for (int i = 0; i < 998; i++) {
      stream.add(new SetpointChanged("s", T0, 50_000 + i, 2000, true, "steer", Evidence.none()));
    }
    stream.add(new PhaseChanged("s", T0, Phase.CC, Phase.CV, "x", Evidence.none()));
  }

  private Observation observation() {
    Evidence ev =
        new Evidence(
            new Evidence.Bms(0, 50_730, 2000, cells, true, true),
            new Evidence.Supply(0, 52_000, 2000, 50_790, 2000, true, "CC"),
            100,
            5000);
    return new Observation(ev, true, List.of(2000, 2000, 2000, 2000, 2000));
  }

  @Benchmark
  public Observation baseline_build_observation() {
    return observation();
  }

  @Benchmark
  public SafetyVerdict safety_check() {
    return SafetySupervisor.evaluate(
        new SafetyInputs(
            1000,
            true,
            new SafetyInputs.Commanded(52_000, 2000, true),
            new SafetyInputs.Bms(1000, cells, 50_730, 2000, true),
            new SafetyInputs.Supply(1000, 52_000, 50_790, 2000, true, 0)),
        limits);
  }

  @Benchmark
  public List<ChargeEvent> decide_observe() {
    return decider.decide(new ChargeCommand.Observe(T0, observation(), null), charging);
  }

  /** Folds 1,000 events; divide the score by 1,000 for events per second. */
  @Benchmark
  public ChargeState fold_1000_events() {
    return decider.fold(stream);
  }
}
