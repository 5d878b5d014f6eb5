package org.chargebay.events.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chargebay.events.codec.IsoInstants;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The raw read's check that a stored occurred_at can be relayed as stored. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SqliteJournalRowsTest {

  private static boolean formatted(String s) {
    return SqliteJournalRows.isFormattedInstant(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void what_the_journal_writes_is_recognised_and_is_exactly_the_canonical_form() {
    List<String> canonical =
        List.of(
            "2025-03-01T10:15:30Z",
            "2025-03-01T10:15:30.250Z",
            "2025-03-01T10:15:30.000001Z",
            "2025-03-01T10:15:30.123456789Z",
            "0000-01-01T00:00:00Z",
            "9999-12-28T23:59:59.999Z",
            "2025-02-28T00:00:00Z");

    for (String s : canonical) {
      assertThat(formatted(s)).as(s).isTrue();
      assertThat(IsoInstants.format(IsoInstants.parse(s))).isEqualTo(s);
    }
  }

  @Test
  void fractions_the_canonical_form_would_shorten_are_not_recognised() {
    assertThat(formatted("2025-03-01T10:15:30.000Z")).isFalse();
    assertThat(formatted("2025-03-01T10:15:30.250000Z")).isFalse();
    assertThat(formatted("2025-03-01T10:15:30.123456000Z")).isFalse();
    assertThat(formatted("2025-03-01T10:15:30.1Z")).isFalse();
    assertThat(formatted("2025-03-01T10:15:30.12345Z")).isFalse();
  }

  @Test
  void day_28_is_recognised_and_day_29_is_left_to_the_exact_check() {
    assertThat(formatted("2025-01-28T00:00:00Z")).isTrue();
    assertThat(formatted("2025-01-29T00:00:00Z")).isFalse();
    assertThat(formatted("2025-01-31T00:00:00Z")).isFalse();
  }

  @Test
  void fields_one_past_their_range_are_not_recognised() {
    assertThat(formatted("2025-00-01T00:00:00Z")).isFalse();
    assertThat(formatted("2025-13-01T00:00:00Z")).isFalse();
    assertThat(formatted("2025-01-00T00:00:00Z")).isFalse();
    assertThat(formatted("2025-01-01T24:00:00Z")).isFalse();
    assertThat(formatted("2025-01-01T00:60:00Z")).isFalse();
    assertThat(formatted("2025-01-01T00:00:60Z")).isFalse();
    assertThat(formatted("2025-01-01T23:59:59Z")).isTrue();
  }

  @Test
  void other_shapes_are_not_recognised() {
    assertThat(SqliteJournalRows.isFormattedInstant(null)).isFalse();
    assertThat(formatted("")).isFalse();
    assertThat(formatted("2025-03-01t10:15:30Z")).isFalse();
    assertThat(formatted("2025-03-01T10:15:30z")).isFalse();
    assertThat(formatted("2025-03-01T10:15:30+00:00")).isFalse();
    assertThat(formatted("2025-03-01 10:15:30Z")).isFalse();
    assertThat(formatted("20x5-03-01T10:15:30Z")).isFalse();
    assertThat(formatted("2025-03-01T10:15:30,250Z")).isFalse();
    assertThat(formatted("2025-03-01T10:15:30.2a0Z")).isFalse();
  }
}
