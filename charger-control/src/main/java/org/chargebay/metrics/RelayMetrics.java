package org.chargebay.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chargebay.events.store.kafka.KafkaOutboxRelay;

/**
 * The Kafka outbox relay's meters: {@code chargebay_kafka_relay_lag_events} (journal events not yet
 * committed to Kafka), {@code chargebay_kafka_relay_lag_seconds} (time since the relay was last
 * caught up), {@code chargebay_kafka_relay_published_total} and {@code
 * chargebay_kafka_relay_failures_total}. Registered only when Kafka is configured.
 */
@ApplicationScoped
public class RelayMetrics {
  @Inject MeterRegistry registry;

  public void register(KafkaOutboxRelay relay, String topic) {
    Gauge.builder("chargebay.kafka.relay.lag.events", relay, KafkaOutboxRelay::lagEvents)
        .description("Journal events not yet committed to Kafka")
        .tags("topic", topic)
        .register(registry);
    Gauge.builder("chargebay.kafka.relay.lag", relay, KafkaOutboxRelay::lagSeconds)
        .description("Seconds since the Kafka outbox relay was last caught up with the journal")
        .baseUnit("seconds")
        .tags("topic", topic)
        .register(registry);
    FunctionCounter.builder("chargebay.kafka.relay.published", relay, r -> r.publishedCount())
        .description("Events the relay committed to Kafka")
        .tags("topic", topic)
        .register(registry);
    FunctionCounter.builder("chargebay.kafka.relay.failures", relay, r -> r.failureCount())
        .description("Relay rounds that failed and reconnected")
        .tags("topic", topic)
        .register(registry);
  }
}
