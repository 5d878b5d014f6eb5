package org.chargebay.simulator.fleet;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.chargebay.simulator.supply.EmulatedModel;

/** The fleet simulator's command line: {@code --option value} or {@code --option=value}. */
final class FleetArgs {
  private FleetArgs() {}

  static final String USAGE =
      String.join(
          "\n",
          "usage: chargebay simulator --bays N --config-out FILE [options]",
          "  serves N simulated bays on loopback (per bay: a pack, an emulated supply on its own",
          "  Modbus TCP port, an emulated BMS on its own TCP port) until SIGTERM or SIGINT, and",
          "  writes the controller's chargebay.bays.<id>.* configuration for them to FILE",
          "options:",
          "  --bays N                 bays to serve, 1-" + FleetOptions.MAX_BAYS + " (required)",
          "  --config-out FILE        where the bay configuration is written (required)",
          "  --supply MODEL           " + models() + " (default RD6018)",
          "  --bms FAMILY             jbd|jk|daly|ant (default jbd)",
          "  --speed X                simulated seconds per wall second (default 1)",
          "  --port-base P            supply of bay i on P+2i, its BMS on P+2i+1 (default: free ports)",
          "  --seed S                 chooses states of charge, imbalance, faulted and hung bays (default 1)",
          "  --cells N                cells in series per pack, 2.0 Ah NMC (default 13)",
          "  --ceiling-volts V        profile cell ceiling (default 4.15)",
          "  --margin-volts V         cut-off margin above the ceiling (default 0.020)",
          "  --current-amps A         profile CC current (default 2.0)",
          "  --soc MIN-MAX            starting state of charge range in percent (default 20-80)",
          "  --auto-start true|false  write auto-start for every bay (default true)",
          "  --fault-percent P        P % of bays: the supply ignores its voltage setpoint and its",
          "                           own OVP/OCP do not trip, from --fault-after on (default 0)",
          "  --fault-after D          simulation time after start, e.g. 60s, 5m, 500ms (default 60s)",
          "  --hang N                 N bays whose supply and BMS accept and never answer (default 0)",
          "  --results-out FILE       on exit, one JSON line per bay: over-ceiling and output-off times",
          "  --help                   this text",
          "exit: 0 after SIGTERM/SIGINT, 64 bad usage, 69 a port cannot be bound, 74 a file cannot be written");

  /** What the command line asks for. */
  sealed interface Parsed permits Run, Help, Invalid {}

  record Run(FleetOptions options) implements Parsed {}

  record Help() implements Parsed {}

  /** A usage error, with a sentence naming the option. */
  record Invalid(String reason) implements Parsed {}

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern SOC = Pattern.compile("(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)");

  static Parsed parse(List<String> args) {
    FleetOptions.Builder b = new FleetOptions.Builder();
    boolean sawBays = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        return new Help();
      }
      if (!arg.startsWith("--")) {
        return new Invalid("unexpected argument '" + arg + "'");
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        return new Invalid(arg + " needs a value");
      }
      try {
        switch (name) {
          case "--bays" -> {
            b.bays(integer(name, value));
            sawBays = true;
          }
          case "--config-out" -> b.configOut(path(name, value));
          case "--results-out" -> b.resultsOut(path(name, value));
          case "--supply" -> b.supply(model(value));
          case "--bms" ->
              b.bms(
                  FleetBms.parse(value)
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "--bms must be jbd, jk, daly or ant, was '" + value + "'")));
          case "--speed" -> b.speed(decimal(name, value).doubleValue());
          case "--port-base" -> b.portBase(integer(name, value));
          case "--seed" -> b.seed(longValue(name, value));
          case "--cells" -> b.cells(integer(name, value));
          case "--ceiling-volts" -> b.cellCeilingVolts(decimal(name, value));
          case "--margin-volts" -> b.cellMarginVolts(decimal(name, value));
          case "--current-amps" -> b.currentAmps(decimal(name, value));
          case "--soc" -> {
            Matcher m = SOC.matcher(value);
            if (!m.matches()) {
              throw new IllegalArgumentException(
                  "--soc must be MIN-MAX in percent, e.g. 20-80, was '" + value + "'");
            }
            b.soc(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
          }
          case "--auto-start" -> {
            if (!value.equals("true") && !value.equals("false")) {
              throw new IllegalArgumentException(
                  "--auto-start must be true or false, was '" + value + "'");
            }
            b.autoStart(Boolean.parseBoolean(value));
          }
          case "--fault-percent" -> b.faultPercent(decimal(name, value).doubleValue());
          case "--fault-after" -> b.faultAfter(duration(name, value));
          case "--hang" -> b.hang(integer(name, value));
          default -> {
            return new Invalid("unknown option " + name);
          }
        }
      } catch (IllegalArgumentException e) {
        return new Invalid(e.getMessage());
      }
    }
    if (!sawBays) {
      return new Invalid("--bays N is required");
    }
    try {
      return new Run(b.build());
    } catch (IllegalArgumentException e) {
      return new Invalid(e.getMessage());
    }
  }

  private static String models() {
    return Arrays.stream(EmulatedModel.values())
        .map(EmulatedModel::displayName)
        .collect(Collectors.joining("|"));
  }

  private static EmulatedModel model(String value) {
    for (EmulatedModel m : EmulatedModel.values()) {
      if (m.displayName().equalsIgnoreCase(value) || m.name().equalsIgnoreCase(value)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "--supply must be one of " + models() + ", was '" + value + "'");
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }

  private static long longValue(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }

  private static BigDecimal decimal(String name, String value) {
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
    }
  }

  private static Path path(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " needs a file name");
    }
    return Path.of(value);
  }

  private static Duration duration(String name, String value) {
    Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          name + " must be a duration such as 500ms, 60s, 5m or 1h, was '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
