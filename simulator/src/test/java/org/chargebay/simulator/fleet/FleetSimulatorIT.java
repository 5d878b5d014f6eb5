package org.chargebay.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.io.InputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.simulator.VirtualClock;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A small fleet in-process on a virtual clock, read over the wire with a real Modbus TCP client
 * (digitalpetri) and the production BMS clients.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FleetSimulatorIT {
  private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
  private static final BmsOptions BMS =
      BmsOptions.create(o -> o.responseTimeout(Duration.ofMillis(800)));
  // RD60xx registers (Baldanos/rd6006 registers.md): V_SET 8, I_SET 9, V_OUT 10, I_OUT 11, output
  // 18
  private static final int REG_V_SET = 8;
  private static final int REG_I_SET = 9;
  private static final int REG_V_OUT = 10;
  private static final int REG_I_OUT = 11;
  private static final int REG_OUTPUT = 18;

  @TempDir Path dir;

  private final VirtualClock clock = new VirtualClock(START);

  private FleetSimulator fleet(Consumer<FleetOptions.Builder> more) {
    FleetOptions options =
        FleetOptions.create(
            b -> {
              b.bays(5).seed(7).configOut(dir.resolve("fleet.properties"));
              more.accept(b);
            });
    return FleetSimulator.start(options, clock, new Timebase(START, 0, START.toEpochMilli(), 1));
  }

  @Test
  void a_bay_answers_its_supply_over_modbus_tcp_and_its_bms_over_the_production_client()
      throws Exception {
    try (FleetSimulator fleet = fleet(b -> {})) {
      FleetBay bay = fleet.bays().get(2);
      assertThat(bay.id()).isEqualTo("sim-0003");
      try (Modbus supply = new Modbus(bay.supplyPort());
          BmsClient bms = BmsClients.open("jbd", "tcp://127.0.0.1:" + bay.bmsPort(), BMS)) {
        assertThat(supply.read(0)).as("RD6018 model id").isEqualTo(60181);
        BmsSnapshot s = bms.read();
        assertThat(s.cellCount()).isEqualTo(13);
        assertThat(s.cellMillivolts())
            .hasSize(13)
            .allSatisfy(mv -> assertThat(mv).isBetween(3400, 4100));
        // the supply measures the same pack the BMS does (V_OUT x100; JBD pack voltage in 10 mV)
        assertThat(supply.read(REG_V_OUT) * 10).isCloseTo(s.packMillivolts(), within(20));
        // a charge through the supply shows at the BMS
        supply.write(REG_V_SET, 5395);
        supply.write(REG_I_SET, 150);
        supply.write(REG_OUTPUT, 1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(supply.read(REG_I_OUT)).isEqualTo(150);
        assertThat(bms.read().currentMilliamps()).isEqualTo(1500);
      }
    }
  }

  @Test
  void bays_start_at_different_states_of_charge_chosen_by_the_seed() {
    try (FleetSimulator a = fleet(b -> {});
        FleetSimulator again = fleet(b -> {})) {
      List<Double> socs = a.bays().stream().map(FleetBay::startSocPercent).toList();
      assertThat(socs).allSatisfy(soc -> assertThat(soc).isBetween(20.0, 80.0));
      assertThat(socs.stream().distinct()).hasSize(5);
      assertThat(again.bays().stream().map(FleetBay::startSocPercent).toList()).isEqualTo(socs);
    }
  }

  @ParameterizedTest
  @EnumSource(FleetBms.class)
  void every_bms_family_answers_the_production_client(FleetBms family) throws Exception {
    try (FleetSimulator fleet = fleet(b -> b.bays(1).bms(family));
        BmsClient bms =
            BmsClients.open(
                family.family(), "tcp://127.0.0.1:" + fleet.bays().get(0).bmsPort(), BMS)) {
      BmsSnapshot s = bms.read();
      assertThat(s.cellCount()).isEqualTo(13);
      assertThat(s.cellMillivolts()).hasSize(13);
    }
  }

  @Test
  void the_config_file_holds_every_key_for_every_bay_and_parses_as_properties() throws Exception {
    try (FleetSimulator fleet =
        fleet(b -> b.bms(FleetBms.DALY).cellCeilingVolts(new java.math.BigDecimal("4.10")))) {
      fleet.writeConfig();
      Properties p = new Properties();
      try (Reader r =
          Files.newBufferedReader(dir.resolve("fleet.properties"), StandardCharsets.ISO_8859_1)) {
        p.load(r);
      }
      assertThat(p).hasSize(5 * FleetConfig.BAY_KEYS.size());
      for (FleetBay bay : fleet.bays()) {
        String k = "chargebay.bays." + bay.id() + ".";
        for (String key : FleetConfig.BAY_KEYS) {
          assertThat(p.getProperty(k + key)).as(k + key).isNotBlank();
        }
        assertThat(p.getProperty(k + "supply.url"))
            .isEqualTo("modbus-tcp://127.0.0.1:" + bay.supplyPort());
        assertThat(p.getProperty(k + "bms.url")).isEqualTo("tcp://127.0.0.1:" + bay.bmsPort());
        assertThat(p.getProperty(k + "supply.model")).isEqualTo("RD6018");
        assertThat(p.getProperty(k + "bms.family")).isEqualTo("daly");
        assertThat(p.getProperty(k + "profile.cells")).isEqualTo("13");
        assertThat(p.getProperty(k + "profile.cell-ceiling-volts")).isEqualTo("4.10");
        assertThat(p.getProperty(k + "profile.current-amps")).isEqualTo("2.0");
        assertThat(p.getProperty(k + "safety.cell-margin-volts")).isEqualTo("0.020");
        assertThat(p.getProperty(k + "auto-start")).isEqualTo("true");
      }
      assertThat(fleet.bays().stream().map(FleetBay::id))
          .containsExactly("sim-0001", "sim-0002", "sim-0003", "sim-0004", "sim-0005");
    }
  }

  @Test
  void a_faulted_bays_supply_ignores_its_voltage_setpoint_from_the_fault_time_on()
      throws Exception {
    try (FleetSimulator fleet = fleet(b -> b.faultPercent(20).faultAfter(Duration.ofSeconds(60)))) {
      List<FleetBay> faulted =
          fleet.bays().stream().filter(b -> b.role() == FleetBay.Role.FAULTED).toList();
      assertThat(faulted).hasSize(1);
      FleetBay bay = faulted.get(0);
      FleetBay normal =
          fleet.bays().stream()
              .filter(b -> b.role() == FleetBay.Role.NORMAL)
              .findFirst()
              .orElseThrow();
      assertThat(bay.faultFrom()).isEqualTo(START.plusSeconds(60));
      try (Modbus sick = new Modbus(bay.supplyPort());
          Modbus healthy = new Modbus(normal.supplyPort())) {
        for (Modbus m : List.of(sick, healthy)) {
          m.write(REG_V_SET, 4000); // 40.00 V: below any 13S pack between 20 and 80 %
          m.write(REG_I_SET, 200);
          m.write(REG_OUTPUT, 1);
        }
        clock.advance(Duration.ofSeconds(59));
        assertThat(sick.read(REG_I_OUT)).as("before the fault: regulation holds").isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(sick.read(REG_I_OUT))
            .as("after the fault: its current limit, whatever the setpoint")
            .isEqualTo(200);
        assertThat(healthy.read(REG_I_OUT)).isZero();
        assertThat(sick.read(REG_V_OUT)).isGreaterThan(4000);
      }
    }
  }

  @Test
  void a_faulted_bay_records_the_over_ceiling_crossing_and_the_write_that_switched_it_off()
      throws Exception {
    Path results = dir.resolve("results.jsonl");
    try (FleetSimulator fleet =
        fleet(
            b ->
                b.bays(3)
                    .faultPercent(34)
                    .faultAfter(Duration.ofSeconds(60))
                    .soc(85, 90)
                    .resultsOut(results))) {
      FleetBay bay =
          fleet.bays().stream()
              .filter(b -> b.role() == FleetBay.Role.FAULTED)
              .findFirst()
              .orElseThrow();
      try (Modbus supply = new Modbus(bay.supplyPort())) {
        supply.write(REG_V_SET, 5395); // 13 x 4.15 V
        supply.write(REG_I_SET, 200);
        supply.write(REG_OUTPUT, 1);
        for (int minute = 0; minute < 120 && bay.overLimit() == null; minute++) {
          clock.advance(Duration.ofMinutes(1));
          supply.read(REG_I_OUT);
        }
        Stamp over = bay.overLimit();
        assertThat(over).as("a cell crossed 4.17 V").isNotNull();
        assertThat(over.clock()).isAfter(START.plusSeconds(60));
        assertThat(bay.outputOff()).isNull();
        clock.advance(Duration.ofMillis(300));
        supply.write(REG_OUTPUT, 0);
        Stamp off = bay.outputOff();
        assertThat(off).isNotNull();
        assertThat(off.clock()).isEqualTo(clock.instant());
        assertThat(Duration.between(over.clock(), off.clock()))
            .isBetween(Duration.ofMillis(300), Duration.ofMillis(60_300));
        assertThat(bay.outputOffWrites()).isEqualTo(1);
        assertThat(bay.outputOffAfterFault()).isEqualTo(off);
      }
      try (BmsClient bms = BmsClients.open("jbd", "tcp://127.0.0.1:" + bay.bmsPort(), BMS)) {
        clock.advance(Duration.ofMillis(100));
        bms.setChargeFet(false);
        assertThat(bay.chargeFetOff()).isNotNull();
        assertThat(bay.chargeFetOff().clock()).isEqualTo(clock.instant());
        assertThat(bms.read().chargeFet()).isFalse();
      }
      fleet.close();
      fleet.writeResults();
      List<String> lines = Files.readAllLines(results);
      assertThat(lines).hasSize(3);
      String line =
          lines.stream()
              .filter(l -> l.contains("\"bay\":\"" + bay.id() + "\""))
              .findFirst()
              .orElseThrow();
      assertThat(line)
          .contains("\"role\":\"faulted\"")
          .contains("\"cut_off_cell_v\":4.170")
          .contains("\"over_limit\":{\"clock\":\"" + bay.overLimit().clock() + "\"")
          .contains("\"output_off\":{\"clock\":\"" + bay.outputOff().clock() + "\"")
          .contains("\"output_off_after_fault\":{\"clock\":\"" + bay.outputOff().clock() + "\"")
          .contains("\"output_off_writes\":1");
      assertThat(line).containsPattern("\"clock_latency_ms\":[0-9]+\\.[0-9]{3}");
      assertThat(lines.stream().filter(l -> !l.equals(line)))
          .allSatisfy(l -> assertThat(l).contains("\"over_limit\":null", "\"latency_ms\":null"));
    }
  }

  @Test
  void a_hung_bay_accepts_connections_and_never_answers() throws Exception {
    try (FleetSimulator fleet = fleet(b -> b.hang(2))) {
      List<FleetBay> hung =
          fleet.bays().stream().filter(b -> b.role() == FleetBay.Role.HUNG).toList();
      assertThat(hung).hasSize(2);
      FleetBay bay = hung.get(0);
      // FC03 read of register 0 for unit 1; JBD read of 0x03 (basic info)
      byte[] modbusRead = {0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1};
      byte[] jbdRead = {(byte) 0xDD, (byte) 0xA5, 0x03, 0x00, (byte) 0xFF, (byte) 0xFD, 0x77};
      assertNoAnswer(bay.supplyPort(), modbusRead);
      assertNoAnswer(bay.bmsPort(), jbdRead);
      try (BmsClient bms =
          BmsClients.open(
              "jbd",
              "tcp://127.0.0.1:" + bay.bmsPort(),
              BmsOptions.create(o -> o.responseTimeout(Duration.ofMillis(300))))) {
        assertThatThrownBy(bms::read).isInstanceOf(BmsException.class);
      }
      FleetBay normal =
          fleet.bays().stream()
              .filter(b -> b.role() == FleetBay.Role.NORMAL)
              .findFirst()
              .orElseThrow();
      try (Modbus supply = new Modbus(normal.supplyPort())) {
        assertThat(supply.read(0)).as("the other bays still answer").isEqualTo(60181);
      }
    }
  }

  @Test
  void with_a_port_base_bay_i_serves_its_supply_on_base_plus_2i_and_its_bms_on_the_next_port()
      throws Exception {
    int base =
        freeRun(6); // below Linux's ephemeral range, so other sockets do not take them meanwhile
    try (FleetSimulator fleet = fleet(b -> b.bays(3).hang(1).portBase(base))) {
      for (int i = 0; i < 3; i++) {
        FleetBay bay = fleet.bays().get(i);
        assertThat(bay.supplyPort()).isEqualTo(base + 2 * i);
        assertThat(bay.bmsPort()).isEqualTo(base + 2 * i + 1);
      }
      FleetBay normal =
          fleet.bays().stream()
              .filter(b -> b.role() == FleetBay.Role.NORMAL)
              .findFirst()
              .orElseThrow();
      try (Modbus supply = new Modbus(normal.supplyPort())) {
        assertThat(supply.read(0)).isEqualTo(60181);
      }
    }
  }

  /** The first of {@code count} consecutive loopback ports in 20000-30000 that are free now. */
  private static int freeRun(int count) throws Exception {
    for (int base = 20_000 + (int) (ProcessHandle.current().pid() % 500) * 16;
        base < 30_000;
        base += count) {
      List<java.net.ServerSocket> held = new java.util.ArrayList<>();
      try {
        for (int p = base; p < base + count; p++) {
          held.add(new java.net.ServerSocket(p, 1, InetAddress.getLoopbackAddress()));
        }
        return base;
      } catch (java.io.IOException taken) {
        // try the next run
      } finally {
        for (java.net.ServerSocket s : held) {
          s.close();
        }
      }
    }
    throw new AssertionError("no free run of " + count + " loopback ports in 20000-30000");
  }

  @Test
  void closing_the_fleet_closes_every_port() throws Exception {
    FleetSimulator fleet = fleet(b -> b.hang(1));
    List<Integer> ports =
        fleet.bays().stream()
            .flatMap(b -> java.util.stream.Stream.of(b.supplyPort(), b.bmsPort()))
            .toList();
    fleet.close();
    for (int port : ports) {
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .as("port %d", port)
          .isInstanceOf(java.net.ConnectException.class);
    }
  }

  /**
   * Connects, sends {@code request} and expects the connection to stay open and silent for 300 ms.
   */
  private static void assertNoAnswer(int port, byte[] request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(300);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      assertThatThrownBy(in::read)
          .as("port %d answered", port)
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(s.isClosed()).isFalse();
    }
  }

  /** A digitalpetri Modbus TCP client on one loopback port, unit 1. */
  private static final class Modbus implements AutoCloseable {
    private final ModbusTcpClient client;

    Modbus(int port) throws Exception {
      client =
          ModbusTcpClient.create(
              NettyTcpClientTransport.create(
                  cfg -> {
                    cfg.hostname = "127.0.0.1";
                    cfg.port = port;
                  }),
              cfg -> cfg.requestTimeout = Duration.ofSeconds(2));
      client.connect();
    }

    int read(int address) throws Exception {
      byte[] r =
          client.readHoldingRegisters(1, new ReadHoldingRegistersRequest(address, 1)).registers();
      return ((r[0] & 0xFF) << 8) | (r[1] & 0xFF);
    }

    void write(int address, int value) throws Exception {
      client.writeSingleRegister(1, new WriteSingleRegisterRequest(address, value));
    }

    @Override
    public void close() throws Exception {
      client.disconnect();
    }
  }
}
