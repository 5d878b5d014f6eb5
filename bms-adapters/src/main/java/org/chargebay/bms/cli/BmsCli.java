package org.chargebay.bms.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrame;
import org.jspecify.annotations.Nullable;

/**
 * {@code bms decode --family jbd --hex <frame>}: decodes one captured response frame and prints one
 * JSON line.
 *
 * <ul>
 *   <li>Decoded: the fields under the fixture key names plus {@code "family"} and {@code "frame"};
 *       exit 0.
 *   <li>Rejected frame, bad hex or a family not implemented yet: {@code {"error": "<code>",
 *       "reason": "<sentence>"}} on stdout; exit 2.
 *   <li>Bad usage: a usage line on stderr; exit 64 ({@code EX_USAGE}).
 * </ul>
 *
 * <p>The hex may contain whitespace or colons between bytes ({@code DD:E1:00:00:00:00:77}). It
 * never prints a stack trace.
 */
public final class BmsCli {

  /** Decoded and printed. */
  public static final int EXIT_OK = 0;

  /** The input was read but could not be decoded (rejected frame, bad hex, unknown family). */
  public static final int EXIT_REJECTED = 2;

  /** The command line itself was wrong ({@code EX_USAGE} of sysexits.h). */
  public static final int EXIT_USAGE = 64;

  /** A bug: an unexpected exception ({@code EX_SOFTWARE} of sysexits.h). */
  public static final int EXIT_SOFTWARE = 70;

  /** The one-line usage printed on stderr for bad usage. */
  public static final String USAGE =
      "usage: bms decode --family <jbd|jk|daly|ant> --hex <response frame as hex>";

  private static final Set<String> KNOWN_FAMILIES = Set.of("jbd", "jk", "daly", "ant");

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

  /**
   * Runs the command with the given streams; what {@link #main} does, minus the exit.
   *
   * @return the exit status: {@link #EXIT_OK}, {@link #EXIT_REJECTED}, {@link #EXIT_USAGE} or
   *     {@link #EXIT_SOFTWARE}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      return decode(args, out, err);
    } catch (RuntimeException bug) {
      // never a stack trace on the console: report the bug as JSON and a distinct status
      out.println(error("internal_error", "Unexpected failure: " + bug));
      return EXIT_SOFTWARE;
    }
  }

  private static int decode(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      return EXIT_OK;
    }
    if (args.length == 0 || !args[0].equals("decode")) {
      return usage(err, args.length == 0 ? "missing command" : "unknown command " + args[0]);
    }
    String family = null;
    String hex = null;
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
        return EXIT_OK;
      }
      if (!name.equals("--family") && !name.equals("--hex")) {
        return usage(err, "unknown option " + arg);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          return usage(err, "missing value for " + name);
        }
        value = args[++i];
      }
      if (name.equals("--family")) {
        family = value;
      } else {
        hex = value;
      }
    }
    if (family == null || hex == null) {
      return usage(err, family == null ? "missing --family" : "missing --hex");
    }
    String normalizedFamily = family.trim().toLowerCase(Locale.ROOT);
    if (!normalizedFamily.equals(JbdJson.FAMILY)) {
      String reason =
          KNOWN_FAMILIES.contains(normalizedFamily)
              ? "Decoding " + normalizedFamily + " frames is not implemented yet; only jbd is."
              : "Unknown BMS family '" + family + "'; only jbd is supported.";
      out.println(error("unsupported_family", reason));
      return EXIT_REJECTED;
    }
    byte[] frame = parseHex(hex);
    if (frame == null) {
      out.println(
          error(
              "bad_hex",
              "The --hex value is not an even number of hex digits (whitespace and colons"
                  + " between bytes are allowed)."));
      return EXIT_REJECTED;
    }
    DecodeResult<JbdFrame> result = JbdDecoder.decode(frame);
    if (result instanceof Decoded<JbdFrame> decoded) {
      out.println(write(JbdJson.toJson(decoded.value())));
      return EXIT_OK;
    }
    if (result instanceof Rejected<JbdFrame> rejected) {
      out.println(error(rejected.error().code(), rejected.error().describe()));
      return EXIT_REJECTED;
    }
    throw new IllegalStateException("unhandled DecodeResult " + result);
  }

  private static int usage(PrintStream err, String problem) {
    err.println("bms: " + problem);
    err.println(USAGE);
    return EXIT_USAGE;
  }

  /** Bytes of a hex string with optional whitespace or colons; null if not valid hex. */
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

  private static String error(String code, String reason) {
    ObjectNode json = JSON.createObjectNode();
    json.put("error", code);
    json.put("reason", reason);
    return write(json);
  }

  private static String write(ObjectNode json) {
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
