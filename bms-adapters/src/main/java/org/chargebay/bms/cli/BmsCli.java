package org.chargebay.bms.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.connect.BmsClients;
import org.jspecify.annotations.Nullable;

/**
 * The {@code bms} command line.
 *
 * <ul>
 *   <li>{@code bms decode --family <jbd|jk|daly|ant> --hex <frame>}: decodes one captured reply
 *       (a multi-frame Daly 0x95/0x96 reply concatenated) and prints one JSON line with the
 *       fixture keys; exit 0.
 *   <li>{@code bms read --port <serial path>|tcp://host:port --family F [--address N] [--interval
 *       1s] [--count N] [--baud N] [--protocol P] [--timeout 500ms]}: prints one JSON snapshot per
 *       line until stopped (or {@code --count} lines). A failed read prints a JSON error line and
 *       the loop goes on; the exit status is 2 if the last read failed.
 *   <li>Convention options for both: {@code --current-sign wire-charge|wire-discharge} (Daly and
 *       ANT legacy), {@code --ant-mos-order charge-first|discharge-first}, {@code --cells N} (Daly
 *       multi-frame decode).
 *   <li>Rejected frame, bad hex, device error: {@code {"error": "<code>", "reason": "<sentence>"}}
 *       on stdout; exit 2. Bad usage: a usage line on stderr; exit 64 ({@code EX_USAGE}).
 * </ul>
 *
 * <p>Never prints a stack trace.
 */
public final class BmsCli {

  public static final int EXIT_OK = 0;
  public static final int EXIT_REJECTED = 2;
  public static final int EXIT_USAGE = 64;
  public static final int EXIT_SOFTWARE = 70;

  public static final String USAGE =
      "usage: bms decode --family <jbd|jk|daly|ant> --hex <response frame as hex>\n"
          + "       bms read --port <serial path>|tcp://host:port --family <jbd|jk|daly|ant>"
          + " [--address N] [--interval 1s] [--count N] [--baud N] [--protocol tlv|pb|new|legacy]"
          + " [--timeout 500ms]\n"
          + "       options for both: [--current-sign wire-charge|wire-discharge]"
          + " [--ant-mos-order charge-first|discharge-first] [--cells N]";

