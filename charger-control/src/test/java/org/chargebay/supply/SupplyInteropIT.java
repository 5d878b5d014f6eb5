package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.chargebay.supply.cli.SupplyCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop with Modbus stacks that are not ours: mbpoll (libmodbus) against our emulators, and our
 * driver and CLI against an RD6018 register image served by pymodbus: over Modbus TCP, and over RTU
 * with pymodbus's own serial server on one end of a socat pty pair and our driver on the other. A
 * missing tool or Python module fails the test with the Debian package to install.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyInteropIT {
  private static final String MBPOLL = "/usr/bin/mbpoll";
  private static final String PYTHON = "/usr/bin/python3";
  private static final Pattern MBPOLL_VALUE = Pattern.compile("\\[(\\d+)]:\\s+(-?\\d+)");

  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  private <T extends AutoCloseable> T later(T t) {
    cleanup.add(t);
    return t;
  }

  /** mbpoll's "[address]: value" lines (always run with -0: 0-based references). */
  private static int[] values(String mbpollOutput, int count) {
    int[] out = new int[count];
    java.util.Arrays.fill(out, -1);
    Matcher m = MBPOLL_VALUE.matcher(mbpollOutput);
    while (m.find()) {
      int address = Integer.parseInt(m.group(1));
      if (address < count) {
        out[address] = Integer.parseInt(m.group(2)) & 0xFFFF;
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"RD6018", "DPS5015", "XY6020L"})
  void mbpoll_reads_and_writes_our_emulators_over_modbus_tcp(EmulatedModel model) {
    ExternalProcess.require(MBPOLL, "mbpoll");
    EmulatedBench b = later(new EmulatedBench(model));
    String port = String.valueOf(b.emulator.port());
    int idRegister =
        switch (model.family()) {
          case RIDEN -> 0;
          case RUIDENG -> 0x0B;
          case XY -> 0x16;
        };
    int count = idRegister + 1; // Riden stock firmware serves at most 20 registers per read
    var read =
        ExternalProcess.run(
            Duration.ofSeconds(10),
            List.of(
                MBPOLL,
                "-m",
                "tcp",
                "-a",
                "1",
                "-p",
                port,
                "-t",
                "4",
                "-0",
                "-r",
                "0",
                "-c",
                String.valueOf(Math.max(count, 12)),
                "-1",
                "127.0.0.1"));
    assertThat(read.exitCode()).as(read.output()).isZero();
    int[] regs = values(read.output(), Math.max(count, 12));
    assertThat(regs[idRegister]).isEqualTo(model.modelId());
    int iSet = model.family() == EmulatedModel.Family.RIDEN ? 9 : 1;
    // 1.5 A in the model's own current counts
    int counts = (int) (1.5 * model.countsPerAmp());
    var write =
        ExternalProcess.run(
            Duration.ofSeconds(10),
            List.of(
                MBPOLL,
                "-m",
                "tcp",
                "-a",
                "1",
                "-p",
                port,
                "-t",
                "4",
                "-0",
                "-r",
                String.valueOf(iSet),
                "-1",
                "127.0.0.1",
                String.valueOf(counts)));
    assertThat(write.exitCode()).as(write.output()).isZero();
    assertThat(b.bay.state().setAmps()).isEqualTo(1.5);
    assertThat(b.emulator.register(iSet)).isEqualTo(counts);
  }

  @Test
  void mbpoll_reads_and_writes_our_rd6018_emulator_over_rtu_on_a_socat_pty() {
    ExternalProcess.require(MBPOLL, "mbpoll");
    PtyPair pty = later(new PtyPair(dir));
    EmulatedBench bench = later(new EmulatedBench(EmulatedModel.RD6018));
    ModbusSupplyEmulator rtu =
        later(
            ModbusSupplyEmulator.rtuSerial(
                bench.bay, EmulatedModel.RD6018, 1, pty.a.toString(), 115_200));
    var read =
        ExternalProcess.run(
            Duration.ofSeconds(15),
            List.of(
                MBPOLL,
                "-m",
                "rtu",
                "-b",
                "115200",
                "-P",
                "none",
                "-a",
                "1",
                "-t",
                "4",
                "-0",
                "-r",
                "0",
                "-c",
                "19",
                "-1",
                pty.b.toString()));
    assertThat(read.exitCode()).as(read.output()).isZero();
    int[] regs = values(read.output(), 19);
    assertThat(regs[0]).isEqualTo(60181);
    assertThat(regs[14]).as("V_IN centivolts").isEqualTo(6000);
    var write =
        ExternalProcess.run(
            Duration.ofSeconds(15),
            List.of(
                MBPOLL,
                "-m",
                "rtu",
                "-b",
                "115200",
                "-P",
                "none",
                "-a",
                "1",
                "-t",
                "4",
                "-0",
                "-r",
                "8",
                "-1",
                pty.b.toString(),
                "4321"));
    assertThat(write.exitCode()).as(write.output()).isZero();
    assertThat(bench.bay.state().setVolts()).isEqualTo(43.21);
    assertThat(rtu.register(8)).isEqualTo(4321);
  }

  /** The script, written to the test's directory; Debian's python3 must have pymodbus. */
  private Path pymodbusScript() {
    ExternalProcess.require(PYTHON, "python3 (Debian's, with python3-pymodbus)");
    Path script = dir.resolve("rd6018_image.py");
    try (InputStream in = getClass().getResourceAsStream("/supply/rd6018_image.py")) {
      Files.write(script, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    requirePythonModule("pymodbus", "python3-pymodbus");
    return script;
  }

  /** Fails, naming the Debian package, unless Debian's python3 can import {@code module}. */
  private static void requirePythonModule(String module, String debianPackage) {
    var check =
        ExternalProcess.run(Duration.ofSeconds(20), List.of(PYTHON, "-c", "import " + module));
    if (check.exitCode() != 0) {
      throw new AssertionError(
          "Debian's "
              + PYTHON
              + " cannot import "
              + module
              + ": install the Debian package '"
              + debianPackage
              + "' (.ci/run installs it)\n"
              + check.output());
    }
  }

  /** pymodbus's Modbus TCP server on 127.0.0.1:{@code port}. */
  private ExternalProcess pymodbusTcp(int port) {
    Path script = pymodbusScript();
    return later(
            ExternalProcess.start(
                "pymodbus", List.of(PYTHON, script.toString(), "tcp", String.valueOf(port))))
        .awaitReady(Duration.ofSeconds(20), () -> ExternalProcess.accepts(port));
  }

  /**
   * pymodbus's own serial server (RTU framing, 115200 8N1) on {@code serialPath}. Debian's pymodbus
   * 3.0.0 opens serial ports through pyserial-asyncio, which needs pyserial.
   */
  private ExternalProcess pymodbusRtu(Path serialPath) {
    Path script = pymodbusScript();
    requirePythonModule("serial", "python3-serial");
    requirePythonModule("serial_asyncio", "python3-serial-asyncio");
    ExternalProcess p =
        later(
            ExternalProcess.start(
                "pymodbus", List.of(PYTHON, script.toString(), "rtu", serialPath.toString())));
    return p.awaitReady(
        Duration.ofSeconds(20), () -> p.output().contains("serving RTU on " + serialPath));
  }

  private static void readsSetsAndSwitchesThePymodbusImage(String url) throws Exception {
    try (SupplyDriver d = ModbusConnections.open(url, 1, "auto", Duration.ofMillis(1000))) {
      SupplyReading r = d.read();
      assertThat(r.model()).isEqualTo("RD6018");
      assertThat(r.setMillivolts()).isEqualTo(41_000);
      assertThat(r.setMilliamps()).isEqualTo(1_500);
      assertThat(r.outMillivolts()).isEqualTo(39_870);
      assertThat(r.inputMillivolts()).isEqualTo(48_000);
      assertThat(r.tempDeciCelsius()).hasValue(270);
      assertThat(d.readProtection()).contains(new ProtectionSettings(62_000, 18_500));
      d.setProtection(54_600, 2_500);
      d.apply(new SupplySetpoint(54_100, 2_150, true));
      r = d.read();
      assertThat(r.setMillivolts()).isEqualTo(54_100);
      assertThat(r.setMilliamps()).isEqualTo(2_150);
      assertThat(r.outputOn()).isTrue();
      assertThat(d.readProtection()).contains(new ProtectionSettings(54_600, 2_500));
      d.outputOff();
      assertThat(d.read().outputOn()).isFalse();
    }
  }

  @Test
  void our_driver_reads_sets_and_switches_an_rd6018_image_served_by_pymodbus_over_tcp()
      throws Exception {
    int port = ExternalProcess.freePort();
    pymodbusTcp(port);
    readsSetsAndSwitchesThePymodbusImage("modbus-tcp://127.0.0.1:" + port);
  }

  @Test
  void
      our_driver_reads_sets_and_switches_an_rd6018_image_served_by_pymodbus_over_rtu_on_a_socat_pty()
          throws Exception {
    PtyPair pty = later(new PtyPair(dir));
    pymodbusRtu(pty.a);
    readsSetsAndSwitchesThePymodbusImage("rtu:" + pty.b + "?baud=115200");
  }

  @Test
  void the_cli_probes_and_sets_the_pymodbus_image() {
    int port = ExternalProcess.freePort();
    pymodbusTcp(port);
    String url = "modbus-tcp://127.0.0.1:" + port;
    Cli probe = cli("probe", "--url", url);
    assertThat(probe.code).as(probe.err).isZero();
    assertThat(probe.out)
        .contains(
            "\"model\": \"RD6018\"",
            "\"set_v\": 41",
            "\"set_a\": 1.5",
            "\"out_v\": 39.87",
            "\"input_v\": 48",
            "\"mode\": \"CV\"",
            "\"output_on\": false",
            "\"protection\": \"none\"",
            "\"ovp_v\": 62",
            "\"ocp_a\": 18.5",
            "\"temp_c\": 27.0");
    Cli set = cli("set", "--url", url, "--volts", "50.4", "--amps", "2", "--output", "on");
    assertThat(set.code).as(set.out + set.err).isZero();
    assertThat(set.out)
        .contains(
            "\"set_v\": 50.4",
            "\"set_a\": 2",
            "\"output_on\": true",
            "\"ovp_v\": 52.92",
            "\"ocp_a\": 2.2");
    Cli off = cli("set", "--url", url, "--volts", "50.4", "--amps", "2", "--output", "off");
    assertThat(off.out).contains("\"output_on\": false");
  }

  record Cli(int code, String out, String err) {}

  static Cli cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SupplyCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
