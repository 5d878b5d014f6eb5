package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.chargebay.site.DailyWindows.Span;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DailyWindowsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void a_window_past_midnight_and_one_to_the_end_of_the_day_cover_the_day() {
    DailyWindows w =
        DailyWindows.parse("t", "22:00-06:00=0.12, 06:00-17:00=0.30,17:00-22:00=0.45", 0);
    assertThat(w.firstUncoveredMinute()).isEqualTo(-1);
    assertThat(w.at(Instant.parse("2026-12-05T23:30:00Z"), ZoneOffset.UTC)).hasValue(0.12);
    assertThat(w.at(Instant.parse("2026-12-05T05:59:59Z"), ZoneOffset.UTC)).hasValue(0.12);
    assertThat(w.at(Instant.parse("2026-12-05T21:59:59Z"), ZoneOffset.UTC)).hasValue(0.45);
    assertThat(w.at(Instant.parse("2026-12-05T06:00:00Z"), ZoneOffset.UTC)).hasValue(0.30);
    DailyWindows endOfDay = DailyWindows.parse("t", "06:00-24:00=0.3,00:00-06:00=0.1", 0);
    assertThat(endOfDay.firstUncoveredMinute()).isEqualTo(-1);
    assertThat(endOfDay.at(Instant.parse("2026-12-05T23:59:59Z"), ZoneOffset.UTC)).hasValue(0.3);
    assertThat(endOfDay.at(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC)).hasValue(0.1);
  }

  @Test
  void spans_are_clipped_to_the_interval_in_time_order_and_follow_the_local_clock() {
    DailyWindows w = DailyWindows.parse("t", "23:00-05:00=0.1,05:00-23:00=0.4", 0);
    List<Span> s =
        w.between(
            Instant.parse("2026-12-05T18:00:00Z"), Instant.parse("2026-12-06T06:00:00Z"), BERLIN);
    assertThat(s)
        .containsExactly(
            new Span(
                Instant.parse("2026-12-05T18:00:00Z"), Instant.parse("2026-12-05T22:00:00Z"), 0.4),
            new Span(
                Instant.parse("2026-12-05T22:00:00Z"), Instant.parse("2026-12-06T04:00:00Z"), 0.1),
            new Span(
                Instant.parse("2026-12-06T04:00:00Z"), Instant.parse("2026-12-06T06:00:00Z"), 0.4));
  }

  @Test
  void across_a_clock_change_the_windows_still_follow_the_wall_clock_without_a_gap() {
    // summer time ends in Berlin on 2026-10-25 at 03:00 local: that night is 25 h long
    DailyWindows w = DailyWindows.parse("t", "23:00-05:00=0.1,05:00-23:00=0.4", 0);
    List<Span> s =
        w.between(
            Instant.parse("2026-10-24T20:00:00Z"), Instant.parse("2026-10-25T06:00:00Z"), BERLIN);
    assertThat(s.get(1))
        .isEqualTo(
            new Span(
                Instant.parse("2026-10-24T21:00:00Z"), // 23:00 summer time
                Instant.parse("2026-10-25T04:00:00Z"), // 05:00 winter time
                0.1));
    for (int i = 1; i < s.size(); i++) {
      assertThat(s.get(i).from()).isEqualTo(s.get(i - 1).to());
    }
  }

  @Test
  void bad_specifications_are_refused_naming_the_key_and_the_part() {
    assertThatThrownBy(() -> DailyWindows.parse("chargebay.site.tariff", "22:00-06:00", 0))
        .hasMessage(
            "chargebay.site.tariff: '22:00-06:00' is not HH:MM-HH:MM=value (for example"
                + " 22:00-06:00=0.12)");
    assertThatThrownBy(() -> DailyWindows.parse("k", "25:00-06:00=1", 0))
        .hasMessageContaining("k: '25:00-06:00=1': '25:00' is not a time HH:MM");
    assertThatThrownBy(() -> DailyWindows.parse("k", "06:00-06:00=1", 0))
        .hasMessage("k: '06:00-06:00=1' is empty (from = to)");
    assertThatThrownBy(() -> DailyWindows.parse("k", "22:00-06:00=1,05:00-07:00=2", 0))
        .hasMessage("k: '05:00-07:00=2' overlaps an earlier window at 05:00");
    assertThatThrownBy(() -> DailyWindows.parse("k", "22:00-06:00=cheap", 0))
        .hasMessage("k: '22:00-06:00=cheap' has no number after '='");
    assertThatThrownBy(() -> DailyWindows.parse("k", "22:00-06:00=-1", 0))
        .hasMessage("k: '22:00-06:00=-1' has value -1.0, below 0.0");
    assertThatThrownBy(() -> DailyWindows.parse("k", " ", 0)).hasMessageStartingWith("k is empty");
    assertThat(DailyWindows.parse("k", "17:00-20:00=8", 0).firstUncoveredMinute()).isZero();
  }
}
