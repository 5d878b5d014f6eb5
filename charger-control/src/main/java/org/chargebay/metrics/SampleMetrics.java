package org.chargebay.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.Set;
import org.chargebay.bay.KafkaSamplePublisher;
import org.chargebay.bay.SampleDrops;
import org.chargebay.bay.SampleRecorder;

/**
 * Samples (tick records) a sink dropped: {@code chargebay_samples_dropped_total{bay, sink,
 * reason}}, sink {@code journal} (the sample recorder: reasons {@code queue_full}, {@code
 * write_failed}) or {@code kafka} (the samples-topic publisher: {@code queue_full}, {@code
 * send_failed}). Every bay gets every reason of its sinks from the start, at 0, so that a rate over
 * the series sees the first drop.
 */
@ApplicationScoped
public class SampleMetrics {
  static final String NAME = "chargebay.samples.dropped";

  @Inject MeterRegistry registry;

  /** Registers the journal sample recorder's drops of {@code bayId}. */
  public void register(SampleRecorder recorder, String bayId) {
    register(recorder, SampleRecorder::drops, SampleRecorder.REASONS, "journal", bayId);
  }

  /** Registers the Kafka sample publisher's drops of {@code bayId}. */
  public void register(KafkaSamplePublisher publisher, String bayId) {
    register(publisher, KafkaSamplePublisher::drops, KafkaSamplePublisher.REASONS, "kafka", bayId);
  }

  private <T> void register(
      T sink,
      java.util.function.Function<T, SampleDrops> drops,
      Set<SampleDrops.Reason> reasons,
      String sinkTag,
      String bayId) {
    reasons.stream()
        .sorted(Comparator.naturalOrder())
        .forEach(
            reason ->
                FunctionCounter.builder(NAME, sink, s -> drops.apply(s).count(bayId, reason))
                    .description(
                        "Samples (tick records) a sink dropped instead of storing or publishing them")
                    .tags("bay", bayId, "sink", sinkTag, "reason", reason.tag())
                    .register(registry));
  }
}
