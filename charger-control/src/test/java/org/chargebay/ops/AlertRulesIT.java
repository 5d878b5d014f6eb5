package org.chargebay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alert rules as Prometheus's own tool sees them: {@code promtool check rules} on the rule file
 * and {@code promtool test rules} on every unit-test file (one per rule group). A failure carries
 * promtool's output (the expected and the actual alerts).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AlertRulesIT {
  private static final Duration MAX = Duration.ofSeconds(60);

  static Stream<Path> ruleTests() {
    return OpsFiles.ruleTests().stream();
  }

  @Test
  void the_rule_file_passes_promtool_check_rules() {
    OpsFiles.Result r =
        OpsFiles.run(
            OpsFiles.root(),
            MAX,
            List.of(OpsFiles.tool("promtool").toString(), "check", "rules", OpsFiles.RULES));
    assertThat(r.exit()).as("promtool check rules:%n%s", r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: 12 rules found");
  }

  @Test
  void every_rule_group_has_exactly_one_test_file_named_after_it() throws java.io.IOException {
    List<String> groups =
        java.util.regex.Pattern.compile("(?m)^  - name: chargebay-(\\S+)$")
            .matcher(java.nio.file.Files.readString(OpsFiles.rules()))
            .results()
            .map(m -> m.group(1) + "_test.yml")
            .sorted()
            .toList();
    assertThat(groups)
        .containsExactly(
            "liveness_test.yml", "pipeline_test.yml", "safety_test.yml", "session_test.yml");
    assertThat(OpsFiles.ruleTests()).extracting(p -> p.getFileName().toString()).isEqualTo(groups);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleTests")
  void the_rule_unit_tests_pass_promtool_test_rules(Path testFile) {
    OpsFiles.Result r =
        OpsFiles.run(
            testFile.getParent(),
            MAX,
            List.of(
                OpsFiles.tool("promtool").toString(),
                "test",
                "rules",
                testFile.getFileName().toString()));
    assertThat(r.exit())
        .as("promtool test rules %s:%n%s", testFile.getFileName(), r.output())
        .isZero();
    assertThat(r.output()).contains("SUCCESS");
  }
}
