package org.chargebay.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IsoInstantsTest {

  @Test
  void parses_what_instant_to_string_writes_exactly_as_instant_parse() {
    SplittableRandom random = new SplittableRandom(5);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
      String text = instant.toString();
      assertThat(IsoInstants.parse(text))
          .as(text)
          .isEqualTo(Instant.parse(text))
          .isEqualTo(instant);
      assertThat(IsoInstants.format(instant)).isEqualTo(text);
    }
  }

  @Test
  void formats_instants_outside_four_digit_years_as_instant_to_string() {
    for (Instant instant :
        List.of(
            Instant.MIN,
            Instant.MAX,
            Instant.EPOCH,
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
            Instant.ofEpochSecond(-1, 1))) {
      assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void other_shapes_get_instant_parse_results_and_errors() {
    for (String text :
        List.of(
            "2025-03-01T10:15:30.5Z",
            "2025-03-01T10:15:30.123456789Z",
            "2025-03-01T10:15:30.000Z",
            "2025-03-01T10:15Z",
            "2025-03-01t10:15:30z",
            "2024-02-29T00:00:00Z",
            "2025-12-31T23:59:60Z",
            "+12025-03-01T10:15:30Z",
            "2025-03-01T10:15:30+01:00",
            "",
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-03-01T24:00:00Z",
            "2025-03-01T10:60:00Z",
            "2025-03-01T10:15:30.Z",
            "2025-03-01T10:15:30.1234567890Z",
            "2025-03-01T10:15:3xZ",
            "2025-03-01 10:15:30Z",
            "not an instant")) {
      assertThat(result(() -> IsoInstants.parse(text)))
          .as(text)
          .isEqualTo(result(() -> Instant.parse(text)));
    }
    assertThatThrownBy(() -> IsoInstants.parse("2025-02-29T00:00:00Z"))
        .isInstanceOf(DateTimeParseException.class);
  }

  private interface Parse {
    Instant run();
  }

  private static String result(Parse parse) {
    try {
      return parse.run().toString();
    } catch (DateTimeParseException e) {
      return e.getMessage();
    }
  }
}
