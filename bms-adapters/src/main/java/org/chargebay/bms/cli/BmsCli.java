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
import java.util.Locale;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.cli.common.CliRunner;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code chargebay bms decode|read}: decodes captured BMS replies ({@link DecodeCommand}) and reads
 * live snapshots ({@link ReadCommand}) as JSON with the key names of the fixture vectors.
 *
 * <p>Parsing, help and the exit statuses are {@link CliRunner}'s: 0 done, 2 a frame that does not
 * decode or a device that does not answer ({@code {"error":"<code>","reason":"..."}} on stdout), 64
 * usage, 70 an unexpected failure. Never prints a stack trace.
 */
@Command(
    name = "chargebay bms",
    description = "Decodes captured BMS replies and reads live BMS snapshots as JSON.",
    subcommands = {DecodeCommand.class, ReadCommand.class})
public final class BmsCli {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  final PrintStream out;
  final Backend backend;

  private BmsCli(PrintStream out, Backend backend) {
    this.out = out;
    this.backend = backend;
  }

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command with the given streams; what {@link #main} does, minus the exit. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, Backend.REAL);
  }

  static int run(String[] args, PrintStream out, PrintStream err, Backend backend) {
    return CliRunner.run(new BmsCli(out, backend), args, out, err);
  }

  /** What the commands call beyond parsing; a test replaces it to inject failures. */
  interface Backend {
    DecodeResult<ObjectNode> decode(
        BmsFamily family, byte[] frame, BmsConventions conventions, @Nullable Integer cells);

    /**
     * @throws IllegalArgumentException for a malformed URL or an option the family does not take
     */
    BmsClient open(BmsFamily family, String port, BmsOptions options);

    Backend REAL =
        new Backend() {
          @Override
          public DecodeResult<ObjectNode> decode(
              BmsFamily family, byte[] frame, BmsConventions conventions, @Nullable Integer cells) {
            return FamilyJson.decode(family.id(), frame, conventions, cells);
          }

          @Override
          public BmsClient open(BmsFamily family, String port, BmsOptions options) {
            return BmsClients.open(family.id(), port, options);
          }
        };
  }

  static String write(ObjectNode json) {
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value of an integer option, checked against its range (a usage error otherwise). */
  static int inRange(CommandSpec spec, String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParameterException(
          spec.commandLine(), name + " must be " + min + "-" + max + ", was " + value);
    }
    return value;
  }

  /** The conventions the sources dispute, for both subcommands. */
  static final class ConventionOptions {
    @Option(
        names = "--current-sign",
        paramLabel = "wire-charge|wire-discharge",
        converter = CurrentSignConverter.class,
        description =
            "Daly and ANT legacy: what a positive current on the wire means (default:"
                + " wire-discharge).")
    BmsConventions.@Nullable CurrentSign currentSign;

    @Option(
        names = "--ant-mos-order",
        paramLabel = "charge-first|discharge-first",
        converter = AntMosOrderConverter.class,
        description = "ANT new protocol: the MOSFET byte order (default: discharge-first).")
    BmsConventions.@Nullable AntMosByteOrder antMosOrder;

    BmsConventions conventions() {
      return BmsConventions.create(
          b -> {
            if (currentSign != null) {
              b.dalyCurrentSign(currentSign).antLegacyCurrentSign(currentSign);
            }
            if (antMosOrder != null) {
              b.antMosByteOrder(antMosOrder);
            }
          });
    }
  }

  /** A decimal number or {@code 0x} and hex digits (BMS addresses are written both ways). */
  static final class IntConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return value.startsWith("0x")
            ? Integer.parseInt(value.substring(2), 16)
            : Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
    }
  }

  /** {@code 1s}, {@code 500ms}, {@code 2m} or an ISO-8601 duration; positive. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String s = value.trim().toLowerCase(Locale.ROOT);
      Duration d;
      try {
        if (s.endsWith("ms")) {
          d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        } else if (s.endsWith("s")) {
          d =
              Duration.ofMillis(
                  Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        } else if (s.endsWith("m")) {
          d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        } else {
          d = Duration.parse(value);
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration (e.g. 1s, 500ms, 2m, PT1S)");
      }
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("'" + value + "' is not a positive duration");
      }
      return d;
    }
  }

  static final class CurrentSignConverter implements ITypeConverter<BmsConventions.CurrentSign> {
    @Override
    public BmsConventions.CurrentSign convert(String value) {
      switch (value) {
        case "wire-charge":
          return BmsConventions.CurrentSign.WIRE_POSITIVE_IS_CHARGE;
        case "wire-discharge":
          return BmsConventions.CurrentSign.WIRE_POSITIVE_IS_DISCHARGE;
        default:
          throw new TypeConversionException(
              "'" + value + "' is neither wire-charge nor wire-discharge");
      }
    }
  }

  static final class AntMosOrderConverter
      implements ITypeConverter<BmsConventions.AntMosByteOrder> {
    @Override
    public BmsConventions.AntMosByteOrder convert(String value) {
      switch (value) {
        case "charge-first":
          return BmsConventions.AntMosByteOrder.CHARGE_FIRST;
        case "discharge-first":
          return BmsConventions.AntMosByteOrder.DISCHARGE_FIRST;
        default:
          throw new TypeConversionException(
              "'" + value + "' is neither charge-first nor discharge-first");
      }
    }
  }
}
