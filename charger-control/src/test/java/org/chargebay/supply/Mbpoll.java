package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mbpoll (libmodbus), an independent Modbus master, as a one-shot command per request: over Modbus
 * TCP to 127.0.0.1 or over RTU on a serial port (8N1). References are 0-based ({@code -0}) so that
 * they are the addresses on the wire; each call waits up to 5 s for an answer ({@code -o 5}) and
 * fails with mbpoll's output when it exits non-zero.
 */
final class Mbpoll {
  static final String PATH = "/usr/bin/mbpoll";
  private static final Pattern VALUE = Pattern.compile("\\[(\\d+)]:\\s+(-?\\d+)");

  private final List<String> link;

  private Mbpoll(List<String> link) {
    ExternalProcess.require(PATH, "mbpoll");
    this.link = link;
  }

  /** Modbus TCP to 127.0.0.1:{@code port}. */
  static Mbpoll tcp(int port) {
    return new Mbpoll(List.of("-m", "tcp", "-p", String.valueOf(port), "127.0.0.1"));
  }

  /** Modbus RTU on {@code serialPath}, 8N1 at {@code baud}. */
  static Mbpoll rtu(Path serialPath, int baud) {
    return new Mbpoll(
        List.of("-m", "rtu", "-b", String.valueOf(baud), "-P", "none", serialPath.toString()));
  }

  /** FC03: {@code count} holding registers from {@code start}, as unsigned 16-bit values. */
  int[] readHolding(int unit, int start, int count) {
    return values(run(unit, "4", start, count), start, count);
  }

  /** FC06/FC16: {@code values} to consecutive holding registers from {@code start}. */
  void writeHolding(int unit, int start, int... values) {
    run(unit, "4", start, 0, Arrays.stream(values).mapToObj(String::valueOf).toList());
  }

  /** FC01: {@code count} coils from {@code start}, 1 = on. */
  int[] readCoils(int unit, int start, int count) {
    return values(run(unit, "0", start, count), start, count);
  }

  /** FC05: one coil on or off. */
  void writeCoil(int unit, int address, boolean on) {
    run(unit, "0", address, 0, List.of(on ? "1" : "0"));
  }

  private String run(int unit, String table, int start, int count) {
    return run(unit, table, start, count, List.of());
  }

  private String run(int unit, String table, int start, int count, List<String> writeValues) {
    List<String> cmd = new ArrayList<>(List.of(PATH, "-a", String.valueOf(unit), "-t", table));
    cmd.addAll(List.of("-0", "-r", String.valueOf(start), "-1", "-o", "5"));
    if (count > 0) {
      cmd.addAll(List.of("-c", String.valueOf(count)));
    }
    cmd.addAll(link); // ends with the host or serial port, which must follow the options
    cmd.addAll(writeValues);
    ExternalProcess.Result r = ExternalProcess.run(Duration.ofSeconds(30), cmd);
    assertThat(r.exitCode()).as("%s\n%s", String.join(" ", cmd), r.output()).isZero();
    if (!writeValues.isEmpty()) {
      assertThat(r.output())
          .as("%s\n%s", String.join(" ", cmd), r.output())
          .contains("Written " + writeValues.size() + " references");
    }
    return r.output();
  }

  /** mbpoll's "[address]: value" lines; every address asked for must be there. */
  private static int[] values(String output, int start, int count) {
    int[] out = new int[count];
    boolean[] seen = new boolean[count];
    Matcher m = VALUE.matcher(output);
    while (m.find()) {
      int i = Integer.parseInt(m.group(1)) - start;
      if (i >= 0 && i < count) {
        out[i] = Integer.parseInt(m.group(2)) & 0xFFFF;
        seen[i] = true;
      }
    }
    for (int i = 0; i < count; i++) {
      if (!seen[i]) {
        throw new AssertionError(
            "mbpoll printed no value for reference " + (start + i) + ":\n" + output);
      }
    }
    return out;
  }
}
