package org.chargebay.supply.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chargebay.supply.ModbusConnections;
import org.chargebay.supply.ProtectionSettings;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyModels;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * {@code chargebay supply probe|set}: talks to one supply and prints JSON. Plain Java (no CDI),
 * so that it runs from the application's class path without starting Quarkus.
 *
 * <p>Exit codes: 0 done, 2 the supply failed or refused ({@code {"error": ..., "reason": ...}}
 * on stdout), 64 usage (text on stderr). Never prints a stack trace.
 */
public final class SupplyCli {
  static final String USAGE =
      """
      usage: chargebay supply probe --url <url> [--unit N] [--model M] [--timeout-ms T]
             chargebay supply set   --url <url> --volts X --amps Y --output on|off
                                    [--ovp V] [--ocp A] [--unit N] [--model M] [--timeout-ms T]
        url: modbus-tcp://host:port | rtu:<serial path>?baud=115200 | rtu-tcp://host:port
             | riden-wifi://0.0.0.0:8080 | dph:<serial path>?baud=9600
        --model: auto (default) or one of %s
        set with --output on first writes the supply's own OVP/OCP (default: volts + 5 %% but at
        least +0.5 V, amps + 10 %% but at least +0.1 A) and verifies them by read-back.
      """
          .formatted(SupplyModels.names());

  private SupplyCli() {}

