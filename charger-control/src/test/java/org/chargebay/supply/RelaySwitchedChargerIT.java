package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.chargebay.simulator.supply.WaveshareRelayEmulator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A fixed 54.6 V / 5 A charger on relay channel 2 of a Waveshare relay emulator, also under each
 * fault of the emulator (as {@link SupplyBehaviourIT} does for the Modbus supplies): a read fault
 * is a typed error, no command is repeated blindly (the emulator counts the FC05 requests it
 * received), output off is reachable after every fault, and a contact that will not open or a
 * read-back that lies is reported, never taken for success.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RelaySwitchedChargerIT {
  private final EmulatedBench.Bay bay = new EmulatedBench.Bay();

  private SupplyDriver open(WaveshareRelayEmulator relay) {
    return ModbusConnections.open(
        "modbus-tcp://127.0.0.1:"
            + relay.port()
            + "?channel=2&charger_mv=54600&charger_ma=5000&pulse_ms=3000",
        1,
        "waveshare-relay",
        Duration.ofMillis(300));
  }

  @Test
  void switches_the_charger_with_a_pulse_that_a_crashed_host_cannot_leave_on() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
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
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
      d.apply(new SupplySetpoint(55_000, 6_000, true));
      d.outputOff();
      assertThat(relay.relay(2)).isFalse();
      assertThat(d.read().outputOn()).isFalse();
      d.apply(new SupplySetpoint(55_000, 6_000, true));
      relay.faults().outputIgnoresOff(true);
      int writes = relay.writeRequests();
      assertThatThrownBy(d::outputOff)
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("still on");
      assertThat(relay.writeRequests() - writes)
          .as("\"off\" three times, each after a read-back of \"on\"")
          .isEqualTo(3);
      assertThat(bay.bay.state().outputOn()).isTrue();
    }
  }

  @Test
  void a_setpoint_below_the_chargers_nameplate_is_refused_and_stays_off() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
      assertThatThrownBy(() -> d.apply(new SupplySetpoint(50_000, 5_000, true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("fixed 54600 mV");
      assertThat(relay.relay(2)).isFalse();
      assertThatThrownBy(() -> d.setProtection(55_000, 5_500))
          .isInstanceOf(SupplyException.Fatal.class);
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

  @Test
  void exception_responses_are_typed_fatal_not_repeated_and_output_off_works_after_them()
      throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
      d.apply(new SupplySetpoint(54_600, 5_000, true));
      relay.faults().exceptionCode(4);
      int writes = relay.writeRequests();
      assertThatThrownBy(d::read) // the keep-alive pulse is refused: reported, not repeated
          .isInstanceOfSatisfying(
              SupplyException.Refused.class, e -> assertThat(e.exceptionCode()).isEqualTo(4));
      assertThat(relay.writeRequests() - writes).isEqualTo(1);
      writes = relay.writeRequests();
      assertThatThrownBy(d::outputOff).isInstanceOf(SupplyException.Refused.class);
      assertThat(relay.writeRequests() - writes).as("\"off\" at most three times").isEqualTo(3);
      relay.faults().exceptionCode(0);
      d.outputOff();
      assertThat(relay.relay(2)).isFalse();
      assertThat(bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void a_switch_on_that_failed_is_not_completed_later_by_a_poll() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
      d.read(); // connected (all off) before the fault
      relay.faults().exceptionCode(4);
      assertThatThrownBy(() -> d.apply(new SupplySetpoint(54_600, 5_000, true)))
          .isInstanceOf(SupplyException.Refused.class)
          .hasMessageContaining("flash-on");
      relay.faults().exceptionCode(0);
      int writes = relay.writeRequests();
      assertThat(d.read().outputOn()).isFalse();
      assertThat(relay.writeRequests())
          .as("no keep-alive pulse for a switch-on that never happened")
          .isEqualTo(writes);
      assertThat(relay.relay(2)).isFalse();
      assertThat(bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void silence_is_retriable_the_pulse_ends_the_charge_and_output_off_is_reachable_once_it_answers()
      throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
      d.apply(new SupplySetpoint(54_600, 5_000, true));
      relay.faults().silent(true);
      int writes = relay.writeRequests();
      long t0 = System.nanoTime();
      assertThatThrownBy(d::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("timeout");
      // one keep-alive pulse, then the relay read tried three times: bounded
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      assertThat(relay.writeRequests() - writes).isEqualTo(1);
      assertThatThrownBy(d::outputOff).isInstanceOf(SupplyException.Retriable.class);
      assertThat(relay.writeRequests() - writes).as("the reconnect's all-off, once").isEqualTo(2);
      bay.clock.advance(Duration.ofMillis(3_000));
      assertThat(bay.bay.state().outputOn()).as("the board's own pulse ended the charge").isFalse();
      relay.faults().silent(false);
      d.outputOff();
      assertThat(relay.relay(2)).isFalse();
    }
  }

  @Test
  void a_command_that_got_no_answer_is_decided_by_read_back_not_repeated() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
      d.read();
      relay.faults().silentAfterWrite(true);
      int writes = relay.writeRequests();
      d.apply(new SupplySetpoint(54_600, 5_000, true));
      assertThat(relay.writeRequests() - writes)
          .as("one unanswered pulse, read back closed")
          .isEqualTo(1);
      assertThat(bay.bay.state().outputOn()).isTrue();
      relay.faults().silentAfterWrite(false);
      d.outputOff();
      assertThat(bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void a_slow_board_within_the_timeout_is_served_and_beyond_it_is_retriable() throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
      relay.faults().responseDelay(Duration.ofMillis(60));
      assertThat(d.read().outputOn()).isFalse();
      relay.faults().responseDelay(Duration.ofMillis(400));
      assertThatThrownBy(d::read).isInstanceOf(SupplyException.Retriable.class);
      relay.faults().responseDelay(Duration.ZERO);
      d.apply(new SupplySetpoint(54_600, 5_000, true));
      d.outputOff();
      assertThat(bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void a_contact_read_back_that_lies_is_reported_both_ways_and_never_leaves_the_charger_on()
      throws Exception {
    try (var relay = new WaveshareRelayEmulator(bay.bay, 54.6, 5.0, 2, bay.clock);
        SupplyDriver d = open(relay)) {
      d.read(); // connected (all off) before the fault
      relay.faults().outputReadsAs(false); // reads open whatever the contact is
      int writes = relay.writeRequests();
      assertThatThrownBy(() -> d.apply(new SupplySetpoint(54_600, 5_000, true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("did not switch on");
      assertThat(relay.writeRequests() - writes)
          .as("the pulse, then one \"off\" in case")
          .isEqualTo(2);
      assertThat(relay.relay(2)).as("really open").isFalse();
      assertThat(bay.bay.state().outputOn()).isFalse();
      relay.faults().outputReadsAs(true); // reads closed whatever the contact is
      writes = relay.writeRequests();
      assertThatThrownBy(d::outputOff)
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("still on");
      assertThat(relay.writeRequests() - writes).isEqualTo(3);
      assertThat(bay.bay.state().outputOn()).isFalse();
    }
  }
}
