package org.chargebay.simulator.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.RawModbus.Reply;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Riden-only parts of REGISTERS.md A1: P_OUT and Ah/Wh as u32 high word first, the RD6012P
 * current range (register 20) changing the current scale, the 20-register read limit of stock
 * firmware, never-write registers, preset recall with M0 not reflecting recalled limits; and the
 * older stand-alone RD6018 emulator ({@link Rd60xxEmulator}) that the demo bench uses.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RidenEmulatorIT {

  @Test
  void power_is_a_u32_high_word_first_so_an_rd6018_above_655_w_sets_the_high_word() {
    try (EmulatorBench b = new EmulatorBench(EmulatedModel.RD6018)) {
      b.write(82, 6200);
      b.write(83, 1850);
      b.write(8, 5000);
      b.write(9, 1600); // 16.00 A into a 10S pack: about 42 V, 670 W
      b.write(18, 1);
      b.advance(Duration.ofSeconds(1));
      int[] r = b.modbus.readHolding(1, 10, 4).registers(); // V_OUT, I_OUT, P hi, P lo
      assertThat(r[1]).isEqualTo(1600);
      double watts = r[0] / 100.0 * 16.0;
      assertThat(watts).isGreaterThan(655.36);
      assertThat(r[2]).as("P high word").isEqualTo(1);
      long p = ((long) r[2] << 16) | r[3];
      // V_OUT is rounded to 10 mV, so V x I from the registers is good to 16 A x 5 mV
      assertThat(p / 100.0).isCloseTo(watts, within(0.1));
    }
  }

  @Test
  void amp_hours_and_watt_hours_are_u32_high_word_first_in_thousandths() {
    try (EmulatorBench b = new EmulatorBench(EmulatedModel.RD6018, 200.0)) {
      b.write(8, 4200);
      b.write(9, 500); // 5.00 A for 48,000 s = 66.667 Ah: past 65.535 Ah, so the high word is 1
      b.write(18, 1);
      b.advance(Duration.ofSeconds(48_000));
      b.bay.advance(); // 240,000 physics steps: not inside a request with a 500 ms answer timeout
      assertThat(b.reg(17)).as("still CC").isEqualTo(1);
      int[] r = b.modbus.readHolding(1, 38, 4).registers();
      assertThat(r[0]).as("Ah high word").isEqualTo(1);
      assertThat(((long) r[0] << 16) | r[1]).isCloseTo(66_667L, within(1L));
      long mwh = ((long) r[2] << 16) | r[3];
      // 66.667 Ah at a terminal voltage between the start (38.8 V) and the end (41.5 V)
      assertThat(mwh / 1000.0).isBetween(66.667 * 38.8, 66.667 * 41.6);
    }
  }

  @Test
  void the_rd6012p_current_range_register_changes_the_current_scale() {
    try (EmulatorBench b = new EmulatorBench(EmulatedModel.RD6012P)) {
      assertThat(b.reg(20)).as("12 A range").isEqualTo(1);
      b.write(9, 1500); // x1000 in the 12 A range: 1.5 A
      b.write(83, 2500); // OCP 2.5 A
      assertThat(b.bay.state().setAmps()).isCloseTo(1.5, within(1e-9));
      assertThat(b.bay.state().ocpAmps()).isCloseTo(2.5, within(1e-9));

      b.write(20, 0); // 6 A range: x10000
      assertThat(b.reg(20)).isZero();
      assertThat(b.reg(9)).as("the same 1.5 A, now x10000").isEqualTo(15_000);
      assertThat(b.reg(83)).isEqualTo(25_000);
      b.write(9, 12_345);
      assertThat(b.bay.state().setAmps()).isCloseTo(1.2345, within(1e-9));
      b.write(8, 41_000);
      b.write(18, 1);
      b.advance(Duration.ofSeconds(1));
      assertThat(b.reg(11)).as("I_OUT x10000").isEqualTo(12_345);

      b.emulator.selectCurrentRange(1); // on the front panel
      assertThat(b.reg(20)).isEqualTo(1);
      assertThat(b.reg(9)).isEqualTo(1_235); // 1.2345 A x1000, rounded
      assertThat(b.reg(11)).isEqualTo(1_235);
      assertThat(b.reg(8)).as("V x1000 in both ranges").isEqualTo(41_000);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"RD6006", "RD6006P", "RD6012", "RD6018", "RD6024", "RD6030"})
  void models_without_a_range_switch_refuse_register_20_and_keep_their_scale(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.write(9, b.amps(1.0));
      assertThat(b.reg(20)).isZero();
      Reply r = b.modbus.writeSingle(1, 20, 0);
      assertThat(r.exceptionCode()).as(r.toString()).isEqualTo(3);
      assertThat(b.reg(9)).isEqualTo(b.amps(1.0));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"RD6006", "RD6006P", "RD6012", "RD6012P", "RD6018", "RD6024", "RD6030"})
  void stock_firmware_answers_reads_of_20_registers_and_silently_drops_longer_ones(
      EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int[] first20 = b.modbus.readHolding(1, 0, 20).registers();
      assertThat(first20).hasSize(20);
      assertThat(first20[0]).isEqualTo(b.reg(0));
      assertThat(first20[14]).isEqualTo(6000);
      assertThat(b.quick.readHolding(1, 0, 21).silent()).isTrue();
      assertThat(b.reg(0)).as("still answering afterwards").isEqualTo(first20[0]);
    }
  }

  @Test
  void calibration_and_bootloader_writes_are_refused_and_recorded() {
    try (EmulatorBench b = new EmulatorBench(EmulatedModel.RD6018)) {
      int before = b.reg(55);
      Reply cal = b.modbus.writeSingle(1, 55, 1234);
      assertThat(cal.function()).isEqualTo(0x86);
      assertThat(cal.exceptionCode()).isEqualTo(2);
      Reply boot = b.modbus.writeSingle(1, 256, 5633);
      assertThat(boot.exceptionCode()).isEqualTo(2);
      Reply block = b.modbus.writeMultiple(1, 60, 1, 2);
      assertThat(block.exceptionCode()).isEqualTo(2);
      assertThat(b.reg(55)).isEqualTo(before);
      assertThat(b.emulator.refusedWrites()).containsExactly("55=1234", "256=5633", "60=1");
    }
  }

  @Test
  void
      a_recalled_preset_becomes_active_but_m0_keeps_showing_the_old_limits_until_they_are_written() {
    try (EmulatorBench b = new EmulatorBench(EmulatedModel.RD6018)) {
      b.write(82, 6000);
      b.write(83, 1000);
      // M1 at 84-87: 12.00 V, 1.50 A, OVP 13.00 V, OCP 2.00 A
      assertThat(b.modbus.writeMultiple(1, 84, 1200, 150, 1300, 200).ok()).isTrue();
      b.write(19, 1);
      assertThat(b.reg(19)).isEqualTo(1);
      assertThat(b.bay.state().setVolts()).isCloseTo(12.0, within(1e-9));
      assertThat(b.bay.state().setAmps()).isCloseTo(1.5, within(1e-9));
      assertThat(b.bay.state().ovpVolts()).as("active OVP").isCloseTo(13.0, within(1e-9));
      assertThat(b.bay.state().ocpAmps()).as("active OCP").isCloseTo(2.0, within(1e-9));
      assertThat(b.modbus.readHolding(1, 8, 2).registers()).containsExactly(1200, 150);
      assertThat(b.modbus.readHolding(1, 80, 4).registers())
          .as("M0: V/I follow, OVP/OCP do not (riden-dongle README, Limitations)")
          .containsExactly(1200, 150, 6000, 1000);
      b.write(82, 1350);
      b.write(83, 250);
      assertThat(b.modbus.readHolding(1, 82, 2).registers()).containsExactly(1350, 250);
      assertThat(b.bay.state().ovpVolts()).isCloseTo(13.5, within(1e-9));
    }
  }

  @Test
  void the_stand_alone_rd6018_emulator_follows_the_same_map_and_scale() {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    SimulatedBay bay = new SimulatedBay(clock, EmulatorBench.pack(10, 2.0), new Faults());
    try (Rd60xxEmulator e = Rd60xxEmulator.start(bay, 1);
        RawModbus m = new RawModbus(e.port());
        RawModbus quick = new RawModbus(e.port(), Duration.ofMillis(200))) {
      int[] id = m.readHolding(1, 0, 4).registers();
      assertThat(id[0]).isBetween(60180, 60189);
      assertThat(id[3]).as("firmware x100").isEqualTo(141);
      assertThat(m.writeSingle(1, 8, 4321).ok()).isTrue();
      assertThat(m.writeSingle(1, 9, 250).ok()).isTrue();
      assertThat(m.writeMultiple(1, 82, 4500, 300).ok()).isTrue();
      assertThat(bay.state().setVolts()).isCloseTo(43.21, within(1e-9));
      assertThat(bay.state().setAmps()).isCloseTo(2.5, within(1e-9));
      assertThat(bay.state().ovpVolts()).isCloseTo(45.0, within(1e-9));
      assertThat(bay.state().ocpAmps()).isCloseTo(3.0, within(1e-9));
      assertThat(m.writeSingle(1, 18, 1).ok()).isTrue();
      clock.advance(Duration.ofSeconds(1));
      int[] r = m.readHolding(1, 8, 11).registers(); // 8..18
      assertThat(r[3]).as("I_OUT").isEqualTo(250);
      assertThat(r[9]).as("CC").isEqualTo(1);
      assertThat(r[10]).as("output").isEqualTo(1);
      assertThat(r[6]).as("V_IN").isEqualTo(6000);
      assertThat(quick.readHolding(1, 0, 21).silent())
          .as("stock firmware: no answer above 20")
          .isTrue();
      assertThat(quick.readHolding(2, 0, 1).silent()).as("unit 2").isTrue();
      assertThat(m.writeSingle(1, 57, 1).exceptionCode()).isEqualTo(2);
      assertThat(e.refusedWrites()).containsExactly("57=1");
    }
  }
}
