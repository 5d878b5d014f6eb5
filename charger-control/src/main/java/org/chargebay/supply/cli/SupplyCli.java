package org.chargebay.supply.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.chargebay.cli.common.CliRunner;
import org.chargebay.cli.common.DataError;
import org.chargebay.cli.common.Exit;
import org.chargebay.supply.ModbusConnections;
import org.chargebay.supply.ProtectionSettings;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyModels;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code chargebay supply probe|set}: talks to one supply and prints its reading as JSON ({@link
 * SupplyJson}). Plain Java (no CDI), so that it runs from the application's class path without
 * starting Quarkus.
 *
 * <p>Parsing, help and the exit statuses are {@link CliRunner}'s: 0 done, 2 the supply did not
 * answer ({@code supply_unreachable}) or refused ({@code supply_refused}) as {@code
 * {"error":"<code>","reason":"..."}} on stdout, 64 usage (a URL or model the drivers refuse
 * included), 70 an unexpected failure. Never prints a stack trace.
 */
@Command(
    name = "chargebay supply",
    description = "Talks to one supply (Modbus RTU/TCP or JUNTEK ASCII) and prints JSON.",
    subcommands = {SupplyCli.Probe.class, SupplyCli.Set.class})
public final class SupplyCli {

  final PrintStream out;
  final Connector connector;

  private SupplyCli(PrintStream out, Connector connector) {
    this.out = out;
    this.connector = connector;
  }

  public static void main(String[] args) {
    // Outside Quarkus the application's JBoss slf4j binding cannot start (its log manager lives
    // in the boot class path) and slf4j would print its complaints on stderr: the libraries'
    // log lines are not wanted here, every outcome is reported as JSON or usage text.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, ModbusConnections::open);
  }

  static int run(String[] args, PrintStream out, PrintStream err, Connector connector) {
    return CliRunner.run(new SupplyCli(out, connector), args, out, err);
  }

  /** Opens a driver, as {@link ModbusConnections#open}; a test replaces it to inject failures. */
  @FunctionalInterface
  interface Connector {
    /**
     * @throws IllegalArgumentException naming what is wrong with the URL, unit or model
     */
    SupplyDriver open(String url, int unit, @Nullable String model, Duration timeout);
  }

  /** What the subcommands do before the read-back they print. */
  @FunctionalInterface
  private interface Action {
    void apply(SupplyDriver driver) throws SupplyException;
  }

  /** Where the supply is and how to address it. */
  static final class Connection {
    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description =
            "modbus-tcp://HOST:PORT, rtu:SERIAL-PATH?baud=115200, rtu-tcp://HOST:PORT,"
                + " riden-wifi://0.0.0.0:8080, dph:SERIAL-PATH?baud=9600 or dph-tcp://HOST:PORT.")
    String url;

    @Option(
        names = "--unit",
        paramLabel = "N",
        defaultValue = "1",
        description = "Modbus unit id 1-247 (JUNTEK: address 1-99); default ${DEFAULT-VALUE}.")
    int unit;

    @Option(
        names = "--model",
        paramLabel = "M",
        defaultValue = "auto",
        completionCandidates = ModelNames.class,
        description =
            "auto (detect; the default), EA, WAVESHARE-RELAY or one of: ${COMPLETION-CANDIDATES}.")
    String model;

