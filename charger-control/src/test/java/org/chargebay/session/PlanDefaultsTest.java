package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PlanDefaultsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void the_finish_time_is_the_next_one_after_the_start_in_the_bays_zone() {
    PlanDefaults p = new PlanDefaults(80, LocalTime.of(7, 0), BERLIN);
    // 20:00 UTC in January is 21:00 in Berlin: finish at 07:00 Berlin = 06:00 UTC next day
    assertThat(p.planAt(Instant.parse("2026-01-01T20:00:00Z")))
        .isEqualTo(new ChargePlan(null, Instant.parse("2026-01-02T06:00:00Z"), 80));
    // 05:00 UTC is 06:00 Berlin: the same day's 07:00
    assertThat(p.planAt(Instant.parse("2026-01-02T05:00:00Z")).finishBy())
        .isEqualTo(Instant.parse("2026-01-02T06:00:00Z"));
    // exactly at the time: the next day's
    assertThat(p.planAt(Instant.parse("2026-01-02T06:00:00Z")).finishBy())
        .isEqualTo(Instant.parse("2026-01-03T06:00:00Z"));
  }

  @Test
  void a_target_alone_starts_at_once_and_nothing_configured_is_no_plan() {
    assertThat(new PlanDefaults(70, null, ZoneId.of("UTC")).planAt(Instant.EPOCH))
        .isEqualTo(new ChargePlan(null, null, 70));
    assertThat(new PlanDefaults(null, null, ZoneId.of("UTC")).planAt(Instant.EPOCH)).isNull();
  }
}
