package org.chargebay.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.replay.Fold;
import org.chargebay.events.replay.SessionHistory;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargeState;
import org.chargebay.session.DeciderSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay fold rate in events/s over a recorded-like stream of 10,000 events (100 sessions of start,
 * phase change, 96 setpoint changes, completion): the decider's {@code evolve} fold (what a bay
 * does at start-up and the replay seeds from) and the {@link SessionHistory} fold (the fleet
 * projection), each on decoded events, and the whole path from stored JSON envelopes (decode +
 * fold). Baseline in the same run: a loop that only touches each event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplayFoldBenchmark {
  static final int EVENTS = 10_000;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  private final ChargeDecider decider = new ChargeDecider(DeciderSettings.defaults());
  private final EventCodec codec = EventCodec.standard();
  private final List<ChargeEvent> events = new ArrayList<>(EVENTS);
  private final List<EventEnvelope> envelopes = new ArrayList<>(EVENTS);

  public ReplayFoldBenchmark() {
    for (int s = 0; s < EVENTS / 100; s++) {
      String id = "s-" + s;
      Instant at = T0.plusSeconds(s * 10_000L);
      events.add(new ChargeStarted(id, at, PROFILE, Evidence.none()));
      events.add(new PhaseChanged(id, at, Phase.CC, Phase.CV, "cell at ceiling", Evidence.none()));
      for (int i = 0; i < 97; i++) {
        events.add(
            new SetpointChanged(
                id, at.plusSeconds(i), 53_950 + i % 7, 2000, true, "steer", Evidence.none()));
      }
      events.add(new ChargeCompleted(id, at.plusSeconds(100), 1500, 70_000, Evidence.none()));
    }
    for (int i = 0; i < events.size(); i++) {
      EventCodec.Encoded e = codec.encode(events.get(i));
      envelopes.add(
          new EventEnvelope(
              "bay-1",
              i + 1L,
              i + 1L,
              e.type(),
              e.schemaVersion(),
              events.get(i).at(),
              e.payload()));
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public int baseline_touch_each_event() {
    int n = 0;
    for (ChargeEvent e : events) {
      n += e.sessionId().length();
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public ChargeState decider_fold() {
    return decider.fold(events);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public SessionHistory session_history_fold() {
    return Fold.fold(SessionHistory.empty(), events, SessionHistory::evolve);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public ChargeState decode_and_decider_fold() {
    Iterable<ChargeEvent> decoded = () -> envelopes.stream().map(codec::decode).iterator();
    return decider.fold(decoded);
  }
}
