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

/** The JUNTEK DPH8920 ASCII driver against its emulator, over TCP and over a socat pty. */
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

  private static void exercise(EmulatedBench.Bay bay, String url, JuntekEmulator e) throws Exception {
    try (SupplyDriver d = ModbusConnections.open(url, 1, "auto", Duration.ofMillis(500))) {
      SupplyReading r = d.read();
      assertThat(r.model()).isEqualTo("DPH8920");
      assertThat(d.capabilities().maxMillivolts()).isEqualTo(96_000);
      assertThat(d.capabilities().maxMilliamps()).isEqualTo(20_000);
      assertThat(d.capabilities().hasHardwareProtection()).isFalse();
      assertThat(d.capabilities().notes()).contains("no OVP/OCP");
      assertThat(d.readProtection()).isEmpty();
      assertThatThrownBy(() -> d.setProtection(55_000, 2_500)).isInstanceOf(SupplyException.Fatal.class);
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
      e.faults().voltageReadbackOffsetCounts(0);
      e.faults().outputIgnoresOff(true);
      assertThatThrownBy(d::outputOff).isInstanceOf(SupplyException.Fatal.class).hasMessageContaining("still reports");
      e.faults().outputIgnoresOff(false);
      e.faults().silent(true);
      assertThatThrownBy(d::read).isInstanceOf(SupplyException.Retriable.class).hasMessageContaining("timeout");
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
    try (PtyPair pty = new PtyPair(dir); JuntekEmulator e = JuntekEmulator.serial(bay.bay, 1, pty.a.toString())) {
      exercise(bay, "dph:" + pty.b + "?baud=9600", e);
    }
  }

  @Test
  void the_cli_probes_a_dph8920() {
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    try (JuntekEmulator e = JuntekEmulator.tcp(bay.bay, 1)) {
      var r = SupplyInteropIT.cli("probe", "--url", "dph-tcp://127.0.0.1:" + e.port());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("\"model\": \"DPH8920\"", "\"hardware_protection\": false", "\"temp_c\": 29.0")
          .doesNotContain("ovp_v");
    }
  }
}
