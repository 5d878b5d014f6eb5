package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.chargebay.simulator.supply.EmulatedModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every Modbus model: the generic driver with its table against the model's emulator (whose scaling
 * is the emulator's own table, from the vendor documentation). Expected raw values are computed
 * from the emulator's counts-per-unit, so a driver table that is 10x off fails here.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyModelsIT {

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void detects_the_model_and_reads_its_registers_scaled_to_milli_units(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      SupplyReading r = b.driver.read();
      assertThat(r.model()).isEqualTo(m.displayName());
      assertThat(r.outputOn()).isFalse();
      assertThat(r.inputMillivolts()).isEqualTo(60_000);
      long outCounts = b.emulator.register(outVoltageRegister(m));
      assertThat(r.outMillivolts()).isEqualTo(outCounts * 1000 / m.countsPerVolt());
      // a resting NMC pack at 50 % is 3.73 V per cell
      assertThat(r.outMillivolts()).isBetween(b.series * 3_700, b.series * 3_760);
      assertThat(b.driver.capabilities().maxMillivolts()).isEqualTo((int) (m.maxVolts() * 1000));
      assertThat(b.driver.capabilities().maxMilliamps()).isEqualTo((int) (m.maxAmps() * 1000));
      assertThat(b.driver.capabilities().hasHardwareProtection()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void writes_ovp_and_ocp_verifies_them_and_never_switches_on_above_them(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      int ovp = b.ceilingMillivolts() + 500;
      int ocp = b.chargeMilliamps() + 500;
      b.bay.setProtection(
          b.ceilingMillivolts() / 2000.0, 60); // what a previous user left in the unit
      assertThatThrownBy(
              () ->
                  b.driver.apply(
                      new SupplySetpoint(b.ceilingMillivolts(), b.chargeMilliamps(), true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("OVP/OCP");
      assertThat(b.bay.state().outputOn()).isFalse();
      b.driver.setProtection(ovp, ocp);
      assertThat(b.bay.state().ovpVolts())
          .isCloseTo(ovp / 1000.0, org.assertj.core.data.Offset.offset(0.011));
      assertThat(b.bay.state().ocpAmps())
          .isCloseTo(ocp / 1000.0, org.assertj.core.data.Offset.offset(0.011));
      assertThat(b.driver.readProtection()).contains(new ProtectionSettings(ovp, ocp));
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void applies_a_setpoint_with_the_models_scale_and_reads_it_back(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      int mv = b.ceilingMillivolts();
      int ma = b.chargeMilliamps();
      b.driver.setProtection(mv + 500, ma + 500);
      b.driver.apply(new SupplySetpoint(mv, ma, true));
      assertThat(b.emulator.register(setVoltageRegister(m)))
          .isEqualTo(Math.round(mv / 1000.0 * m.countsPerVolt()));
      assertThat(b.emulator.register(setVoltageRegister(m) + 1))
          .as("current setpoint counts at %d per amp", m.countsPerAmp())
          .isEqualTo(Math.round(ma / 1000.0 * m.countsPerAmp()));
      assertThat(b.bay.state().setAmps())
          .isCloseTo(ma / 1000.0, org.assertj.core.data.Offset.offset(0.001));
      b.advance(Duration.ofSeconds(1));
      SupplyReading r = b.driver.read();
      assertThat(r.setMillivolts()).isEqualTo(mv);
      assertThat(r.setMilliamps()).isEqualTo(ma);
      assertThat(r.outputOn()).isTrue();
      assertThat(r.mode()).isEqualTo("CC");
      assertThat(r.outMilliamps()).isEqualTo(ma);
      assertThat(r.outMilliwatts())
          .isBetween((long) ma * b.series * 3_600 / 1000, (long) ma * mv / 1000);
      b.driver.outputOff();
      b.driver.outputOff();
      assertThat(b.bay.state().outputOn()).isFalse();
      assertThat(b.driver.read().outputOn()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void a_setpoint_beyond_the_model_is_refused_before_anything_is_written(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      b.driver.read();
      int writes = b.emulator.writeRequests();
      int tooMuch = (int) (m.maxAmps() * 1000) + 1;
      assertThatThrownBy(() -> b.driver.apply(new SupplySetpoint(5_000, tooMuch, false)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining(m.displayName());
      assertThat(b.emulator.writeRequests()).isEqualTo(writes);
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void regulation_stuck_in_cc_is_stopped_by_the_supplys_own_ovp(EmulatedModel m) throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      int ceiling = b.ceilingMillivolts();
      b.driver.setProtection(ceiling + 200, b.chargeMilliamps() + 500);
      b.driver.apply(new SupplySetpoint(ceiling, b.chargeMilliamps(), true));
      b.bay.faults().supplyIgnoresVoltageSetpoint(true);
      int outputRegister =
          m.family() == EmulatedModel.Family.RIDEN
              ? 18
              : m.family() == EmulatedModel.Family.XY ? 0x12 : 0x09;
      // the unit's own protection watches its output continuously; look at it every 30 s of charge
      for (int i = 0; i < 1_000 && b.emulator.register(outputRegister) == 1; i++) {
        b.advance(Duration.ofSeconds(30));
      }
      SupplyReading r = b.driver.read();
      assertThat(r.outputOn()).isFalse();
      assertThat(r.protectionName()).isEqualTo("OVP");
      assertThat(b.bay.state().outVolts()).isLessThan((ceiling + 200) / 1000.0 + 0.5);
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void output_that_ignores_off_is_reported_fatal_after_bounded_attempts(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      b.driver.setProtection(b.ceilingMillivolts() + 500, b.chargeMilliamps() + 500);
      b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), b.chargeMilliamps(), true));
      int writes = b.emulator.writeRequests();
      b.emulator.faults().outputIgnoresOff(true);
      assertThatThrownBy(b.driver::outputOff)
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("still reports its output on");
      assertThat(b.emulator.writeRequests() - writes)
          .isEqualTo(ModbusSupplyDriver.OUTPUT_OFF_ATTEMPTS);
      b.emulator.faults().outputIgnoresOff(false);
      b.driver.outputOff();
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void a_readback_that_lies_is_fatal_and_output_off_still_works(EmulatedModel m) throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      b.driver.setProtection(b.ceilingMillivolts() + 500, b.chargeMilliamps() + 500);
      b.emulator.faults().voltageReadbackOffsetCounts(7);
      int writes = b.emulator.writeRequests();
      assertThatThrownBy(
              () ->
                  b.driver.apply(
                      new SupplySetpoint(b.ceilingMillivolts(), b.chargeMilliamps(), true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("read-back disagrees");
      int applyWrites = b.emulator.writeRequests() - writes;
      assertThat(applyWrites)
          .as("each register written once, nothing retried")
          .isLessThanOrEqualTo(3);
      b.driver.outputOff();
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void exception_responses_are_fatal_without_retry_and_output_off_works_after_them(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      b.driver.setProtection(b.ceilingMillivolts() + 500, b.chargeMilliamps() + 500);
      b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), b.chargeMilliamps(), true));
      b.emulator.faults().exceptionCode(4);
      int writes = b.emulator.writeRequests();
      assertThatThrownBy(
              () ->
                  b.driver.apply(
                      new SupplySetpoint(b.ceilingMillivolts() - 100, b.chargeMilliamps(), true)))
          .isInstanceOfSatisfying(
              SupplyException.Refused.class, e -> assertThat(e.exceptionCode()).isEqualTo(4));
      assertThat(b.emulator.writeRequests()).isEqualTo(writes);
      assertThatThrownBy(b.driver::read).isInstanceOf(SupplyException.Refused.class);
      b.emulator.faults().exceptionCode(0);
      b.driver.outputOff();
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void silence_is_retriable_and_output_off_is_reachable_once_the_unit_answers(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      b.driver.setProtection(b.ceilingMillivolts() + 500, b.chargeMilliamps() + 500);
      b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), b.chargeMilliamps(), true));
      b.emulator.faults().silent(true);
      assertThatThrownBy(b.driver::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("timeout");
      b.emulator.faults().silent(false);
      b.driver.outputOff();
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"RD6018", "DPS5015", "XY6020L"})
  void a_write_that_got_no_answer_is_decided_by_read_back_not_retried(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      b.driver.read();
      b.emulator.faults().silentAfterWrite(true);
      int writes = b.emulator.writeRequests();
      // output stays off: the V/I write lands unanswered, the driver stops, reads back, and it all
      // agrees
      b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), b.chargeMilliamps(), false));
      assertThat(b.emulator.writeRequests() - writes)
          .as("one unanswered V/I write, nothing after it")
          .isEqualTo(1);
      assertThat(b.bay.state().setAmps())
          .isCloseTo(b.chargeMilliamps() / 1000.0, org.assertj.core.data.Offset.offset(0.001));
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void a_slow_unit_within_the_timeout_is_served_and_beyond_it_is_retriable(EmulatedModel m)
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(m)) {
      b.emulator.faults().responseDelay(Duration.ofMillis(60));
      assertThat(b.driver.read().model()).isEqualTo(m.displayName());
      b.emulator.faults().responseDelay(Duration.ofMillis(400));
      assertThatThrownBy(b.driver::read).isInstanceOf(SupplyException.Retriable.class);
    }
  }

  static int outVoltageRegister(EmulatedModel m) {
    return m.family() == EmulatedModel.Family.RIDEN ? 10 : 2;
  }

  static int setVoltageRegister(EmulatedModel m) {
    return m.family() == EmulatedModel.Family.RIDEN ? 8 : 0;
  }
}
