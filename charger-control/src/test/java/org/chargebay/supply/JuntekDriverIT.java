package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.chargebay.simulator.supply.JuntekEmulator;
import org.chargebay.supply.juntek.JuntekFrames;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JUNTEK DPH8920 ASCII driver against its emulator, over TCP and over a socat pty, and under
 * each fault of the emulator (as {@link SupplyBehaviourIT} does for the Modbus supplies): a read
 * fault is a typed error, no write is retried blindly (the emulator counts the write frames it
 * received), output off is reachable after every fault, and an output that ignores "off" or a
 * read-back that lies is reported, never taken for success.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JuntekDriverIT {
  @TempDir Path dir;

  @Test
  void frames_follow_the_simple_protocol_and_replies_parse_tolerantly() {
    assertThat(JuntekFrames.read(1, 30)).isEqualTo(":01r30=0,");
    assertThat(JuntekFrames.write(1, 20, 5000, 2500)).isEqualTo(":01w20=5000,2500,");
    assertThat(JuntekFrames.readValue(":01r30=1234.", 1, 30)).hasValue(1234);
    assertThat(JuntekFrames.readValue(":01r10:1234,", 1, 10)).hasValue(1234);
    assertThat(JuntekFrames.readValue(":02r30=1234.", 1, 30)).isEmpty();
    assertThat(JuntekFrames.isOk(":01ok", 1)).isTrue();
  }

  private static void exercise(EmulatedBench.Bay bay, String url, JuntekEmulator e)
      throws Exception {
    try (SupplyDriver d = ModbusConnections.open(url, 1, "auto", Duration.ofMillis(500))) {
      SupplyReading r = d.read();
      assertThat(r.model()).isEqualTo("DPH8920");
      assertThat(d.capabilities().maxMillivolts()).isEqualTo(96_000);
      assertThat(d.capabilities().maxMilliamps()).isEqualTo(20_000);
      assertThat(d.capabilities().hasHardwareProtection()).isFalse();
      assertThat(d.capabilities().notes()).contains("no OVP/OCP");
      assertThat(d.readProtection()).isEmpty();
      assertThatThrownBy(() -> d.setProtection(55_000, 2_500))
          .isInstanceOf(SupplyException.Fatal.class);
      d.apply(new SupplySetpoint(54_120, 2_345, true));
      assertThat(bay.bay.state().setVolts()).isEqualTo(54.12);
      assertThat(bay.bay.state().setAmps()).isEqualTo(2.345);
      bay.clock.advance(Duration.ofSeconds(1));
      r = d.read();
      assertThat(r.setMillivolts()).isEqualTo(54_120);
      assertThat(r.setMilliamps()).isEqualTo(2_345);
      assertThat(r.outMilliamps()).isEqualTo(2_345);
      assertThat(r.mode()).isEqualTo("CC");
      assertThat(r.tempDeciCelsius()).hasValue(290);
      d.outputOff();
      assertThat(bay.bay.state().outputOn()).isFalse();
      assertThatThrownBy(() -> d.apply(new SupplySetpoint(97_000, 1_000, false)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("DPH8920");
      e.faults().voltageReadbackOffsetCounts(3);
      assertThatThrownBy(() -> d.apply(new SupplySetpoint(50_000, 1_000, true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("read-back disagrees");
      assertThat(bay.bay.state().outputOn())
          .as("not switched on over an unconfirmed voltage")
          .isFalse();
      e.faults().voltageReadbackOffsetCounts(0);
      d.apply(new SupplySetpoint(50_000, 1_000, true));
      e.faults().outputIgnoresOff(true);
      assertThatThrownBy(d::outputOff)
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("still reports");
      e.faults().outputIgnoresOff(false);
      e.faults().silent(true);
      assertThatThrownBy(d::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("timeout");
      e.faults().silent(false);
      d.outputOff();
      assertThat(bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void reads_sets_and_switches_a_dph8920_through_a_serial_gateway() throws Exception {
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    try (JuntekEmulator e = JuntekEmulator.tcp(bay.bay, 1)) {
      exercise(bay, "dph-tcp://127.0.0.1:" + e.port(), e);
    }
  }

  @Test
  void reads_sets_and_switches_a_dph8920_on_a_serial_port() throws Exception {
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    try (PtyPair pty = new PtyPair(dir);
        JuntekEmulator e = JuntekEmulator.serial(bay.bay, 1, pty.a.toString())) {
      exercise(bay, "dph:" + pty.b + "?baud=9600", e);
    }
  }

  @Test
  void the_cli_probes_a_dph8920() {
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    try (JuntekEmulator e = JuntekEmulator.tcp(bay.bay, 1)) {
      var r = PymodbusInteropIT.cli("probe", "--url", "dph-tcp://127.0.0.1:" + e.port());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .contains("\"model\": \"DPH8920\"", "\"hardware_protection\": false", "\"temp_c\": 29.0")
          .doesNotContain("ovp_v");
    }
  }

  private static final class Dph implements AutoCloseable {
    final EmulatedBench.Bay bay = new EmulatedBench.Bay();
    final JuntekEmulator e = JuntekEmulator.tcp(bay.bay, 1);
    final SupplyDriver d =
        ModbusConnections.open(
            "dph-tcp://127.0.0.1:" + e.port(), 1, "auto", Duration.ofMillis(500));

    Dph charging() throws SupplyException {
      d.apply(new SupplySetpoint(54_000, 2_000, true));
      assertThat(bay.bay.state().outputOn()).isTrue();
      return this;
    }

    @Override
    public void close() {
      d.close();
      e.close();
    }
  }

  @Test
  void error_answers_are_typed_errors_nothing_is_written_and_output_off_works_after_them()
      throws Exception {
    try (Dph u = new Dph().charging()) {
      u.e.faults().exceptionCode(4);
      int writes = u.e.writeRequests();
      assertThatThrownBy(u.d::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining(":01err4");
      assertThatThrownBy(() -> u.d.apply(new SupplySetpoint(53_000, 2_000, true)))
          .isInstanceOf(SupplyException.class)
          .hasMessageContaining(":01err4");
      assertThat(u.e.writeRequests())
          .as("identification failed first: nothing written")
          .isEqualTo(writes);
      u.e.faults().exceptionCode(0);
      u.d.outputOff();
      assertThat(u.bay.bay.state().outputOn()).isFalse();
      assertThat(u.e.writeRequests() - writes).isEqualTo(1);
    }
  }

  @Test
  void silence_is_retriable_nothing_is_written_blind_and_output_off_is_reachable_once_it_answers()
      throws Exception {
    try (Dph u = new Dph().charging()) {
      u.e.faults().silent(true);
      long t0 = System.nanoTime();
      assertThatThrownBy(u.d::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .as("one 500 ms timeout, no retry loop (loose bound: shared machine)")
          .isLessThan(Duration.ofSeconds(10));
      int writes = u.e.writeRequests();
      assertThatThrownBy(u.d::outputOff).isInstanceOf(SupplyException.Retriable.class);
      assertThat(u.e.writeRequests() - writes)
          .as("the reconnect needs answers: nothing written blind")
          .isZero();
      assertThat(u.bay.bay.state().outputOn()).isTrue();
      u.e.faults().silent(false);
      u.d.outputOff();
      assertThat(u.e.writeRequests() - writes)
          .as("one off, confirmed by the read-back")
          .isEqualTo(1);
      assertThat(u.bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void a_write_that_got_no_answer_is_decided_by_read_back_not_retried() throws Exception {
    try (Dph u = new Dph()) {
      u.d.read();
      u.e.faults().silentAfterWrite(true);
      int writes = u.e.writeRequests();
      assertThatThrownBy(() -> u.d.apply(new SupplySetpoint(54_000, 2_000, true)))
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("not retried");
      assertThat(u.e.writeRequests() - writes)
          .as("the unanswered V/I write, nothing after it")
          .isEqualTo(1);
      assertThat(u.bay.bay.state().setVolts()).as("it landed").isEqualTo(54.0);
      assertThat(u.bay.bay.state().outputOn()).as("never switched on").isFalse();
    }
  }

  @Test
  void
      a_slow_unit_within_the_timeout_is_served_and_beyond_it_is_retriable_without_stale_answers_later()
          throws Exception {
    try (Dph u = new Dph().charging()) {
      u.e.faults().responseDelay(Duration.ofMillis(100));
      assertThat(u.d.read().setMillivolts()).isEqualTo(54_000);
      u.e.faults().responseDelay(Duration.ofMillis(600));
      assertThatThrownBy(u.d::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("timeout");
      u.e.faults().responseDelay(Duration.ZERO);
      SupplyReading r = u.d.read();
      assertThat(r.setMillivolts()).isEqualTo(54_000);
      assertThat(r.setMilliamps()).isEqualTo(2_000);
      u.d.outputOff();
      assertThat(u.bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void a_voltage_read_back_that_lies_is_fatal_before_the_output_is_switched_on() throws Exception {
    try (Dph u = new Dph()) {
      u.d.read();
      u.e.faults().voltageReadbackOffsetCounts(3);
      int writes = u.e.writeRequests();
      assertThatThrownBy(() -> u.d.apply(new SupplySetpoint(54_000, 2_000, true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("wrote V=5400")
          .hasMessageContaining("read V=5403");
      assertThat(u.e.writeRequests() - writes)
          .as("V/I once; the output never written")
          .isEqualTo(1);
      assertThat(u.bay.bay.state().outputOn()).isFalse();
      u.d.outputOff();
      assertThat(u.bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void an_output_that_ignores_off_is_fatal_after_three_writes_and_off_works_once_it_obeys()
      throws Exception {
    try (Dph u = new Dph().charging()) {
      u.e.faults().outputIgnoresOff(true);
      int writes = u.e.writeRequests();
      assertThatThrownBy(u.d::outputOff)
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("still reports its output on after 3");
      assertThat(u.e.writeRequests() - writes).isEqualTo(3);
      assertThat(u.bay.bay.state().outputOn()).isTrue();
      u.e.faults().outputIgnoresOff(false);
      u.d.outputOff();
      assertThat(u.bay.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void stuck_in_cc_past_the_cv_point_is_reported_as_it_is_and_off_still_works() throws Exception {
    try (Dph u = new Dph().charging()) {
      u.bay.bay.faults().supplyIgnoresVoltageSetpoint(true);
      SupplyReading r = u.d.read();
      for (int i = 0; i < 400 && r.outMillivolts() <= 54_200; i++) {
        u.bay.clock.advance(Duration.ofSeconds(30));
        r = u.d.read();
      }
      assertThat(r.outMillivolts())
          .as("past the 54 V set point, and the unit has no OVP")
          .isGreaterThan(54_200);
      assertThat(r.mode()).isEqualTo("CC");
      assertThat(r.outMilliamps()).isEqualTo(2_000);
      assertThat(r.outputOn()).isTrue();
      u.d.outputOff();
      assertThat(u.bay.bay.state().outputOn()).isFalse();
    }
  }
}
