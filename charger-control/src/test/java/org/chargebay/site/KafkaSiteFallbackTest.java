package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.chargebay.planner.Policy;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A controller that cannot reach Kafka (nothing listens on 127.0.0.1:9) stays on its fallback
 * share; under a scheduled lower cap that share shrinks in the same proportion as the cap.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KafkaSiteFallbackTest {

  private static KafkaSiteAllocations controller(String schedule) {
    return new KafkaSiteAllocations(
        new KafkaSiteAllocations.Settings(
            "127.0.0.1:9",
            Map.of("max.block.ms", "200", "reconnect.backoff.max.ms", "200"),
            new SiteTopics("t.bays", "t.allocations", "t-planner"),
            "c1",
            10,
            4,
            Duration.ofSeconds(1),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(6),
            Policy.PLANNED,
            null,
            schedule == null ? null : DailyWindows.parse("cap-schedule", schedule, 0),
            ZoneOffset.UTC),
        Clock.systemUTC());
  }

  private static int awaitShare(KafkaSiteAllocations c, BayReport bay) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      c.report(bay);
      int ma = c.sourceFor(bay.bayId()).milliamps();
      if (ma > 0) {
        return ma;
      }
      assertThat(System.nanoTime()).as("a fallback share within 30 s").isLessThan(deadline);
      LockSupport.parkNanos(20_000_000L); // polling the reporter thread's split
    }
  }

  @Test
  void without_kafka_the_bays_get_the_fallback_share_scaled_down_under_a_scheduled_cap() {
    BayReport bay = SiteBays.nmc("c1-1", 0, Instant.now());
    try (KafkaSiteAllocations plain = controller(null);
        KafkaSiteAllocations halved = controller("00:00-24:00=5")) {
      int full = awaitShare(plain, bay);
      int half = awaitShare(halved, bay);
      assertThat(full).isEqualTo(FallbackSplit.split(4, List.of(bay)).get("c1-1"));
      assertThat(half).isEqualTo(FallbackSplit.split(2, List.of(bay)).get("c1-1"));
      assertThat(plain.sourceFor("c1-1").cause()).isEqualTo("fallback: no plan received");
    }
  }

  @Test
  void a_controller_whose_broker_is_away_closes_without_waiting_out_the_clients_timeouts() {
    KafkaSiteAllocations c = controller(null);
    awaitShare(c, SiteBays.nmc("c1-1", 0, Instant.now())); // its threads are up and retrying
    long t0 = System.nanoTime();
    c.close();
    // a shutdown (SIGTERM) must not spend its grace period on an absent broker: before, the
    // topic check's admin client held the close for 15 s
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }
}
