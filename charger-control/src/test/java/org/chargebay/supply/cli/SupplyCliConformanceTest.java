package org.chargebay.supply.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The command-line contract for {@code supply probe} and {@code supply set}: help on stdout with 0,
 * usage errors 64, a supply that does not answer or refuses as JSON with 2, unexpected failures as
 * one JSON line on stderr with 70. Drivers come from {@link SupplyCli.Connector}; nothing opens a
 * port.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyCliConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exit, String out, String err) {}

  /** A driver that records what it is asked and fails its read (and, if set, its writes). */
  private static final class FailingDriver implements SupplyDriver {
    final List<String> calls = new ArrayList<>();
    final Exception readFailure;
    final @Nullable Exception writeFailure;

    FailingDriver(Exception readFailure, @Nullable Exception writeFailure) {
      this.readFailure = readFailure;
      this.writeFailure = writeFailure;
    }

    private void fail(Exception e) throws SupplyException {
      if (e instanceof SupplyException s) {
        throw s;
      }
      throw (RuntimeException) e;
    }

    @Override
    public SupplyReading read() throws SupplyException {
      calls.add("read");
      fail(readFailure);
      throw new AssertionError();
    }

    @Override
    public void apply(SupplySetpoint setpoint) throws SupplyException {
      calls.add(
          "apply "
              + setpoint.millivolts()
              + " mV "
              + setpoint.milliamps()
              + " mA "
              + setpoint.outputOn());
      if (writeFailure != null) {
        fail(writeFailure);
      }
    }

    @Override
    public void outputOff() {
      calls.add("outputOff");
    }

    @Override
    public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
      calls.add("protection " + ovpMillivolts + " mV " + ocpMilliamps + " mA");
      if (writeFailure != null) {
        fail(writeFailure);
      }
    }

    @Override
    public SupplyCapabilities capabilities() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  private final List<String> opened = new ArrayList<>();

  private SupplyCli.Connector connector(SupplyDriver driver) {
    return (String url, int unit, @Nullable String model, Duration timeout) -> {
      opened.add(
          url + " unit " + unit + " model " + model + " timeout " + timeout.toMillis() + " ms");
      return driver;
    };
  }

  private static Run run(SupplyCli.Connector connector, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        SupplyCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            connector);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run run(String... args) {
    return run(
        (url, unit, model, timeout) -> {
          throw new AssertionError("no driver is opened for " + String.join(" ", args));
        },
        args);
  }

  private static void assertHelp(Run run, String usage) {
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: " + usage).contains("-h, --help", "--url=URL");
  }

  private static void assertUsage(Run run, String command) {
    assertThat(run.exit()).as(run.err()).isEqualTo(64);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList())
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).startsWith(command + ": "))
        .satisfies(
            l ->
                assertThat(l.get(1))
                    .isEqualTo("Try '" + command + " --help' for more information."));
  }

  private static void assertDataError(Run run, String code, String reason) throws Exception {
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).hasSize(1);
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("error").asText()).isEqualTo(code);
    assertThat(json.get("reason").asText()).isEqualTo(reason);
    assertThat(json.size()).isEqualTo(2);
  }

  private static void assertInternal(Run run, String message) throws Exception {
    assertThat(run.exit()).isEqualTo(70);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ");
    JsonNode json = JSON.readTree(run.err());
    assertThat(json.get("error").asText()).isEqualTo("internal");
    assertThat(json.get("reason").asText()).contains(message);
    assertThat(json.size()).isEqualTo(2);
  }

  // ---- supply probe --------------------------------------------------------------------------

  @Test
  void probe_help_prints_usage_on_stdout_with_status_0() {
    assertHelp(run("probe", "--help"), "chargebay supply probe");
    assertHelp(run("probe", "-h"), "chargebay supply probe");
    assertHelp(run("help", "probe"), "chargebay supply probe");
    assertThat(run("--help").out()).startsWith("Usage: chargebay supply").contains("probe", "set");
  }

  @Test
  void probe_usage_errors_exit_64() {
    assertUsage(run("probe"), "chargebay supply probe");
    assertUsage(
        run("probe", "--url", "modbus-tcp://127.0.0.1:1502", "--unit", "one"),
        "chargebay supply probe");
    assertUsage(
        run("probe", "--url=modbus-tcp://127.0.0.1:1502", "--timeout-ms=0"),
        "chargebay supply probe");
    assertUsage(
        run("probe", "--url", "modbus-tcp://127.0.0.1:1502", "--volts", "5"),
        "chargebay supply probe");
    assertUsage(run("prob"), "chargebay supply");
    assertUsage(run(), "chargebay supply");
  }

  @Test
  void probe_of_a_supply_that_does_not_answer_is_a_data_error_with_status_2() throws Exception {
    FailingDriver driver =
        new FailingDriver(
            new SupplyException.Retriable("no reply from unit 1 within 300 ms", null), null);

    Run run =
        run(
            connector(driver),
            "probe",
            "--url=modbus-tcp://127.0.0.1:1502",
            "--unit",
            "3",
            "--timeout-ms=300");

    assertDataError(run, "supply_unreachable", "no reply from unit 1 within 300 ms");
    assertThat(opened)
        .containsExactly("modbus-tcp://127.0.0.1:1502 unit 3 model auto timeout 300 ms");
    assertThat(driver.calls).containsExactly("read", "close");
  }

  @Test
  void probe_that_fails_unexpectedly_is_one_internal_json_line_with_status_70() throws Exception {
    FailingDriver driver =
        new FailingDriver(new IllegalStateException("injected driver bug"), null);

    Run run = run(connector(driver), "probe", "--url", "modbus-tcp://127.0.0.1:1502");

    assertInternal(run, "java.lang.IllegalStateException: injected driver bug");
    assertThat(driver.calls).containsExactly("read", "close");
  }

  // ---- supply set ----------------------------------------------------------------------------

  @Test
  void set_help_prints_usage_on_stdout_with_status_0() {
    assertHelp(run("set", "--help"), "chargebay supply set");
    assertHelp(run("set", "--volts", "5", "-h"), "chargebay supply set");
  }

  @Test
  void set_usage_errors_exit_64() {
    String url = "--url=modbus-tcp://127.0.0.1:1502";
    assertUsage(run("set", url, "--volts", "5", "--amps", "1"), "chargebay supply set");
    assertUsage(
        run("set", url, "--volts", "five", "--amps", "1", "--output", "on"),
        "chargebay supply set");
    assertUsage(
        run("set", url, "--volts", "1001", "--amps", "1", "--output", "on"),
        "chargebay supply set");
    assertUsage(
        run("set", url, "--volts", "5", "--amps", "1", "--output", "maybe"),
        "chargebay supply set");
    assertUsage(
        run("set", url, "--volts", "5", "--volts", "6", "--amps", "1", "--output", "on"),
        "chargebay supply set");
  }

  @Test
  void set_takes_both_option_forms_and_writes_the_backstop_before_the_setpoint() throws Exception {
    FailingDriver driver =
        new FailingDriver(new SupplyException.Retriable("the read-back timed out", null), null);

    Run run =
        run(
            connector(driver),
            "set",
            "--url",
            "rtu:/dev/ttyUSB0",
            "--volts=33.2",
            "--amps",
            "1.25",
            "--output=on");

    assertDataError(run, "supply_unreachable", "the read-back timed out");
    assertThat(driver.calls)
        .containsExactly(
            "protection 34860 mV 1375 mA", "apply 33200 mV 1250 mA true", "read", "close");
  }

  @Test
  void set_refused_by_the_supply_is_a_data_error_with_status_2() throws Exception {
    FailingDriver driver =
        new FailingDriver(
            new IllegalStateException("not reached"),
            new SupplyException.Fatal("RD6006 takes at most 60000 mV, not 61000 mV"));

    Run run =
        run(
            connector(driver),
            "set",
            "--url",
            "rtu:/dev/ttyUSB0",
            "--volts",
            "61",
            "--amps",
            "1",
            "--output",
            "off");

    assertDataError(run, "supply_refused", "RD6006 takes at most 60000 mV, not 61000 mV");
    assertThat(driver.calls).containsExactly("apply 61000 mV 1000 mA false", "close");
  }

  @Test
  void set_that_fails_unexpectedly_is_one_internal_json_line_with_status_70() throws Exception {
    FailingDriver driver =
        new FailingDriver(
            new IllegalStateException("not reached"), new ArithmeticException("injected overflow"));

    Run run =
        run(
            connector(driver),
            "set",
            "--url",
            "rtu:/dev/ttyUSB0",
            "--volts",
            "5",
            "--amps",
            "1",
            "--output",
            "on");

    assertInternal(run, "java.lang.ArithmeticException: injected overflow");
    assertThat(driver.calls).containsExactly("protection 5500 mV 1100 mA", "close");
  }
}
