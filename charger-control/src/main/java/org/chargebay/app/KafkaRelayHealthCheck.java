package org.chargebay.app;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chargebay.events.store.kafka.KafkaOutboxRelay;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The Kafka outbox relay's state under {@code /q/health/well}. A wellness check, not readiness: the
 * bays charge safely without Kafka, so a broker outage must not take the controller's API out of
 * service. UP with {@code configured=false} when Kafka is not configured; DOWN when the relay has
 * not been caught up for more than 5 minutes.
 */
@Wellness
@ApplicationScoped
public class KafkaRelayHealthCheck implements HealthCheck {
  static final double MAX_LAG_SECONDS = 300;

  @Inject BayRegistry registry;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("chargebay-kafka-relay");
    if (registry.relay().isEmpty()) {
      return b.up().withData("configured", false).build();
    }
    KafkaOutboxRelay relay = registry.relay().get();
    double lag = relay.lagSeconds();
    b.withData("configured", true)
        .withData("acknowledgedPosition", relay.acknowledgedPosition())
        .withData("lagEvents", relay.lagEvents())
        .withData("lagSeconds", String.format(java.util.Locale.ROOT, "%.1f", lag));
    String error = relay.lastError();
    if (error != null) {
      b.withData("lastError", error);
    }
    return b.status(lag <= MAX_LAG_SECONDS).build();
  }
}
