package org.chargebay.simulator.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.RawModbus.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link WaveshareRelayEmulator} against the Waveshare "Modbus RTU Relay" protocol as summarised in
 * PRO-DEVICES.md §2.2: FC05 coil n 0xFF00 / 0x0000 / 0x5500 (toggle), coil 0x00FF for all channels,
 * 0x0200+n "flash on" and 0x0400+n "flash off" for t x 100 ms, FC01 relay states as a bitmask, unit
 * id 1. A fixed 54.6 V / 2 A charger hangs on channel 2; flash timers run on the virtual clock, and
 * the charger must switch when the pulse ends even if nobody asks.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WaveshareRelayEmulatorIT {
  private static final int ON = 0xFF00;
  private static final int OFF = 0x0000;
  private static final int TOGGLE = 0x5500;

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimulatedBay charger =
      new SimulatedBay(clock, EmulatorBench.pack(13, 2.0), new Faults());
  private final WaveshareRelayEmulator relay =
      new WaveshareRelayEmulator(charger, 54.6, 2.0, 2, clock);
  private final RawModbus m = new RawModbus(relay.port());
  private final RawModbus quick = new RawModbus(relay.port(), Duration.ofMillis(200));

  @AfterEach
  void stop() {
    quick.close();
    m.close();
    relay.close();
  }

  private void coil(int address, int value) {
    Reply r = m.writeCoil(1, address, value);
    assertThat(r.ok()).as("coil 0x%04X: %s", address, r).isTrue();
  }

  private int relays() {
    return m.readCoils(1, 0, 8).coilBits();
  }

  @Test
  void single_coils_switch_toggle_and_the_all_channels_coil_switches_every_relay() {
    assertThat(charger.state().setVolts()).isCloseTo(54.6, within(1e-9));
    assertThat(charger.state().setAmps()).isCloseTo(2.0, within(1e-9));
    assertThat(relays()).isZero();
    coil(2, ON);
    assertThat(relays()).isEqualTo(0b0000_0100);
    assertThat(charger.state().outputOn()).isTrue();
    coil(5, TOGGLE);
    assertThat(relays()).isEqualTo(0b0010_0100);
    coil(2, TOGGLE);
    assertThat(relays()).isEqualTo(0b0010_0000);
    assertThat(charger.state().outputOn()).isFalse();
    coil(0x00FF, ON);
    assertThat(relays()).isEqualTo(0xFF);
    assertThat(charger.state().outputOn()).isTrue();
    assertThat(m.readCoils(1, 2, 1).coilBits()).as("one coil, LSB").isEqualTo(1);
    coil(0x00FF, OFF);
    assertThat(relays()).isZero();
    assertThat(charger.state().outputOn()).isFalse();
  }

  @Test
  void a_flash_on_pulse_opens_after_t_x_100_ms_on_the_virtual_clock_even_if_nobody_polls() {
    coil(0x0202, 7); // channel 2 on for 700 ms
    assertThat(relay.relay(2)).isTrue();
    assertThat(charger.state().outputOn()).isTrue();
    clock.advance(Duration.ofMillis(699));
    assertThat(charger.state().outputOn()).isTrue();
    assertThat(relays()).isEqualTo(0b100);
    clock.advance(Duration.ofMillis(1));
    // the charger is looked at before the relay board: the pulse must have ended on its own
    assertThat(charger.state().outputOn()).isFalse();
    assertThat(relays()).isZero();
  }

  @Test
  void the_charger_only_charges_for_the_length_of_the_pulse() {
    coil(0x0202, 20); // 2 s
    clock.advance(Duration.ofSeconds(60)); // the host went away
    // 2 A for 2 s = 1.111 mAh, not 60 s worth (33.3 mAh)
    assertThat(charger.state().ampHours() * 1000).isCloseTo(2.0 * 2 / 3.6, within(0.01));
    assertThat(charger.state().outputOn()).isFalse();
  }

  @Test
  void a_flash_off_pulse_closes_again_after_its_time() {
    coil(2, ON);
    coil(0x0402, 5); // off for 500 ms
    assertThat(charger.state().outputOn()).isFalse();
    assertThat(relays()).isZero();
    clock.advance(Duration.ofMillis(500));
    assertThat(charger.state().outputOn()).isTrue();
    assertThat(relays()).isEqualTo(0b100);
  }

  @Test
  void a_plain_command_during_a_pulse_cancels_its_end() {
    coil(0x0202, 5);
    coil(2, ON);
    clock.advance(Duration.ofSeconds(1));
    assertThat(charger.state().outputOn()).isTrue();
    assertThat(relays()).isEqualTo(0b100);
  }

  @Test
  void a_welded_contact_acknowledges_off_but_stays_closed_and_outlives_its_pulse() {
    relay.faults().outputIgnoresOff(true);
    coil(2, ON);
    coil(2, OFF);
    assertThat(relays()).isEqualTo(0b100);
    coil(0x0202, 3);
    clock.advance(Duration.ofSeconds(1));
    assertThat(charger.state().outputOn()).isTrue();
    assertThat(relays()).isEqualTo(0b100);
  }

  @Test
  void refuses_unknown_values_and_addresses_and_answers_only_unit_1_unless_silent() {
    Reply badValue = m.writeCoil(1, 2, 0x1234);
    assertThat(badValue.function()).isEqualTo(0x85);
    assertThat(badValue.exceptionCode()).isEqualTo(3);
    assertThat(m.writeCoil(1, 0x0208, 5).exceptionCode()).as("no channel 8").isEqualTo(2);
    assertThat(m.readCoils(1, 0, 9).exceptionCode()).isEqualTo(2);
    assertThat(quick.writeCoil(2, 2, ON).silent()).as("unit 2").isTrue();
    assertThat(charger.state().outputOn()).isFalse();
    relay.faults().silent(true);
    assertThat(quick.writeCoil(1, 2, ON).silent()).isTrue();
    assertThat(quick.readCoils(1, 0, 8).silent()).isTrue();
    assertThat(charger.state().outputOn()).isFalse();
  }

  @Test
  void an_exception_fault_answers_every_request_with_its_code_and_switches_nothing() {
    relay.faults().exceptionCode(4);
    Reply on = m.writeCoil(1, 2, ON);
    assertThat(on.function()).isEqualTo(0x85);
    assertThat(on.exceptionCode()).isEqualTo(4);
    assertThat(m.writeCoil(1, 0x0202, 30).exceptionCode()).isEqualTo(4);
    Reply read = m.readCoils(1, 0, 8);
    assertThat(read.function()).isEqualTo(0x81);
    assertThat(read.exceptionCode()).isEqualTo(4);
    assertThat(charger.state().outputOn()).isFalse();
    relay.faults().exceptionCode(0);
    assertThat(relays()).isZero();
    assertThat(relay.writeRequests()).isEqualTo(2);
  }

  @Test
  void a_slow_board_answers_after_the_configured_delay_with_the_right_state() {
    coil(2, ON);
    relay.faults().responseDelay(Duration.ofMillis(300));
    try (RawModbus patient = new RawModbus(relay.port(), Duration.ofSeconds(3))) {
      long start = System.nanoTime();
      Reply r = patient.readCoils(1, 0, 8);
      assertThat(r.coilBits()).isEqualTo(0b100);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }
    try (RawModbus hasty = new RawModbus(relay.port(), Duration.ofMillis(100))) {
      assertThat(hasty.readCoils(1, 0, 8).silent()).as("not within 100 ms").isTrue();
    }
  }

  @Test
  void a_lying_contact_readback_reports_a_state_the_charger_is_not_in() {
    coil(3, ON);
    coil(2, ON);
    relay.faults().outputReadsAs(false);
    assertThat(relays()).as("channel 2 reads open, channel 3 the truth").isEqualTo(0b1000);
    assertThat(charger.state().outputOn()).as("yet the charger is on").isTrue();
    relay.faults().outputReadsAs(true);
    coil(2, OFF);
    assertThat(relays()).as("channel 2 reads closed").isEqualTo(0b1100);
    assertThat(charger.state().outputOn()).as("yet the charger is off").isFalse();
    relay.faults().outputReadsAs(null);
    assertThat(relays()).isEqualTo(0b1000);
  }

  @Test
  void a_command_that_lands_but_is_never_answered_is_carried_out_once() {
    relay.faults().silentAfterWrite(true);
    assertThat(quick.writeCoil(1, 0x0202, 30).silent()).isTrue();
    assertThat(relay.writeRequests()).isEqualTo(1);
    assertThat(charger.state().outputOn()).isTrue();
    assertThat(relays()).as("reads are still answered").isEqualTo(0b100);
  }
}