    @Option(
        names = "--timeout-ms",
        paramLabel = "T",
        defaultValue = "1000",
        description = "Per-request timeout in milliseconds; default ${DEFAULT-VALUE}.")
    int timeoutMillis;
  }

  /**
   * Opens the driver, runs {@code action}, reads back and prints the reading; closes the driver
   * whatever happens. A supply that does not answer or refuses is a data error.
   */
  private int session(CommandSpec spec, Connection c, Action action) {
    if (c.timeoutMillis < 1) {
      throw new ParameterException(
          spec.commandLine(), "--timeout-ms must be positive, was " + c.timeoutMillis);
    }
    SupplyDriver driver;
    try {
      driver = connector.open(c.url, c.unit, c.model, Duration.ofMillis(c.timeoutMillis));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), String.valueOf(e.getMessage()));
    }
    try {
      action.apply(driver);
      SupplyReading r = driver.read();
      Optional<ProtectionSettings> p = driver.readProtection();
      out.println(SupplyJson.reading(c.url, c.unit, r, p, driver.capabilities()));
      return Exit.OK;
    } catch (SupplyException.Retriable e) {
      throw new DataError("supply_unreachable", e.getMessage());
    } catch (SupplyException e) { // Fatal: a refusal, a disagreeing read-back, an unknown model
      throw new DataError("supply_refused", e.getMessage());
    } finally {
      driver.close();
    }
  }

  @Command(
      name = "probe",
      description = "Detects the supply and prints its model and a full reading as JSON.")
  static final class Probe implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ParentCommand SupplyCli supply;

    @Mixin Connection connection;

    @Override
    public Integer call() {
      return supply.session(spec, connection, driver -> {});
    }
  }

  @Command(
      name = "set",
      description = {
        "Writes a setpoint and the output state, reads back and prints the reading as JSON.",
        "With --output on it first writes the supply's own OVP/OCP and verifies them by"
            + " read-back."
      })
  static final class Set implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ParentCommand SupplyCli supply;

    @Mixin Connection connection;

    @Option(
        names = "--volts",
        required = true,
        paramLabel = "V",
        converter = MilliConverter.class,
        description = "Voltage setpoint in volts, 0-1000, to the millivolt.")
    int millivolts;

    @Option(
        names = "--amps",
        required = true,
        paramLabel = "A",
        converter = MilliConverter.class,
        description = "Current setpoint in amps, 0-1000, to the milliamp.")
    int milliamps;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "on|off",
        converter = OutputConverter.class,
        description = "Output state.")
    Output output;

    @Option(
        names = "--ovp",
        paramLabel = "V",
        converter = MilliConverter.class,
        description = "Over-voltage protection in volts (default: volts + 5 %%, at least + 0.5 V).")
    @Nullable Integer ovpMillivolts;

    @Option(
        names = "--ocp",
        paramLabel = "A",
        converter = MilliConverter.class,
        description = "Over-current protection in amps (default: amps + 10 %%, at least + 0.1 A).")
    @Nullable Integer ocpMilliamps;

    @Override
    public Integer call() {
      SupplySetpoint setpoint = new SupplySetpoint(millivolts, milliamps, output == Output.ON);
      int ovp = ovpMillivolts != null ? ovpMillivolts : millivolts + Math.max(500, millivolts / 20);
      int ocp = ocpMilliamps != null ? ocpMilliamps : milliamps + Math.max(100, milliamps / 10);
      return supply.session(
          spec,
          connection,
          driver -> {
            if (setpoint.outputOn()) {
              driver.setProtection(ovp, ocp);
            }
            driver.apply(setpoint);
          });
    }
  }

  /** {@code 52.34} (volts or amps) to {@code 52340} (milli-units), 0-1000 units. */
  static final class MilliConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      BigDecimal units;
      try {
        units = new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (units.signum() < 0 || units.compareTo(BigDecimal.valueOf(1000)) > 0) {
        throw new TypeConversionException("must be between 0 and 1000, was " + value);
      }
      return units.movePointRight(3).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }
  }

  /** The output state {@code set --output} asks for. */
  enum Output {
    ON,
    OFF
  }

  static final class OutputConverter implements ITypeConverter<Output> {
    @Override
    public Output convert(String value) {
      switch (value) {
        case "on":
          return Output.ON;
        case "off":
          return Output.OFF;
        default:
          throw new TypeConversionException("must be on or off, was '" + value + "'");
      }
    }
  }

  /** The model names, for the help of {@code --model}. */
  static final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SupplyModels.names().iterator();
    }
  }
}
