package org.chargebay.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.chargebay.bay.BayRuntime;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The bays' health, as one liveness and one readiness check with their own names ({@value
 * #LIVE_NAME} under {@code /q/health/live}, {@value #READY_NAME} under {@code /q/health/ready};
 * {@code /q/health} lists both). One bean carrying both qualifiers would appear twice under {@code
 * /q/health} with one name. Both are DOWN when startup failed, when the journal is not open, or
 * when a bay loop has not completed a poll for {@value #STALL_NANOS} ns (the loop's watchdog
 * handles the bay; this tells Kubernetes); each bay's loop state and phase is in the data.
 */
@ApplicationScoped
public class BaysHealthCheck {
  static final String LIVE_NAME = "chargebay-bays-live";
  static final String READY_NAME = "chargebay-bays-ready";
  private static final long STALL_NANOS = 10_000_000_000L;

  @Inject BayRegistry registry;

  @Produces
  @Liveness
  @ApplicationScoped
  HealthCheck live() {
    return () -> check(LIVE_NAME);
  }

  @Produces
  @Readiness
  @ApplicationScoped
  HealthCheck ready() {
    return () -> check(READY_NAME);
  }

  HealthCheckResponse check(String name) {
    HealthCheckResponseBuilder b = HealthCheckResponse.named(name);
    if (registry.startupError().isPresent()) {
      return b.down().withData("error", registry.startupError().get()).build();
    }
    if (registry.store().isEmpty()) {
      return b.down().withData("error", "journal not open").build();
    }
    boolean up = true;
    for (BayRuntime bay : registry.bays()) {
      long since = registry.nanosSinceLastTick(bay.id());
      String state = since < 0 ? "starting" : since > STALL_NANOS ? "stalled" : "polling";
      if (since > STALL_NANOS) {
        up = false;
      }
      b.withData("bay." + bay.id(), state + ", " + bay.status().phase());
    }
    return b.status(up).withData("demo", registry.demo()).build();
  }
}
