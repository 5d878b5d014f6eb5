package org.chargebay.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chargebay.bay.BayRuntime;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the journal is open and every bay loop has polled recently; live unless a loop has
 * stalled (its watchdog's business is the bay; this one tells Kubernetes).
 */
@Readiness
@Liveness
@ApplicationScoped
public class BaysHealthCheck implements HealthCheck {
  private static final long STALL_NANOS = 10_000_000_000L;

  @Inject BayRegistry registry;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("chargebay-bays");
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
