package org.chargebay.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FleetTimebaseTest {
  private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

  @Test
  void
      an_instant_of_a_clock_ten_times_faster_happened_a_tenth_as_long_after_the_start_in_wall_time() {
    Timebase t = new Timebase(START, 5_000_000_000L, 1_772_352_000_000L, 10);
    Stamp s = t.at(START.plusSeconds(30).plusMillis(250));
    assertThat(s.clock()).isEqualTo(START.plusSeconds(30).plusMillis(250));
    assertThat(s.nanoTime()).isEqualTo(5_000_000_000L + 3_025_000_000L);
    assertThat(s.epochMillis()).isEqualTo(1_772_352_000_000L + 3_025);
  }

  @Test
  void at_real_time_the_offsets_are_equal() {
    Timebase t = new Timebase(START, 0, START.toEpochMilli(), 1);
    Stamp s = t.at(START.plusMillis(1_234));
    assertThat(s.nanoTime()).isEqualTo(1_234_000_000L);
    assertThat(s.epochMillis()).isEqualTo(START.toEpochMilli() + 1_234);
  }

  @Test
  void a_speed_that_is_not_positive_is_refused() {
    assertThatThrownBy(() -> new Timebase(START, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("speed must be positive, was 0.0");
  }

  @Test
  void the_paced_clock_runs_speed_times_faster_than_nano_time_and_never_goes_back() {
    Timebase t = new Timebase(START, System.nanoTime(), System.currentTimeMillis(), 1000);
    PacedClock clock = new PacedClock(t);
    Instant first = clock.instant();
    long before = System.nanoTime();
    Instant second = clock.instant();
    long after = System.nanoTime();
    assertThat(first).isAfterOrEqualTo(START);
    assertThat(second).isAfterOrEqualTo(first);
    // second was read between before and after: within 1000 x that window of the start
    assertThat(java.time.Duration.between(START, second).toNanos())
        .isBetween((before - t.nanoStart()) * 1000 - 1_000, (after - t.nanoStart()) * 1000 + 1_000);
  }
}
