package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.Rd60xxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The generic driver with the RD6018 map against the RD6018 emulator over Modbus TCP on loopback.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ModbusSupplyDriverIT {
  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private SimulatedBay bay;
  private Rd60xxEmulator emulator;
  private SupplyDriver driver;

  @BeforeEach
  void start() {
    bay =
        new SimulatedBay(
            clock, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 50.0, 0), new Faults());
    emulator = Rd60xxEmulator.start(bay, 1);
    driver =
        ModbusConnections.open(
            "modbus-tcp://127.0.0.1:" + emulator.port(), 1, "auto", Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    driver.close();
    emulator.close();
  }

  @Test
  void detects_the_rd6018_and_reads_its_registers_scaled_to_millivolts_and_milliamps()
      throws Exception {
    SupplyReading r = driver.read();
    assertThat(r.model()).isEqualTo("RD6018");
    assertThat(r.outputOn()).isFalse();
    assertThat(r.inputMillivolts()).isEqualTo(60_000);
    // resting 13S NMC at 50 % = 13 x 3.73 V; register 10 holds centivolts
    assertThat(r.outMillivolts()).isEqualTo(emulator.register(10) * 10).isBetween(48_400, 48_600);
    assertThat(driver.capabilities().maxMilliamps()).isEqualTo(18_000);
  }

  @Test
  void applies_a_setpoint_reads_it_back_and_the_scale_is_not_off_by_ten() throws Exception {
    driver.setProtection(54_600, 2_500);
    driver.apply(new SupplySetpoint(52_340, 2_150, true));
    assertThat(emulator.register(8)).as("V_SET centivolts").isEqualTo(5234);
    assertThat(emulator.register(9)).as("I_SET centiamps").isEqualTo(215);
    assertThat(emulator.register(18)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    SupplyReading r = driver.read();
    assertThat(r.setMillivolts()).isEqualTo(52_340);
    assertThat(r.setMilliamps()).isEqualTo(2_150);
    assertThat(r.outputOn()).isTrue();
    assertThat(r.constantCurrent()).isTrue();
    assertThat(r.outMilliamps()).isEqualTo(2_150);
    assertThat(r.outMilliwatts()).isBetween(2_150L * 48_000 / 1000, 2_150L * 53_000 / 1000);
  }

  @Test
  void writes_and_verifies_the_hardware_ovp_and_ocp() throws Exception {
    driver.setProtection(54_600, 2_500);
    assertThat(emulator.register(82)).isEqualTo(5460);
    assertThat(emulator.register(83)).isEqualTo(250);
    assertThat(bay.state().ovpVolts()).isEqualTo(54.6);
  }

  @Test
  void output_off_is_confirmed_and_idempotent() throws Exception {
    driver.setProtection(54_600, 2_500);
    driver.apply(new SupplySetpoint(52_000, 2_000, true));
    driver.outputOff();
    driver.outputOff();
    assertThat(emulator.register(18)).isZero();
    assertThat(driver.read().outputOn()).isFalse();
  }

  @Test
  void a_setpoint_beyond_the_model_is_refused_before_anything_is_written() {
    assertThatThrownBy(() -> driver.apply(new SupplySetpoint(61_000, 2_000, true)))
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessage(
            "setpoint 61000 mV / 2000 mA exceeds what a RD6018 can do (60000 mV / 18000 mA)");
    assertThat(emulator.register(18)).isZero();
  }

  @Test
  void a_configured_model_that_disagrees_with_the_unit_is_refused() {
    SupplyDriver wrong =
        ModbusConnections.open(
            "modbus-tcp://127.0.0.1:" + emulator.port(), 1, "RD6006", Duration.ofMillis(500));
    assertThatThrownBy(wrong::read)
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessage(
            "configured model RD6006 but the unit reports model id 60181 (RD6018) in register 0:"
                + " refusing to guess the scaling");
    wrong.close();
  }

  @Test
  void a_unit_id_nobody_answers_times_out_as_retriable_and_the_driver_recovers() throws Exception {
    SupplyDriver absent =
        ModbusConnections.open(
            "modbus-tcp://127.0.0.1:" + emulator.port(), 7, "auto", Duration.ofMillis(200));
    assertThatThrownBy(absent::read)
        .isInstanceOf(SupplyException.Retriable.class)
        .hasMessage("no answer reading model id on 127.0.0.1:" + emulator.port() + " (timeout)");
    absent.close();
    assertThat(driver.read().model()).isEqualTo("RD6018");
  }

  @Test
  void a_closed_port_is_a_retriable_link_failure_with_a_clear_message() {
    int port = emulator.port();
    emulator.close();
    assertThatThrownBy(driver::read)
        .isInstanceOf(SupplyException.Retriable.class)
        .hasMessage("link failure reading model id on 127.0.0.1:" + port + ": Connection refused");
    emulator = Rd60xxEmulator.start(bay, 1);
  }

  @Test
  void bad_urls_are_refused_with_a_sentence() {
    assertThatThrownBy(() -> ModbusConnections.open("http://x:1", 1, null, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "supply url 'http://x:1': scheme must be modbus-tcp, rtu, rtu-tcp, riden-wifi or dph"
                + " (e.g. modbus-tcp://10.0.0.5:502, rtu:/dev/ttyUSB0?baud=115200)");
    assertThatThrownBy(
            () -> ModbusConnections.open("modbus-tcp://h:502", 0, null, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Modbus unit id must be 1..247, was 0");
  }
}
