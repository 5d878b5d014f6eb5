package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The links other than Modbus TCP, each against our emulator: RTU serial, RTU over TCP, Riden WiFi
 * dial-in.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyTransportsIT {
  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimulatedBay bay =
      new SimulatedBay(
          clock, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 50.0, 0), new Faults());

  private void chargesAndStops(SupplyDriver d, String model) throws SupplyException {
    assertThat(d.read().model()).isEqualTo(model);
    d.setProtection(54_600, 2_500);
    d.apply(new SupplySetpoint(54_000, 2_000, true));
    clock.advance(Duration.ofSeconds(2));
    SupplyReading r = d.read();
    assertThat(r.outputOn()).isTrue();
    assertThat(r.outMilliamps()).isEqualTo(2_000);
    d.outputOff();
    assertThat(bay.state().outputOn()).isFalse();
  }

  @Test
  void modbus_rtu_over_a_serial_port_on_a_socat_pty() throws Exception {
    try (PtyPair pty = new PtyPair(dir);
        ModbusSupplyEmulator e =
            ModbusSupplyEmulator.rtuSerial(bay, EmulatedModel.DPS8005, 1, pty.a.toString(), 9600);
        SupplyDriver d =
            ModbusConnections.open(
                "rtu:" + pty.b + "?baud=9600", 1, "auto", Duration.ofMillis(500))) {
      chargesAndStops(d, "DPS8005");
      assertThat(e.register(0x01)).as("DPS8005 I-SET in milliamps").isEqualTo(2_000);
    }
  }

  @Test
  void two_units_on_one_serial_bus_share_the_port_one_request_at_a_time() throws Exception {
    try (PtyPair pty = new PtyPair(dir);
        ModbusSupplyEmulator e =
            ModbusSupplyEmulator.rtuSerial(
                bay, EmulatedModel.RD6018, 1, pty.a.toString(), 115_200);
        SupplyDriver one =
            ModbusConnections.open("rtu:" + pty.b, 1, "auto", Duration.ofMillis(500));
        SupplyDriver two =
            ModbusConnections.open("rtu:" + pty.b, 1, "RD6018", Duration.ofMillis(500))) {
      var f1 = java.util.concurrent.CompletableFuture.supplyAsync(() -> readMany(one));
      var f2 = java.util.concurrent.CompletableFuture.supplyAsync(() -> readMany(two));
      assertThat(f1.get()).isEqualTo(60_000);
      assertThat(f2.get()).isEqualTo(60_000);
      assertThat(e.model()).isEqualTo(EmulatedModel.RD6018);
    }
  }

  /** Five reads; every one must be a whole, unswapped RD6018 block. Returns the input voltage. */
  private static int readMany(SupplyDriver d) {
    int vin = 0;
    for (int i = 0; i < 5; i++) {
      try {
        SupplyReading r = d.read();
        assertThat(r.model()).isEqualTo("RD6018");
        vin = r.inputMillivolts();
      } catch (SupplyException e) {
        throw new AssertionError(e);
      }
    }
    return vin;
  }

  @Test
  void rtu_frames_over_tcp_as_behind_a_serial_gateway() throws Exception {
    try (ModbusSupplyEmulator e = ModbusSupplyEmulator.rtuOverTcp(bay, EmulatedModel.RD6024, 1);
        SupplyDriver d =
            ModbusConnections.open(
                "rtu-tcp://127.0.0.1:" + e.port(), 1, "auto", Duration.ofMillis(500))) {
      chargesAndStops(d, "RD6024");
    }
  }

  @Test
  void a_stock_riden_wifi_module_dials_in_and_we_are_rtu_master_on_its_socket() throws Exception {
    int port = ExternalProcess.freePort();
    try (SupplyDriver d =
        ModbusConnections.open(
            "riden-wifi://127.0.0.1:" + port, 1, "auto", Duration.ofMillis(500))) {
      assertThatThrownBy(d::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("dialled in");
      try (ModbusSupplyEmulator e =
          ModbusSupplyEmulator.dialIn(bay, EmulatedModel.RD6018, 1, "127.0.0.1", port)) {
        chargesAndStops(d, "RD6018");
        assertThat(e.register(82)).isEqualTo(5460);
      }
    }
  }
}