  public static void main(String[] args) {
    // Outside Quarkus the application's JBoss slf4j binding cannot start (its log manager lives
    // in the boot class path) and slf4j would print its complaints on stderr: the libraries'
    // log lines are not wanted here, every outcome is reported as JSON or usage text.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    }
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      return dispatch(args, out, err);
    } catch (Usage u) {
      err.println("supply: " + u.getMessage());
      err.print(USAGE);
      return 64;
    } catch (RuntimeException bug) {
      out.println(error("internal_error", "unexpected failure: " + bug));
      return 2;
    }
  }

  private static final class Usage extends RuntimeException {
    Usage(String message) {
      super(message);
    }
  }

  private static int dispatch(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
      if (args.length == 0) {
        throw new Usage("a command is needed");
      }
      err.print(USAGE);
      return 0;
    }
    String command = args[0];
    Map<String, String> opts = options(args);
    if (!List.of("probe", "set").contains(command)) {
      throw new Usage("unknown command '" + command + "'");
    }
    String url = required(opts, "url");
    int unit = intOpt(opts, "unit", 1);
    String model = opts.getOrDefault("model", "auto");
    Duration timeout = Duration.ofMillis(intOpt(opts, "timeout-ms", 1000));
    List<String> allowed = command.equals("probe")
        ? List.of("url", "unit", "model", "timeout-ms")
        : List.of("url", "unit", "model", "timeout-ms", "volts", "amps", "output", "ovp", "ocp");
    for (String k : opts.keySet()) {
      if (!allowed.contains(k)) {
        throw new Usage("unknown option --" + k + " for " + command);
      }
    }
    SupplySetpoint setpoint = null;
    int ovp = 0;
    int ocp = 0;
    if (command.equals("set")) {
      int mv = milli(required(opts, "volts"), "volts");
      int ma = milli(required(opts, "amps"), "amps");
      String output = required(opts, "output");
      if (!output.equals("on") && !output.equals("off")) {
        throw new Usage("--output must be on or off, was '" + output + "'");
      }
      setpoint = new SupplySetpoint(mv, ma, output.equals("on"));
      ovp = opts.containsKey("ovp") ? milli(opts.get("ovp"), "ovp") : mv + Math.max(500, mv / 20);
      ocp = opts.containsKey("ocp") ? milli(opts.get("ocp"), "ocp") : ma + Math.max(100, ma / 10);
    }
    SupplyDriver driver;
    try {
      driver = ModbusConnections.open(url, unit, model, timeout);
    } catch (IllegalArgumentException e) {
      throw new Usage(e.getMessage());
    }
    try {
      if (setpoint != null) {
        if (setpoint.outputOn()) {
          driver.setProtection(ovp, ocp);
        }
        driver.apply(setpoint);
      }
      SupplyReading r = driver.read();
      Optional<ProtectionSettings> p = driver.readProtection();
      out.println(json(url, unit, r, p, driver.capabilities()));
      return 0;
    } catch (SupplyException.Retriable e) {
      out.println(error("supply_unreachable", e.getMessage()));
      return 2;
    } catch (SupplyException e) { // Fatal: a refusal, a disagreeing read-back, an unknown model
      out.println(error("supply_refused", e.getMessage()));
      return 2;
    } finally {
      driver.close();
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() < 3) {
        throw new Usage("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new Usage("--" + name + " needs a value");
        }
        value = args[++i];
      }
      if (opts.put(name, value) != null) {
        throw new Usage("--" + name + " given twice");
      }
    }
    return opts;
  }

  private static String required(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      throw new Usage("--" + name + " is required");
    }
    return v;
  }

  private static int intOpt(Map<String, String> opts, String name, int dflt) {
    String v = opts.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new Usage("--" + name + " must be a whole number, was '" + v + "'");
    }
  }

  /** "52.34" -> 52340. */
  private static int milli(String v, String name) {
    try {
      BigDecimal d = new BigDecimal(v).movePointRight(3);
      if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
        throw new Usage("--" + name + " must be between 0 and 1000, was " + v);
      }
      return d.setScale(0, java.math.RoundingMode.HALF_UP).intValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new Usage("--" + name + " must be a number, was '" + v + "'");
    }
  }

  static String json(
      String url, int unit, SupplyReading r, Optional<ProtectionSettings> p, SupplyCapabilities caps) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("model", r.model());
    m.put("url", url);
    m.put("unit", unit);
    m.put("set_v", units(r.setMillivolts()));
    m.put("set_a", units(r.setMilliamps()));
    m.put("out_v", units(r.outMillivolts()));
    m.put("out_a", units(r.outMilliamps()));
    m.put("out_w", units(r.outMilliwatts()));
    m.put("input_v", r.inputMillivolts() == 0 ? null : units(r.inputMillivolts()));
    m.put("mode", r.mode());
    m.put("output_on", r.outputOn());
    m.put("protection", r.protectionName());
    m.put("ovp_v", p.map(x -> (Object) units(x.ovpMillivolts())).orElse(null));
    m.put("ocp_a", p.map(x -> (Object) units(x.ocpMilliamps())).orElse(null));
    m.put("temp_c", r.tempDeciCelsius().isPresent() ? BigDecimal.valueOf(r.tempDeciCelsius().getAsInt(), 1) : null);
    Map<String, @Nullable Object> c = new LinkedHashMap<>();
    c.put("max_v", units(caps.maxMillivolts()));
    c.put("max_a", units(caps.maxMilliamps()));
    c.put("step_v", units(caps.voltageStepMillivolts()));
    c.put("step_a", units(caps.currentStepMilliamps()));
    c.put("hardware_protection", caps.hasHardwareProtection());
    if (!caps.notes().isEmpty()) {
      c.put("notes", caps.notes());
    }
    m.put("capabilities", c);
    m.values().removeIf(v -> v == null);
    return write(m);
  }

  private static BigDecimal units(long milli) {
    BigDecimal d = BigDecimal.valueOf(milli, 3).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  static String error(String error, @Nullable String reason) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("error", error);
    m.put("reason", reason == null ? error : reason);
    return write(m);
  }

  private static String write(Map<String, @Nullable Object> m) {
    StringBuilder b = new StringBuilder("{");
    boolean first = true;
    for (var e : m.entrySet()) {
      if (!first) {
        b.append(", ");
      }
      first = false;
      b.append(quote(e.getKey())).append(": ").append(value(e.getValue()));
    }
    return b.append('}').toString();
  }

  @SuppressWarnings("unchecked")
  private static String value(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?> map) {
      return write((Map<String, @Nullable Object>) map);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return quote(v.toString());
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
