package org.chargebay.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.chargebay.events.PathOutcome.Result;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Action lines as the bay writes them, read as each path's outcome. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PathOutcomeTest {

  @Test
  void confirmed_failed_and_not_available_lines_name_their_path_and_detail() {
    assertThat(PathOutcome.of("supply-output-off: confirmed"))
        .isEqualTo(new PathOutcome("supply-output-off", Result.CONFIRMED, null));
    assertThat(PathOutcome.of("bms-charge-fet-off: failed: JBD BMS did not switch: read-back on"))
        .isEqualTo(
            new PathOutcome(
                "bms-charge-fet-off", Result.FAILED, "JBD BMS did not switch: read-back on"));
    assertThat(PathOutcome.of("bms-charge-fet-off: not available: no MOSFET command"))
        .isEqualTo(
            new PathOutcome("bms-charge-fet-off", Result.NOT_AVAILABLE, "no MOSFET command"));
    assertThat(PathOutcome.of("watchdog supply-output-off: confirmed").path())
        .isEqualTo("watchdog supply-output-off");
  }

  @Test
  void a_line_that_does_not_say_confirmed_is_a_failed_path() {
    assertThat(PathOutcome.of("supply-output-off: maybe").result()).isEqualTo(Result.FAILED);
    assertThat(PathOutcome.of("garbled").result()).isEqualTo(Result.FAILED);
    assertThat(PathOutcome.of("supply-output-off: ok").result()).isEqualTo(Result.CONFIRMED);
  }
}
