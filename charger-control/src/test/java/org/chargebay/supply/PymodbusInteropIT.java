package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.supply.cli.SupplyCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our drivers and CLI against register images of every model served by pymodbus, a Modbus stack
 * that is not ours ({@code supply_images.py}, written from the register documentation): one
 * pymodbus process serves every register-map model over Modbus TCP, one unit per model; EA has its
 * own (unit 0). Further links, each once: RTU with pymodbus's serial server on a socat pty, RTU
 * framing over TCP (a serial gateway), and the Riden WiFi dial-in (socat dials our listener and
 * bridges it to pymodbus, as the WiFi module bridges the supply's UART). After each write the raw
 * registers are read back with mbpoll and checked against the vendor scaling ({@link
 * VendorRegisters}). Each test names its model(s); {@link SupplyInteropCoverageTest} checks that
 * every model is here.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PymodbusInteropIT {
  /** The models of the shared process, unit n = element n-1; the last RD6018 is the CLI's. */
  private static final List<String> UNITS =
      List.of(
          "RD6006",
          "RD6006P",
          "RD6012",
          "RD6012P@6A",
          "RD6012P@12A",
          "RD6018",
          "RD6024",
          "RD6030",
          "DPS3005",
          "DPS5005",
          "DPS5015",
          "DPS5020",
          "DPS8005",
          "DPH5005",
          "XY6020L",
          "XY-SK120",
          "RD6018");

  private static final int CLI_UNIT = UNITS.size();

  @TempDir static Path shared;
  private static ExternalProcess images;
  private static int imagesPort;
  private static ExternalProcess ea;
  private static int eaPort;

  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @BeforeAll
  static void startImages() {
    imagesPort = ExternalProcess.freePort();
    images = PymodbusImages.tcp(shared, imagesPort, UNITS);
    eaPort = ExternalProcess.freePort();
    ea = PymodbusImages.tcp(shared, eaPort, List.of("EA"));
  }

  @AfterAll
  static void stopImages() {
    if (ea != null) {
      ea.close();
    }
    if (images != null) {
      images.close();
    }
  }

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

  private static int unitOf(String spec) {
    return UNITS.indexOf(spec) + 1;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "RD6006",
        "RD6006P",
        "RD6012",
        "RD6012P@6A",
        "RD6012P@12A",
        "RD6018",
        "RD6024",
        "RD6030"
      })
  void our_driver_reads_sets_and_switches_riden_images_served_by_pymodbus_over_tcp(String spec)
      throws Exception {
    readsSetsAndSwitches(spec, "modbus-tcp://127.0.0.1:" + imagesPort, unitOf(spec), imagesPort);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DPS3005", "DPS5005", "DPS5015", "DPS5020", "DPS8005", "DPH5005"})
  void our_driver_reads_sets_and_switches_ruideng_images_served_by_pymodbus_over_tcp(String spec)
      throws Exception {
    readsSetsAndSwitches(spec, "modbus-tcp://127.0.0.1:" + imagesPort, unitOf(spec), imagesPort);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"XY6020L", "XY-SK120"})
  void our_driver_reads_sets_and_switches_xy_images_served_by_pymodbus_over_tcp(String spec)
      throws Exception {
    readsSetsAndSwitches(spec, "modbus-tcp://127.0.0.1:" + imagesPort, unitOf(spec), imagesPort);
  }

  /**
   * The image's state (set 24.00 V / 1.5 A, out 23.87 V / 1.25 A, in 48.00 V, 27 °C, OVP 28.50 V,
   * OCP 4.5 A) read through the model's scaling; then OVP/OCP, set values and output written and
   * read back, checked raw with mbpoll ({@code mbpollPort} < 0: not over TCP), and switched off.
   */
  private static void readsSetsAndSwitches(String spec, String url, int unit, int mbpollPort)
      throws Exception {
    VendorRegisters r = VendorRegisters.of(spec);
    String model = r.family().equals(VendorRegisters.XY) ? r.model() : "auto";
    try (SupplyDriver d = ModbusConnections.open(url, unit, model, Duration.ofSeconds(2))) {
      readsSetsAndSwitches(r, d, unit, mbpollPort);
    }
  }

  private static void readsSetsAndSwitches(
      VendorRegisters r, SupplyDriver d, int unit, int mbpollPort) throws Exception {
    SupplyReading s = d.read();
    assertThat(s.model()).isEqualTo(r.model());
    assertThat(s.setMillivolts()).isEqualTo(24_000);
    assertThat(s.setMilliamps()).isEqualTo(1_500);
    assertThat(s.outMillivolts()).isEqualTo(23_870);
    assertThat(s.outMilliamps()).isEqualTo(1_250);
    assertThat(s.outMilliwatts()).as("23.87 V x 1.25 A").isCloseTo(29_838L, within(60L));
    assertThat(s.inputMillivolts()).isEqualTo(48_000);
    assertThat(s.outputOn()).isFalse();
    assertThat(s.mode()).isEqualTo("CV");
    assertThat(s.protectionName()).isEqualTo("none");
    if (r.family().equals(VendorRegisters.RUIDENG)) {
      assertThat(s.tempDeciCelsius()).as("DPS/DPH report no temperature").isEmpty();
    } else {
      assertThat(s.tempDeciCelsius()).hasValue(270);
    }
    assertThat(d.readProtection()).contains(new ProtectionSettings(28_500, 4_500));
    d.setProtection(26_000, 2_200);
    d.apply(new SupplySetpoint(25_200, 2_000, true));
    s = d.read();
    assertThat(s.setMillivolts()).isEqualTo(25_200);
    assertThat(s.setMilliamps()).isEqualTo(2_000);
    assertThat(s.outputOn()).isTrue();
    assertThat(d.readProtection()).contains(new ProtectionSettings(26_000, 2_200));
    if (mbpollPort > 0) {
      int[] raw = Mbpoll.tcp(mbpollPort).readHolding(unit, 0, r.blockLength());
      assertThat(raw[r.vSet()]).as("V set, raw").isEqualTo(r.volts(25.2));
      assertThat(raw[r.iSet()]).as("I set, raw").isEqualTo(r.amps(2.0));
      assertThat(raw[r.output()]).as("output register").isEqualTo(1);
    }
    d.outputOff();
    assertThat(d.read().outputOn()).isFalse();
  }

  /** Percent of nominal, as the EA guide scales set values (0xCCCC = 100 %). */
  private static int eaPercent(double value, double nominal) {
    return (int) Math.round(0xCCCC * value / nominal);
  }

  @Test
  void our_ea_driver_reads_sets_and_switches_an_ea_ps_9000_image_served_by_pymodbus_over_tcp()
      throws Exception {
    // the image is a PS 9080-60 2U: 80 V / 60 A / 1500 W nominal; one step is about 3 mV / 2 mA
    try (SupplyDriver d =
        ModbusConnections.open(
            "modbus-tcp://127.0.0.1:" + eaPort, 1, "EA", Duration.ofSeconds(2))) {
      SupplyReading s = d.read();
      assertThat(s.model()).isEqualTo("PS 9080-60 2U");
      assertThat(s.setMillivolts()).isCloseTo(24_000, within(3));
      assertThat(s.setMilliamps()).isCloseTo(1_500, within(2));
      assertThat(s.outMillivolts()).isCloseTo(23_870, within(3));
      assertThat(s.outMilliamps()).isCloseTo(1_250, within(2));
      assertThat(s.outputOn()).isFalse();
      ProtectionSettings p = d.readProtection().orElseThrow();
      assertThat(p.ovpMillivolts()).isCloseTo(28_500, within(3));
      assertThat(p.ocpMilliamps()).isCloseTo(4_500, within(2));
      d.setProtection(26_000, 2_200);
      d.apply(new SupplySetpoint(25_200, 2_000, true));
      s = d.read();
      assertThat(s.outputOn()).isTrue();
      assertThat(s.setMillivolts()).isCloseTo(25_200, within(3));
      assertThat(s.setMilliamps()).isCloseTo(2_000, within(2));
      Mbpoll mbpoll = Mbpoll.tcp(eaPort);
      assertThat(mbpoll.readHolding(0, 500, 2))
          .as("U and I set, percent of nominal")
          .containsExactly(eaPercent(25.2, 80), eaPercent(2.0, 60));
      assertThat(mbpoll.readHolding(0, 550, 1)).containsExactly(eaPercent(26.0, 80));
      assertThat(mbpoll.readHolding(0, 553, 1)).containsExactly(eaPercent(2.2, 60));
      assertThat(mbpoll.readCoils(0, 402, 1)).as("remote").containsExactly(1);
      d.outputOff();
      assertThat(d.read().outputOn()).isFalse();
      assertThat(mbpoll.readCoils(0, 405, 1)).as("DC output coil").containsExactly(0);
    }
  }

  @Test
  void
      our_driver_reads_sets_and_switches_an_rd6018_image_served_by_pymodbus_over_rtu_on_a_socat_pty()
          throws Exception {
    PtyPair pty = later(new PtyPair(dir));
    later(PymodbusImages.rtu(dir, pty.a, List.of("RD6018")));
    readsSetsAndSwitches("RD6018", "rtu:" + pty.b + "?baud=115200", 1, -1);
  }

  @Test
  void
      our_driver_reads_sets_and_switches_dps5015_and_xy6020l_images_served_by_pymodbus_as_rtu_over_tcp()
          throws Exception {
    int port = ExternalProcess.freePort();
    later(PymodbusImages.rtuOverTcp(dir, port, List.of("DPS5015", "XY6020L")));
    readsSetsAndSwitches("DPS5015", "rtu-tcp://127.0.0.1:" + port, 1, -1);
    readsSetsAndSwitches("XY6020L", "rtu-tcp://127.0.0.1:" + port, 2, -1);
  }

  @Test
  void an_rd6006p_image_served_by_pymodbus_dials_in_through_socat_as_a_riden_wifi_module()
      throws Exception {
    int pymodbusPort = ExternalProcess.freePort();
    later(PymodbusImages.rtuOverTcp(dir, pymodbusPort, List.of("RD6006P")));
    int listenPort = ExternalProcess.freePort();
    String url = "riden-wifi://127.0.0.1:" + listenPort;
    try (SupplyDriver d = ModbusConnections.open(url, 1, "auto", Duration.ofSeconds(2))) {
      assertThatThrownBy(d::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessage(
              "no Riden WiFi module has dialled in to port "
                  + listenPort
                  + " yet (set the supply's Server IP to this host)");
      // the module: dials out to the controller and passes bytes to and from the supply's UART
      ExternalProcess.require("/usr/bin/socat", "socat");
      ExternalProcess module =
          later(
              ExternalProcess.start(
                  "socat",
                  List.of(
                      "/usr/bin/socat",
                      "-d",
                      "-d",
                      "TCP:127.0.0.1:" + listenPort,
                      "TCP:127.0.0.1:" + pymodbusPort)));
      module.awaitReady(
          Duration.ofSeconds(20), () -> module.output().contains("starting data transfer loop"));
      readsSetsAndSwitches(VendorRegisters.of("RD6006P"), d, 1, -1);
    }
  }

  @Test
  void the_cli_probes_and_sets_an_rd6018_image_served_by_pymodbus() {
    String url = "modbus-tcp://127.0.0.1:" + imagesPort;
    String unit = String.valueOf(CLI_UNIT);
    Cli probe = cli("probe", "--url", url, "--unit", unit);
    assertThat(probe.code).as(probe.err).isZero();
    assertThat(probe.out)
        .contains(
            "\"model\": \"RD6018\"",
            "\"set_v\": 24",
            "\"set_a\": 1.5",
            "\"out_v\": 23.87",
            "\"out_a\": 1.25",
            "\"input_v\": 48",
            "\"mode\": \"CV\"",
            "\"output_on\": false",
            "\"protection\": \"none\"",
            "\"ovp_v\": 28.5",
            "\"ocp_a\": 4.5",
            "\"temp_c\": 27.0");
    Cli set =
        cli(
            "set",
            "--url",
            url,
            "--unit",
            unit,
            "--volts",
            "50.4",
            "--amps",
            "2",
            "--output",
            "on");
    assertThat(set.code).as(set.out + set.err).isZero();
    assertThat(set.out)
        .contains(
            "\"set_v\": 50.4",
            "\"set_a\": 2",
            "\"output_on\": true",
            "\"ovp_v\": 52.92",
            "\"ocp_a\": 2.2");
    Cli off =
        cli(
            "set",
            "--url",
            url,
            "--unit",
            unit,
            "--volts",
            "50.4",
            "--amps",
            "2",
            "--output",
            "off");
    assertThat(off.code).as(off.out + off.err).isZero();
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
