package org.chargebay.simulator.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.chargebay.simulator.supply.RawModbus.Reply;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The RuiDeng DPS/DPH (REGISTERS.md A2) and XY (A3) specifics that the common register-map tests do
 * not cover: request size and function-code limits, the M0 mirror, XY's low-word-first Ah/Wh, XY's
 * immediate OVP when V-SET is written above S-OVP, and its write-0-to-clear PROTECT.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DpsAndXyEmulatorIT {

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"DPS3005", "DPS5005", "DPS5015", "DPS5020", "DPS8005", "DPH5005"})
  void a_dps_serves_at_most_32_registers_per_read_and_only_fc03_06_16(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int[] regs = b.modbus.readHolding(1, 0, 32).registers();
      assertThat(regs[0x0B]).isEqualTo(b.reg(0x0B));
      Reply tooMany = b.modbus.readHolding(1, 0, 33);
      assertThat(tooMany.ok()).as(tooMany.toString()).isFalse();
      Reply coil = b.modbus.writeCoil(1, 0x09, 0xFF00);
      assertThat(coil.function()).isEqualTo(0x85);
      assertThat(coil.exceptionCode()).as("ILLEGAL FUNCTION").isEqualTo(1);
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"DPS5005", "DPS5015"})
  void a_dps_mirrors_u_set_and_i_set_in_the_active_memory_m0(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.write(0x50, 2468); // M0 U-SET, x100
      b.write(0x51, b.amps(1.5)); // M0 I-SET, model I-scale
      assertThat(b.bay.state().setVolts()).isCloseTo(24.68, within(1e-9));
      assertThat(b.bay.state().setAmps()).isCloseTo(1.5, within(1e-9));
      assertThat(b.modbus.readHolding(1, 0x00, 2).registers()).containsExactly(2468, b.amps(1.5));
      assertThat(b.modbus.readHolding(1, 0x50, 2).registers()).containsExactly(2468, b.amps(1.5));
      Reply readOnly = b.modbus.writeSingle(1, 0x02, 100); // UOUT is a measurement
      assertThat(readOnly.exceptionCode()).isEqualTo(2);
    }
  }

  @Test
  void xy_amp_hours_and_watt_hours_are_low_word_first() {
    try (EmulatorBench b = new EmulatorBench(EmulatedModel.XY6020L, 200.0)) {
      b.write(0x00, 4200);
      b.write(0x01, 500); // 5.00 A for 48,000 s = 66.667 Ah = 66,667 mAh: past one word
      b.write(0x12, 1);
      b.advance(Duration.ofSeconds(48_000));
      b.bay.advance(); // 240,000 physics steps, outside the request
      int[] r = b.modbus.readHolding(1, 0x06, 4).registers();
      assertThat(r[1]).as("Ah high word, second").isEqualTo(1);
      assertThat(((long) r[1] << 16) | r[0]).isCloseTo(66_667L, within(1L));
      long mwh = ((long) r[3] << 16) | r[2];
      assertThat(mwh / 1000.0).isBetween(66.667 * 38.8, 66.667 * 41.6);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"XY6020L", "XY_SK120"})
  void
      xy_trips_ovp_at_once_when_v_set_is_written_above_s_ovp_and_stays_off_until_protect_is_cleared(
          EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int n = b.series;
      b.write(0x53, b.volts(n * 4.2)); // S-OVP above the pack
      b.write(0x01, b.amps(0.5));
      b.write(0x00, b.volts(n * 4.0));
      b.write(0x12, 1);
      assertThat(b.reg(0x10)).isZero();
      assertThat(b.bay.state().outputOn()).isTrue();
      b.write(0x00, b.volts(n * 4.3)); // V-SET above S-OVP
      assertThat(b.reg(0x10)).as("OVP").isEqualTo(1);
      assertThat(b.reg(0x12)).isZero();
      assertThat(b.bay.state().outputOn()).isFalse();

      b.write(0x00, b.volts(n * 4.0));
      b.write(0x12, 1);
      assertThat(b.bay.state().outputOn()).as("latched until PROTECT is cleared").isFalse();
      assertThat(b.modbus.writeSingle(1, 0x10, 5).exceptionCode()).as("only 0 clears").isEqualTo(3);
      b.write(0x10, 0);
      assertThat(b.reg(0x10)).isZero();
      b.write(0x12, 1);
      assertThat(b.bay.state().outputOn()).isTrue();
      assertThat(b.reg(0x12)).isEqualTo(1);
    }
  }
}
