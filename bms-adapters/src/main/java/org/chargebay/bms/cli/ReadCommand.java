package org.chargebay.bms.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.BmsOptions;
import org.chargebay.cli.common.CliRunner;
import org.chargebay.cli.common.Exit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bms read}: one JSON snapshot per line until stopped (or {@code --count} lines). A failed
 * read prints a {@code device_error} line and the loop goes on; the exit status is 2 if the last
 * read failed. A family, URL or option the adapter does not take is a usage error.
 */
@Command(
    name = "read",
    description = {
      "Reads a BMS and prints one JSON snapshot per line until stopped (or --count lines).",
      "A failed read prints {\"error\":\"device_error\",...} and the loop goes on;"
          + " the exit status is 2 if the last read failed."
    })
final class ReadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand BmsCli bms;

  @Option(
      names = "--port",
      required = true,
      paramLabel = "PATH|tcp://HOST:PORT",
      description =
          "A serial device (/dev/ttyUSB0, serial:/dev/ttyUSB0?baud=9600) or an RS485-to-Ethernet"
              + " gateway in transparent mode.")
  String port;

  @Option(
      names = "--family",
      required = true,
      paramLabel = "jbd|jk|daly|ant",
      description = "The BMS family (any case).")
  String family;

  @Option(
      names = "--address",
      paramLabel = "N",
      converter = BmsCli.IntConverter.class,
      description = "Board address, 0-255 or 0x00-0xFF (Daly host byte, JK PB Modbus address).")
  @Nullable Integer address;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = BmsCli.DurationConverter.class,
      description = "Time between reads (1s, 500ms, 2m; default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--count",
      paramLabel = "N",
      converter = BmsCli.IntConverter.class,
      description = "Stop after N reads (default: until stopped).")
  @Nullable Integer count;

  @Option(
      names = "--baud",
      paramLabel = "N",
      converter = BmsCli.IntConverter.class,
      description = "Serial speed, 300-4000000 (default: the family's).")
  @Nullable Integer baud;

  @Option(
      names = "--protocol",
      paramLabel = "tlv|pb|new|legacy",
      description = "JK: tlv (default) or pb; ANT: new (default) or legacy.")
  @Nullable String protocol;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = BmsCli.DurationConverter.class,
      description = "How long one reply may take (default 500ms).")
  @Nullable Duration timeout;

  @Mixin BmsCli.ConventionOptions conventions;

  @Override
  public Integer call() {
    long reads =
        count == null
            ? Long.MAX_VALUE
            : BmsCli.inRange(spec, "--count", count, 1, Integer.MAX_VALUE);
    BmsFamily f = family();
    BmsClient client = open(f);
    int status = Exit.OK;
    try (client) {
      for (long i = 0; i < reads; i++) {
        long started = System.nanoTime();
        try {
          bms.out.println(BmsCli.write(FamilyJson.snapshot(f.id(), client.read())));
          status = Exit.OK;
        } catch (BmsException e) {
          bms.out.println(CliRunner.errorLine("device_error", e.getMessage()));
          status = Exit.DATA_ERROR;
        }
        bms.out.flush();
        if (i + 1 < reads) {
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

  private BmsFamily family() {
    try {
      return BmsFamily.parse(family);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), String.valueOf(e.getMessage()));
    }
  }

  /** The client; what the adapter refuses to open is a usage error. */
  private BmsClient open(BmsFamily f) {
    try {
      BmsOptions options =
          BmsOptions.create(
              b ->
                  b.baud(baud == null ? null : BmsCli.inRange(spec, "--baud", baud, 300, 4_000_000))
                      .address(
                          address == null
                              ? null
                              : BmsCli.inRange(spec, "--address", address, 0, 255))
                      .protocol(protocol)
                      .responseTimeout(
                          timeout == null ? BmsOptions.DEFAULT_RESPONSE_TIMEOUT : timeout)
                      .conventions(conventions.conventions()));
      return bms.backend.open(f, port, options);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), String.valueOf(e.getMessage()));
    }
  }
}
