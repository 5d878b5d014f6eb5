package org.chargebay.events.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExpectedVersionTest {

  @Test
  void any_matches_an_empty_stream_and_every_version_up_to_the_largest() {
    ExpectedVersion any = ExpectedVersion.any();

    assertThat(any.matches(0)).isTrue();
    assertThat(any.matches(1)).isTrue();
    assertThat(any.matches(Long.MAX_VALUE)).isTrue();
  }

  @Test
  void no_stream_matches_version_zero_and_nothing_above() {
    ExpectedVersion noStream = ExpectedVersion.noStream();

    assertThat(noStream.matches(0)).isTrue();
    assertThat(noStream.matches(1)).isFalse();
    assertThat(noStream.matches(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void exactly_matches_its_version_and_neither_neighbour() {
    ExpectedVersion exactly = ExpectedVersion.exactly(5);

    assertThat(exactly.matches(4)).isFalse();
    assertThat(exactly.matches(5)).isTrue();
    assertThat(exactly.matches(6)).isFalse();
  }

  @Test
  void exactly_zero_matches_only_an_empty_stream() {
    ExpectedVersion exactly = ExpectedVersion.exactly(0);

    assertThat(exactly.matches(0)).isTrue();
    assertThat(exactly.matches(1)).isFalse();
  }

  @Test
  void exactly_the_largest_version_matches_only_it() {
    ExpectedVersion exactly = ExpectedVersion.exactly(Long.MAX_VALUE);

    assertThat(exactly.matches(Long.MAX_VALUE)).isTrue();
    assertThat(exactly.matches(Long.MAX_VALUE - 1)).isFalse();
    assertThat(exactly.matches(0)).isFalse();
  }

  @Test
  void a_negative_current_version_is_refused_by_every_expectation() {
    for (ExpectedVersion expected :
        new ExpectedVersion[] {
          ExpectedVersion.any(), ExpectedVersion.noStream(), ExpectedVersion.exactly(0)
        }) {
      assertThatThrownBy(() -> expected.matches(-1))
          .as("%s", expected)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("current version must be >= 0, was -1");
    }
  }

  @Test
  void an_exact_version_below_zero_cannot_be_expressed() {
    assertThat(ExpectedVersion.exactly(0)).isEqualTo(new ExpectedVersion.Exactly(0));
    assertThatThrownBy(() -> ExpectedVersion.exactly(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version must be >= 0, was -1");
  }
}
