package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.chargebay.simulator.supply.EaEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** An EA PS 9080-120 2U (80 V / 120 A / 3 kW) emulator over Modbus TCP. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EaSupplyDriverIT {
  private final EmulatedBench.Bay bay = new EmulatedBench.Bay();
  private final EaEmulator ea = new EaEmulator(bay.bay, Duration.ofMillis(400));
  private final SupplyDriver d = ModbusConnections.open(
      "modbus-tcp://127.0.0.1:" + ea.port() + "?socket_timeout_ms=400", 1, "EA", Duration.ofMillis(300));

  @AfterEach
  void stop() {
    d.close();
    ea.close();
  }

  @Test
  void scales_in_percent_of_the_nominal_values_read_from_the_device() throws Exception {
    SupplyReading r = d.read();
    assertThat(r.model()).isEqualTo("PS 9080-120 2U");
    assertThat(d.capabilities().maxMillivolts()).isEqualTo(80_000);
    assertThat(d.capabilities().maxMilliamps()).isEqualTo(120_000);
    d.setProtection(54_600, 6_000);
    d.apply(new SupplySetpoint(54_000, 5_000, true));
    // 54 V of 80 V nominal = 67.5 % = 35389 counts; a tenfold error would be 3539 or 353890
    assertThat(ea.register(500)).isEqualTo(35_389);
    assertThat(ea.register(501)).as("5 A of 120 A").isEqualTo(2_185);
    assertThat(bay.bay.state().setVolts()).isCloseTo(54.0, org.assertj.core.data.Offset.offset(0.002));
    assertThat(bay.bay.state().setAmps()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.003));
    assertThat(ea.register(550)).as("OVP 54.6 V").isEqualTo(35_782);
    bay.clock.advance(Duration.ofSeconds(1));
    r = d.read();
    assertThat(r.setMillivolts()).isEqualTo(54_000);
    assertThat(r.setMilliamps()).isBetween(4_998, 5_002);
    assertThat(r.outputOn()).isTrue();
    assertThat(r.mode()).isEqualTo("CC");
    assertThat(r.outMilliamps()).isBetween(4_995, 5_005);
    assertThat(d.readProtection().orElseThrow().ovpMillivolts()).isBetween(54_598, 54_602);
    assertThat(ea.remote()).isTrue();
    d.outputOff();
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  @Test
  void output_on_above_the_units_backstop_is_refused_and_a_refused_remote_mode_is_reported_with_its_reason() {
    bay.bay.setProtection(40.0, 60.0);
    assertThatThrownBy(() -> d.apply(new SupplySetpoint(54_000, 5_000, true)))
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessageContaining("OVP/OCP");
    ea.refuseRemote(true);
    assertThatThrownBy(() -> d.setProtection(54_600, 6_000))
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessageContaining("refused remote control")
        .hasMessageContaining("Local");
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  @Test
  void a_latched_ovp_alarm_is_reported_and_acknowledged_only_at_the_next_session_start() throws Exception {
    d.setProtection(50_000, 6_000);
    d.apply(new SupplySetpoint(49_000, 5_000, true));
    bay.bay.faults().supplyIgnoresVoltageSetpoint(false);
    d.setProtection(45_000, 6_000); // below the pack: the device trips
    bay.clock.advance(Duration.ofSeconds(1));
    SupplyReading r = d.read();
    assertThat(r.outputOn()).isFalse();
    assertThat(r.protectionName()).isEqualTo("OVP");
    d.setProtection(54_600, 6_000);
    assertThat(d.read().protectionName()).isEqualTo("none");
  }

  @Test
  void an_idle_socket_closed_by_the_device_is_reopened_without_an_error() throws Exception {
    d.read();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (ea.openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(ea.openConnections()).as("the device closed the idle socket").isZero();
    assertThat(d.read().model()).isEqualTo("PS 9080-120 2U");
  }
}
