package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.chargebay.soak.ControllerProcess;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of refusal of {@link ConfigCorpusTest}, once, on the packaged controller: it exits with
 * 78 (EX_CONFIG) before it listens, and its output names the key without a stack trace.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConfigExitIT {
  private static final String BAY = "chargebay.bays.b1.";

  @TempDir Path dir;

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("missing", Map.of(BAY + "profile.cells", ""), BAY + "profile.cells"),
        Arguments.of("wrong type", Map.of(BAY + "profile.cells", "abc"), BAY + "profile.cells"),
        Arguments.of("wrong type (switch)", Map.of(BAY + "auto-start", "ture"), BAY + "auto-start"),
        Arguments.of(
            "out of range", Map.of("chargebay.poll-interval", "5s"), "chargebay.poll-interval"),
        Arguments.of(
            "out of range (chemistry)",
            Map.of(BAY + "profile.chemistry", "LFP"),
            BAY + "profile.cell-ceiling-volts"),
        Arguments.of(
            "unknown",
            Map.of(BAY + "profile.cell-ceiling-volt", "4.1"),
            BAY + "profile.cell-ceiling-volt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void a_bad_key_stops_the_packaged_controller_with_exit_78_naming_it(
      String kind, Map<String, String> change, String key) throws Exception {
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("quarkus.http.host", "127.0.0.1");
    p.put("quarkus.http.port", "0");
    p.put("chargebay.journal.path", dir.resolve("chargebay.db").toString());
    p.put(BAY + "supply.url", "modbus-tcp://127.0.0.1:1");
    p.put(BAY + "bms.url", "tcp://127.0.0.1:1");
    p.put(BAY + "profile.cells", "13");
    p.put(BAY + "profile.cell-ceiling-volts", "4.15");
    p.put(BAY + "profile.current-amps", "2.0");
    change.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            p.remove(k);
          } else {
            p.put(k, v);
          }
        });
    StringBuilder text = new StringBuilder();
    p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Path config = Files.writeString(dir.resolve("application.properties"), text);

    ControllerProcess app = ControllerProcess.start(config, dir.resolve("app.log"));
    try {
      assertThat(app.waitForExit(Duration.ofSeconds(120)))
          .as("%s: the controller stops by itself:%n%s", kind, app.log())
          .isTrue();
    } finally {
      if (app.alive()) {
        app.kill9();
      }
    }
    String out = app.log();
    assertThat(app.exitValue()).as("%s: exit status; output:%n%s", kind, out).isEqualTo(78);
    assertThat(out).as(kind).contains(key);
    assertThat(out.lines())
        .as("%s: no stack trace", kind)
        .noneMatch(l -> l.matches("\\s+at [\\w$.]+\\(.*") || l.startsWith("Exception in thread"));
  }
}
