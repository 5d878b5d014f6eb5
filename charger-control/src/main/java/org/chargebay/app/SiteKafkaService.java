package org.chargebay.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.chargebay.site.KafkaSiteAllocations;
import org.chargebay.site.SiteAllocations;
import org.jspecify.annotations.Nullable;

/**
 * This controller's part in a site shared through Kafka, when {@code
 * chargebay.site.kafka.enabled=true}: checks the configuration at start-up (a wrong key stops the
 * start with exit status 78, naming it), runs the {@link KafkaSiteAllocations} and closes it at
 * shutdown. The bay loops take their allocations from {@link #allocations()}. Two gauges tell which
 * role this controller has now: {@code chargebay.site.kafka.planner} (1 while it is the site's
 * planner) and {@code chargebay.site.kafka.plan} (1 while its bays follow a plan, 0 while they are
 * on the fallback share).
 */
@ApplicationScoped
public class SiteKafkaService {
  private static final Logger LOG = Logger.getLogger(SiteKafkaService.class.getName());

  @Inject SiteKafkaConfig site;
  @Inject ChargebayConfig config;
  @Inject MeterRegistry meters;

  private @Nullable KafkaSiteAllocations allocations;

  void onStart(@Observes StartupEvent event) {
    try {
      allocations();
    } catch (IllegalArgumentException e) {
      LOG.severe("chargebay cannot start: " + e.getMessage());
      Quarkus.asyncExit(ChargebayMain.EX_CONFIG);
    }
  }

  /**
   * The site's allocations through Kafka (started on the first call), or empty when not enabled.
   *
   * @throws IllegalArgumentException naming the key at fault
   */
  public synchronized Optional<SiteAllocations> allocations() {
    if (allocations == null) {
      Optional<KafkaSiteAllocations.Settings> s = SiteKafkaChecks.settings(site, config.kafka());
      if (s.isEmpty()) {
        return Optional.empty();
      }
      KafkaSiteAllocations a = new KafkaSiteAllocations(s.get(), Clock.systemUTC());
      allocations = a;
      Gauge.builder("chargebay.site.kafka.planner", a, x -> x.isPlanner() ? 1 : 0)
          .description("1 while this controller is the site's planner")
          .register(meters);
      Gauge.builder(
              "chargebay.site.kafka.plan", a, x -> x.planAt(Instant.now()).isPresent() ? 1 : 0)
          .description("1 while the bays follow the site's plan, 0 while on the fallback share")
          .register(meters);
      LOG.info(
          "site through Kafka: controller "
              + s.get().controllerId()
              + ", cap "
              + s.get().siteCapKw()
              + " kW, fallback share "
              + s.get().fallbackShareKw()
              + " kW");
    }
    return Optional.of(allocations);
  }

  synchronized void onStop(@Observes ShutdownEvent event) {
    if (allocations != null) {
      allocations.close();
      allocations = null;
    }
  }
}
