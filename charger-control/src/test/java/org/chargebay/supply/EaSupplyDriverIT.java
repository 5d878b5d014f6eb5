package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.chargebay.simulator.supply.EaEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * An EA PS 9080-120 2U (80 V / 120 A / 3 kW) emulator over Modbus TCP: scaling, the remote
 * handshake, the backstop, and each fault of the emulator (as {@link SupplyBehaviourIT} and {@link
 * SupplyModelsIT} do for the register-map supplies): a read fault is a typed error, reads are
 * retried a bounded number of times, no write is retried blindly (the emulator counts the writes it
 * received), output off is reachable after every fault, and an output that ignores "off" or a
 * read-back that lies is reported, never taken for success.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EaSupplyDriverIT {
  private final EmulatedBench.Bay bay = new EmulatedBench.Bay();
  private final EaEmulator ea = new EaEmulator(bay.bay, Duration.ofMillis(400));
  private final SupplyDriver d =
      ModbusConnections.open(
          "modbus-tcp://127.0.0.1:" + ea.port() + "?socket_timeout_ms=400",
          1,
          "EA",
          Duration.ofMillis(300));

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
    assertThat(bay.bay.state().setVolts())
        .isCloseTo(54.0, org.assertj.core.data.Offset.offset(0.002));
    assertThat(bay.bay.state().setAmps())
        .isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.003));
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
  void
      output_on_above_the_units_backstop_is_refused_and_a_refused_remote_mode_is_reported_with_its_reason() {
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
  void a_latched_ovp_alarm_is_reported_and_acknowledged_only_at_the_next_session_start()
      throws Exception {
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
  void a_latched_ovp_alarm_survives_a_lost_and_reestablished_link() throws Exception {
    d.setProtection(50_000, 6_000);
    d.apply(new SupplySetpoint(49_000, 5_000, true));
    d.setProtection(45_000, 6_000); // below the pack: the device trips
    bay.clock.advance(Duration.ofSeconds(1));
    assertThat(d.read().protectionName()).isEqualTo("OVP");
    ea.faults().silent(true);
    assertThatThrownBy(d::read).isInstanceOf(SupplyException.Retriable.class);
    ea.faults().silent(false);
    // the reconnect writes the remembered backstop again, but the trip stays latched
    SupplyReading r = d.read();
    assertThat(r.protectionName()).isEqualTo("OVP");
    assertThat(r.outputOn()).isFalse();
    assertThat(d.readProtection().orElseThrow().ovpMillivolts()).isBetween(44_998, 45_002);
  }

  @Test
  void an_idle_socket_closed_by_the_device_is_reopened_without_an_error() throws Exception {
    d.read();
    assertThat(ea.awaitNoOpenConnections(Duration.ofSeconds(10)))
        .as("the device closed the idle socket within 10 s")
        .isTrue();
    assertThat(d.read().model()).isEqualTo("PS 9080-120 2U");
  }

  private void charging() throws SupplyException {
    d.setProtection(54_600, 6_000);
    d.apply(new SupplySetpoint(54_000, 5_000, true));
    assertThat(bay.bay.state().outputOn()).isTrue();
  }

  @Test
  void exception_responses_are_typed_fatal_without_retry_and_output_off_works_after_them()
      throws Exception {
    charging();
    ea.faults().exceptionCode(4); // SERVER DEVICE FAILURE
    int writes = ea.writeRequests();
    assertThatThrownBy(() -> d.apply(new SupplySetpoint(53_000, 5_000, true)))
        .isInstanceOfSatisfying(
            SupplyException.Refused.class, e -> assertThat(e.exceptionCode()).isEqualTo(4));
    assertThat(ea.writeRequests())
        .as("the state read before writing failed: nothing written")
        .isEqualTo(writes);
    assertThatThrownBy(d::read)
        .isInstanceOfSatisfying(
            SupplyException.Refused.class, e -> assertThat(e.exceptionCode()).isEqualTo(4));
    assertThat(bay.bay.state().setVolts())
        .isCloseTo(54.0, org.assertj.core.data.Offset.offset(0.002));
    ea.faults().exceptionCode(0);
    d.outputOff();
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  @Test
  void silence_is_retriable_nothing_is_written_blind_and_output_off_is_reachable_once_it_answers()
      throws Exception {
    charging();
    ea.faults().silent(true);
    long t0 = System.nanoTime();
    assertThatThrownBy(d::read)
        .isInstanceOf(SupplyException.Retriable.class)
        .hasMessageContaining("timeout");
    // one read retried once at most (two 300 ms timeouts), not an open-ended loop; the bound is
    // loose because the machine is shared
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    int writes = ea.writeRequests();
    // the link counts as lost, so the driver must reconnect first, and that needs answers
    assertThatThrownBy(d::outputOff).isInstanceOf(SupplyException.Retriable.class);
    assertThat(ea.writeRequests() - writes).as("nothing written blind").isZero();
    assertThat(bay.bay.state().outputOn()).isTrue();
    ea.faults().silent(false);
    writes = ea.writeRequests();
    d.outputOff();
    // reconnected: remote (402), then the remembered backstop again (OVP, OCP; alarms are not
    // acknowledged on a reconnect), then "off" once, which the read-back confirmed
    assertThat(ea.writeRequests() - writes).isEqualTo(4);
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  @Test
  void a_write_that_got_no_answer_is_decided_by_read_back_not_retried() throws Exception {
    d.setProtection(54_600, 6_000);
    ea.faults().silentAfterWrite(true);
    int writes = ea.writeRequests();
    assertThatThrownBy(() -> d.apply(new SupplySetpoint(54_000, 5_000, true)))
        .isInstanceOf(SupplyException.Retriable.class)
        .hasMessageContaining("not retried");
    assertThat(ea.writeRequests() - writes)
        .as("the unanswered U write, nothing after it")
        .isEqualTo(1);
    assertThat(bay.bay.state().setVolts())
        .as("it landed")
        .isCloseTo(54.0, org.assertj.core.data.Offset.offset(0.002));
    assertThat(bay.bay.state().outputOn()).as("DC never switched on").isFalse();
    ea.faults().silentAfterWrite(false);
    d.apply(new SupplySetpoint(54_000, 5_000, true));
    assertThat(bay.bay.state().outputOn()).isTrue();
  }

  @Test
  void a_slow_device_within_the_timeout_is_served_and_beyond_it_is_retriable() throws Exception {
    ea.faults().responseDelay(Duration.ofMillis(60));
    assertThat(d.read().model()).isEqualTo("PS 9080-120 2U");
    ea.faults().responseDelay(Duration.ofMillis(450));
    assertThatThrownBy(d::read).isInstanceOf(SupplyException.Retriable.class);
    ea.faults().responseDelay(Duration.ZERO);
    d.outputOff();
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  @Test
  void a_voltage_read_back_that_lies_is_fatal_before_dc_is_switched_on() throws Exception {
    d.setProtection(54_600, 6_000);
    ea.faults().voltageReadbackOffsetCounts(7);
    int writes = ea.writeRequests();
    assertThatThrownBy(() -> d.apply(new SupplySetpoint(54_000, 5_000, true)))
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessageContaining("read-back disagrees")
        .hasMessageContaining("U=35389")
        .hasMessageContaining("U=35396");
    assertThat(ea.writeRequests() - writes).as("U and I once each; DC never written").isEqualTo(2);
    assertThat(bay.bay.state().outputOn()).isFalse();
    d.outputOff();
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  @Test
  void a_dc_state_that_lies_is_reported_never_taken_for_success() throws Exception {
    d.setProtection(54_600, 6_000);
    ea.faults().outputReadsAs(false); // DC reads off whatever it is
    int writes = ea.writeRequests();
    assertThatThrownBy(() -> d.apply(new SupplySetpoint(54_000, 5_000, true)))
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessageContaining("DC=false");
    assertThat(ea.writeRequests() - writes).as("U, I, DC once each").isEqualTo(3);
    assertThat(bay.bay.state().outputOn())
        .as("it is on, and the caller was told something is wrong")
        .isTrue();
    d.outputOff();
    assertThat(bay.bay.state().outputOn()).isFalse();
    ea.faults().outputReadsAs(true); // DC reads on whatever it is
    writes = ea.writeRequests();
    assertThatThrownBy(d::outputOff)
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessageContaining("still reports DC on");
    assertThat(ea.writeRequests() - writes).isEqualTo(3);
  }

  @Test
  void dc_that_ignores_off_is_reported_fatal_after_bounded_attempts_and_off_works_once_it_obeys()
      throws Exception {
    charging();
    ea.faults().outputIgnoresOff(true);
    int writes = ea.writeRequests();
    assertThatThrownBy(d::outputOff)
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessageContaining("still reports DC on after 3");
    assertThat(ea.writeRequests() - writes).isEqualTo(3);
    assertThat(bay.bay.state().outputOn()).isTrue();
    ea.faults().outputIgnoresOff(false);
    d.outputOff();
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  @Test
  void regulation_stuck_in_cc_is_stopped_by_the_devices_own_ovp_at_the_crossing_and_reported()
      throws Exception {
    charging();
    bay.bay.faults().supplyIgnoresVoltageSetpoint(true);
    bay.clock.advance(Duration.ofHours(1)); // nobody polls
    assertThat(bay.bay.state().outputOn()).isFalse();
    SupplyReading r = d.read();
    assertThat(r.outputOn()).isFalse();
    assertThat(r.protectionName()).isEqualTo("OVP");
    // the alarm is latched: switching on again is not taken for success
    assertThatThrownBy(() -> d.apply(new SupplySetpoint(54_000, 5_000, true)))
        .isInstanceOf(SupplyException.Fatal.class)
        .hasMessageContaining("DC=false");
    assertThat(bay.bay.state().outputOn()).isFalse();
    d.outputOff();
  }
}
