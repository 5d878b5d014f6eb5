package org.chargebay.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line through its in-process entry {@link FleetSimulatorMain#run}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FleetSimulatorMainIT {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return FleetSimulatorMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        CompletableFuture.completedFuture(null));
  }

  @Test
  void help_prints_the_usage_and_exits_0() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("usage: chargebay simulator --bays N --config-out FILE")
        .contains("--fault-percent P", "--hang N", "--results-out FILE");
    assertThat(err.size()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--config-out x.properties | --bays N is required",
        "--bays 5 | --config-out FILE is required",
        "--bays 0 --config-out x.properties | --bays must be 1 to 5000, was 0",
        "--bays five --config-out x.properties | --bays must be a whole number, was 'five'",
        "--bays 5 --config-out x.properties --bms victron | --bms must be jbd, jk, daly or ant, was 'victron'",
        "--bays 5 --config-out x.properties --supply RD9999 | --supply must be one of RD6006|",
        "--bays 5 --config-out x.properties --speed 0 | --speed must be above 0",
        "--bays 5 --config-out x.properties --port-base 65530 | --port-base 65530 with 5 bays needs ports 65530-65539",
        "--bays 5 --config-out x.properties --fault-after soon | --fault-after must be a duration",
        "--bays 4 --config-out x.properties --fault-percent 50 --hang 3 | plus --hang 3 is more than the 4 bays",
        "--bays 5 --config-out x.properties --cells 15 | RD6018 can set at most 60.0 V; 15 cells at 4.15 V plus the controller's 50 mV OVP margin need 63.00 V",
        "--bays 5 --config-out x.properties --ceiling-volts 4.24 | plus --margin-volts must be at most 4.25 V",
        "--bays 5 --config-out x.properties --frobnicate 1 | unknown option --frobnicate",
        "--bays 5 --config-out | --config-out needs a value",
        "stray --bays 5 | unexpected argument 'stray'",
      })
  void usage_errors_exit_64_naming_the_option(String args, String message) {
    assertThat(run(args.trim().split(" +"))).isEqualTo(64);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("chargebay simulator: ")
        .contains(message.trim())
        .contains("--help");
    assertThat(out.size()).isZero();
  }

  @Test
  void a_run_writes_the_config_says_ready_and_on_stop_writes_one_result_line_per_bay()
      throws Exception {
    Path config = dir.resolve("bays.properties");
    Path results = dir.resolve("results.jsonl");
    CompletableFuture<Void> ready = new CompletableFuture<>();
    CompletableFuture<Void> stop = new CompletableFuture<>();
    OutputStream watch =
        new OutputStream() {
          @Override
          public void write(int b) {
            out.write(b);
            String text = out.toString(StandardCharsets.UTF_8);
            if (text.contains("bays ready") && text.endsWith("\n")) {
              ready.complete(null);
            }
          }
        };
    CompletableFuture<Integer> code =
        CompletableFuture.supplyAsync(
            () ->
                FleetSimulatorMain.run(
                    new String[] {
                      "--bays",
                      "3",
                      "--hang",
                      "1",
                      "--config-out",
                      config.toString(),
                      "--results-out",
                      results.toString()
                    },
                    new PrintStream(watch, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    stop));
    ready.get(30, TimeUnit.SECONDS);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("fleet simulator: 3 bays ready, config in " + config);
    assertThat(Files.readAllLines(config))
        .filteredOn(l -> l.endsWith(".auto-start=true"))
        .hasSize(3);
    stop.complete(null);
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    List<String> lines = Files.readAllLines(results);
    assertThat(lines).hasSize(3);
    assertThat(lines).filteredOn(l -> l.contains("\"role\":\"hung\"")).hasSize(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("fleet simulator: stopped, results in " + results);
  }
}