  private static final Set<String> DECODE_OPTIONS =
      Set.of("--family", "--hex", "--current-sign", "--ant-mos-order", "--cells");
  private static final Set<String> READ_OPTIONS =
      Set.of(
          "--family",
          "--port",
          "--address",
          "--interval",
          "--count",
          "--baud",
          "--protocol",
          "--timeout",
          "--current-sign",
          "--ant-mos-order");

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private BmsCli() {}

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    System.out.flush();
    if (status != EXIT_OK) {
      System.exit(status);
    }
  }

  /** Runs the command with the given streams; what {@link #main} does, minus the exit. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      return dispatch(args, out, err);
    } catch (UsageException e) {
      err.println("bms: " + e.getMessage());
      err.println(USAGE);
      return EXIT_USAGE;
    } catch (RuntimeException bug) {
      out.println(error("internal_error", "Unexpected failure: " + bug));
      return EXIT_SOFTWARE;
    }
  }

  private static int dispatch(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      return EXIT_OK;
    }
    if (args.length == 0) {
      throw new UsageException("missing command");
    }
    if (args[0].equals("decode")) {
      Map<String, String> o = options(args, DECODE_OPTIONS, out);
      return o == null ? EXIT_OK : decode(o, out);
    }
    if (args[0].equals("read")) {
      Map<String, String> o = options(args, READ_OPTIONS, out);
      return o == null ? EXIT_OK : read(o, out);
    }
    throw new UsageException("unknown command " + args[0]);
  }

  /** Parses {@code --name value} and {@code --name=value}; null if help was printed. */
  private static @Nullable Map<String, String> options(
      String[] args, Set<String> allowed, PrintStream out) {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (name.equals("--help") || name.equals("-h")) {
        out.println(USAGE);
        return null;
      }
      if (!allowed.contains(name)) {
        throw new UsageException("unknown option " + arg);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("missing value for " + name);
        }
        value = args[++i];
      }
      o.put(name, value);
    }
    return o;
  }

  private static int decode(Map<String, String> o, PrintStream out) {
    String family = require(o, "--family");
    String hex = require(o, "--hex");
    BmsFamily f;
    try {
      f = BmsFamily.parse(family);
    } catch (IllegalArgumentException e) {
      out.println(error("unsupported_family", "Unknown BMS family '" + family + "'; use one of jbd, jk, daly, ant."));
      return EXIT_REJECTED;
    }
    BmsConventions conventions = conventions(o);
    Integer cells = o.containsKey("--cells") ? integer(o, "--cells", 0, 255) : null;
    byte[] frame = parseHex(hex);
    if (frame == null) {
      out.println(
          error(
              "bad_hex",
              "The --hex value is not an even number of hex digits (whitespace and colons"
                  + " between bytes are allowed)."));
      return EXIT_REJECTED;
    }
    DecodeResult<ObjectNode> result = FamilyJson.decode(f.id(), frame, conventions, cells);
    if (result instanceof Decoded<ObjectNode> decoded) {
      out.println(write(decoded.value()));
      return EXIT_OK;
    }
    Rejected<ObjectNode> rejected = (Rejected<ObjectNode>) result;
    out.println(error(rejected.error().code(), rejected.error().describe()));
    return EXIT_REJECTED;
  }

  private static int read(Map<String, String> o, PrintStream out) {
    String family = require(o, "--family");
    String port = require(o, "--port");
    BmsFamily f;
    try {
      f = BmsFamily.parse(family);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Duration interval = duration(o.getOrDefault("--interval", "1s"), "--interval");
    long count = o.containsKey("--count") ? integer(o, "--count", 1, Integer.MAX_VALUE) : Long.MAX_VALUE;
    BmsOptions options;
    try {
      options =
          BmsOptions.create(
              b ->
                  b.baud(o.containsKey("--baud") ? integer(o, "--baud", 300, 4_000_000) : null)
                      .address(o.containsKey("--address") ? integer(o, "--address", 0, 255) : null)
                      .protocol(o.get("--protocol"))
                      .responseTimeout(
                          o.containsKey("--timeout")
                              ? duration(o.get("--timeout"), "--timeout")
                              : BmsOptions.DEFAULT_RESPONSE_TIMEOUT)
                      .conventions(conventions(o)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    BmsClient client;
    try {
      client = BmsClients.open(f.id(), port, options);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    int status = EXIT_OK;
    try (client) {
      for (long i = 0; i < count; i++) {
        long started = System.nanoTime();
        try {
          out.println(write(FamilyJson.snapshot(f.id(), client.read())));
          status = EXIT_OK;
        } catch (BmsException e) {
          out.println(error("device_error", e.getMessage()));
          status = EXIT_REJECTED;
        }
        out.flush();
        if (i + 1 < count) {
          long wait = interval.toNanos() - (System.nanoTime() - started);
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          if (Thread.currentThread().isInterrupted()) {
            break;
          }
        }
      }
    }
    return status;
  }

  private static BmsConventions conventions(Map<String, String> o) {
    return BmsConventions.create(
        b -> {
          String sign = o.get("--current-sign");
          if (sign != null) {
            BmsConventions.CurrentSign s;
            if (sign.equals("wire-charge")) {
              s = BmsConventions.CurrentSign.WIRE_POSITIVE_IS_CHARGE;
            } else if (sign.equals("wire-discharge")) {
              s = BmsConventions.CurrentSign.WIRE_POSITIVE_IS_DISCHARGE;
            } else {
              throw new UsageException("--current-sign must be wire-charge or wire-discharge");
            }
            b.dalyCurrentSign(s).antLegacyCurrentSign(s);
          }
          String order = o.get("--ant-mos-order");
          if (order != null) {
            if (order.equals("charge-first")) {
              b.antMosByteOrder(BmsConventions.AntMosByteOrder.CHARGE_FIRST);
            } else if (order.equals("discharge-first")) {
              b.antMosByteOrder(BmsConventions.AntMosByteOrder.DISCHARGE_FIRST);
            } else {
              throw new UsageException("--ant-mos-order must be charge-first or discharge-first");
            }
          }
        });
  }

  private static String require(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) {
      throw new UsageException("missing " + name);
    }
    return v;
  }

  private static int integer(Map<String, String> o, String name, int min, int max) {
    String v = o.get(name);
    try {
      int n = v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
      if (n < min || n > max) {
        throw new UsageException(name + " must be " + min + "-" + max + ", was " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " is not a number: " + v);
    }
  }

  /** {@code 1s}, {@code 500ms}, {@code 2m} or an ISO-8601 duration. */
  static Duration duration(String v, String name) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        d = Duration.parse(v);
      }
      if (d.isNegative() || d.isZero()) {
        throw new UsageException(name + " must be positive, was " + v);
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new UsageException(name + " is not a duration (e.g. 1s, 500ms): " + v);
    }
  }

  private static byte @Nullable [] parseHex(String hex) {
    String digits = hex.replaceAll("[\\s:]", "");
    if (digits.isEmpty() || digits.length() % 2 != 0) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException notHex) {
      return null;
    }
  }

  private static String error(String code, @Nullable String reason) {
    ObjectNode json = JSON.createObjectNode();
    json.put("error", code);
    json.put("reason", reason == null ? "" : reason);
    return write(json);
  }

  private static String write(ObjectNode json) {
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bad command line: reported on stderr with the usage, exit 64. */
  private static final class UsageException extends RuntimeException {
    UsageException(@Nullable String message) {
      super(message);
    }
  }
}
