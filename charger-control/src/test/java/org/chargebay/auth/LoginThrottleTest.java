package org.chargebay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LoginThrottleTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final LoginThrottle throttle =
      new LoginThrottle(3, Duration.ofSeconds(1), Duration.ofSeconds(8));

  @Test
  void the_free_failures_cost_nothing_then_each_failure_doubles_the_lock_up_to_the_maximum() {
    for (int i = 0; i < 3; i++) {
      throttle.failed(T0, "user:a", "address:x");
      assertThat(throttle.lockedFor(T0, "user:a")).isEmpty();
    }
    Instant t = T0;
    for (long expected : new long[] {1, 2, 4, 8, 8}) {
      throttle.failed(t, "user:a", "address:x");
      assertThat(throttle.lockedFor(t, "user:a")).contains(Duration.ofSeconds(expected));
      assertThat(throttle.lockedFor(t.plusSeconds(expected).minusMillis(1), "user:a"))
          .contains(Duration.ofMillis(1));
      t = t.plusSeconds(expected);
      assertThat(throttle.lockedFor(t, "user:a")).as("free again at the lock's end").isEmpty();
    }
  }

  @Test
  void a_lock_on_the_address_holds_for_every_name_and_success_clears_only_the_name() {
    for (int i = 0; i < 4; i++) {
      throttle.failed(T0, "user:a", "address:x");
    }
    assertThat(throttle.lockedFor(T0, "user:b", "address:x")).contains(Duration.ofSeconds(1));
    assertThat(throttle.lockedFor(T0, "user:b", "address:y")).isEmpty();
    throttle.succeeded("user:a");
    assertThat(throttle.lockedFor(T0, "user:a", "address:y")).isEmpty();
    assertThat(throttle.lockedFor(T0, "user:a", "address:x")).contains(Duration.ofSeconds(1));
  }

  @Test
  void keys_unseen_for_the_maximum_lock_are_forgotten_and_the_count_starts_over() {
    for (int i = 0; i < 4; i++) {
      throttle.failed(T0, "user:a");
    }
    Instant later = T0.plusSeconds(60);
    throttle.failed(later, "user:other");
    throttle.failed(later, "user:a");
    assertThat(throttle.lockedFor(later, "user:a")).as("1st failure of a new count").isEmpty();
  }

  @Test
  void the_number_of_tracked_keys_is_bounded() {
    for (int i = 0; i < LoginThrottle.MAX_KEYS + 10; i++) {
      throttle.failed(T0, "address:" + i);
    }
    throttle.failed(T0, "address:0");
    assertThat(throttle.lockedFor(T0, "address:0")).isEqualTo(Optional.empty());
  }
}
