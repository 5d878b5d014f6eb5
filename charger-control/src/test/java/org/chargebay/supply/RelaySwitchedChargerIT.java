package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.chargebay.simulator.supply.WaveshareRelayEmulator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** A fixed 54.6 V / 5 A charger on relay channel 2 of a Waveshare relay emulator. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RelaySwitchedChargerIT {
  private final EmulatedBench.Bay bay = new EmulatedBench.Bay();

  private SupplyDriver open(WaveshareRelayEmulator relay) {
    return ModbusConnections.open("modbus-tcp://127.0.0.1:" + relay.port()
        + "?channel=2&charger_mv=54600&charger_ma=5000&pulse_ms=3000", 1, "waveshare-relay", Duration.ofMillis(300));
  }

  @Test
  void switches_the_charger_with_a_pulse_that_a_crashed_host_cannot_leave_on() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock); SupplyDriver d = open(relay)) {
      d.apply(new SupplySetpoint(54_600, 5_000, true));
      assertThat(d.capabilities().hasHardwareProtection()).isFalse();
      assertThat(d.capabilities().notes()).contains("BMS is the only eye");
      assertThat(relay.relay(2)).isTrue();
      assertThat(bay.bay.state().outputOn()).isTrue();
      for (int i = 0; i < 5; i++) { // polls re-arm the pulse
        bay.clock.advance(Duration.ofSeconds(2));
        assertThat(d.read().outputOn()).isTrue();
      }
      // the host "crashes": no more polls
      bay.clock.advance(Duration.ofMillis(3_000));
      assertThat(relay.relay(2)).isFalse();
      assertThat(bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void output_off_is_confirmed_and_a_welded_contact_is_fatal() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock); SupplyDriver d = open(relay)) {
      d.apply(new SupplySetpoint(55_000, 6_000, true));
      d.outputOff();
      assertThat(relay.relay(2)).isFalse();
      assertThat(d.read().outputOn()).isFalse();
      d.apply(new SupplySetpoint(55_000, 6_000, true));
      relay.faults().outputIgnoresOff(true);
      assertThatThrownBy(d::outputOff).isInstanceOf(SupplyException.Fatal.class).hasMessageContaining("still on");
    }
  }

  @Test
  void a_setpoint_below_the_chargers_nameplate_is_refused_and_stays_off() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock); SupplyDriver d = open(relay)) {
      assertThatThrownBy(() -> d.apply(new SupplySetpoint(50_000, 5_000, true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("fixed 54600 mV");
      assertThat(relay.relay(2)).isFalse();
      assertThatThrownBy(() -> d.setProtection(55_000, 5_500)).isInstanceOf(SupplyException.Fatal.class);
    }
  }

  @Test
  void every_connect_switches_all_channels_off_first() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock)) {
      try (SupplyDriver d = open(relay)) {
        d.apply(new SupplySetpoint(54_600, 5_000, true));
      }
      assertThat(relay.relay(2)).as("left on by a previous controller").isTrue();
      try (SupplyDriver d = open(relay)) {
        assertThat(d.read().outputOn()).isFalse();
      }
    }
  }
}
