package org.chargebay.simulator.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.chargebay.simulator.supply.RawModbus.Reply;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every register-map model of {@link ModbusSupplyEmulator} (Riden RD60xx, RuiDeng DPS/DPH, XY)
 * against its vendor documentation ({@link VendorSheet}), over Modbus TCP with hand-built PDUs:
 * identity, scaling of set values, measurements and limits, CC/CV against a twin of the pack,
 * output switching, OVP/OCP trips, and each fault switch of {@link SupplyFaults} plus the bay's
 * "stuck in CC" fault. Scales are checked with exact counts, so a 10x scale error fails.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RegisterMapEmulatorsIT {

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void reports_the_documented_model_id_and_input_voltage(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int id = b.reg(b.doc.idRegister());
      assertThat(id).isBetween(b.doc.idMin(), b.doc.idMax());
      switch (model.family()) {
        case RIDEN ->
            assertThat(id / 10)
                .as("id/10 = model number")
                .isEqualTo(VendorSheet.modelNumber(model));
        case RUIDENG ->
            assertThat(id)
                .isEqualTo(model == EmulatedModel.DPH5005 ? 5205 : VendorSheet.modelNumber(model));
        case XY -> {
          if (model == EmulatedModel.XY6020L) {
            assertThat(id).isEqualTo(0x6100); // as tinkering4fun read it
          } else {
            assertThat(id)
                .as("no public value: only told apart from the XY6020L")
                .isNotEqualTo(0x6100);
          }
        }
      }
      // the simulated bay's input is 60.00 V; UIN/V_IN is x100 on every model
      assertThat(b.reg(b.doc.vIn())).isEqualTo(6000);
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void set_values_are_applied_and_read_back_at_the_documented_scale(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.write(b.doc.vSet(), b.volts(12.34));
      b.write(b.doc.iSet(), b.amps(1.23));
      assertThat(b.bay.state().setVolts()).isCloseTo(12.34, within(1e-9));
      assertThat(b.bay.state().setAmps()).isCloseTo(1.23, within(1e-9));
      assertThat(b.reg(b.doc.vSet())).isEqualTo(b.volts(12.34));
      assertThat(b.reg(b.doc.iSet())).isEqualTo(b.amps(1.23));
      // FC16 over both (V and I are adjacent in every family), as esphome-dps and sigrok write
      Reply r = b.modbus.writeMultiple(1, b.doc.vSet(), b.volts(10.5), b.amps(0.75));
      assertThat(r.ok()).as(r.toString()).isTrue();
      assertThat(b.bay.state().setVolts()).isCloseTo(10.5, within(1e-9));
      assertThat(b.bay.state().setAmps()).isCloseTo(0.75, within(1e-9));
      int[] both = b.modbus.readHolding(1, b.doc.vSet(), 2).registers();
      assertThat(both).containsExactly(b.volts(10.5), b.amps(0.75));
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void charges_in_cc_below_the_cv_point_then_holds_cv_at_the_set_voltage_while_the_current_tapers(
      EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int n = b.series;
      double cv =
          n * 3.80; // the pack rests at 3.73 V per cell (50 %): CV comes after ~400 s at 1 A
      b.write(b.doc.ovp(), b.volts(n * 4.30));
      b.write(b.doc.ocp(), b.amps(3.0));
      b.write(b.doc.vSet(), b.volts(cv));
      b.write(b.doc.iSet(), b.amps(1.0));
      b.write(b.doc.onOff(), 1);
      assertThat(b.reg(b.doc.onOff())).isEqualTo(1);
      b.advance(Duration.ofSeconds(1));
      b.twin.charge(1.0, 1.0);

      // CC: the current is the limit, the voltage is the pack's OCV + I x R, below the setpoint
      double expectedVolts = b.twin.packOcvVolts() + 1.0 * b.twin.packResistanceOhm();
      int vOut = b.reg(b.doc.vOut());
      int iOut = b.reg(b.doc.iOut());
      assertThat(b.reg(b.doc.cvCc())).as("CC").isEqualTo(1);
      assertThat(iOut).isEqualTo(b.amps(1.0));
      assertThat(vOut).isCloseTo(b.volts(expectedVolts), within(1)).isLessThan(b.volts(cv));
      assertPower(b, vOut, iOut);

      // CV: the output sits at the set voltage and the current falls below the limit
      b.advance(Duration.ofSeconds(600));
      assertThat(b.reg(b.doc.cvCc())).as("CV").isEqualTo(0);
      assertThat(b.reg(b.doc.vOut())).isCloseTo(b.volts(cv), within(1));
      int i1 = b.reg(b.doc.iOut());
      assertThat(i1).isLessThan(b.amps(1.0)).isGreaterThan(0);
      b.advance(Duration.ofSeconds(120));
      int i2 = b.reg(b.doc.iOut());
      b.advance(Duration.ofSeconds(120));
      int i3 = b.reg(b.doc.iOut());
      assertThat(i2).as("tapering").isLessThan(i1);
      assertThat(i3).as("tapering").isLessThan(i2);
      assertThat(b.reg(b.doc.vOut())).isCloseTo(b.volts(cv), within(1));
      // and the tapering current is what the pack model gives: the twin pack, charged step by
      // step with min(limit, (V_set - OCV) / R), ends at the same current
      double expected = chargeTwin(b, cv, 1.0, 600 + 120 + 120);
      assertThat(i3).isCloseTo(b.amps(expected), within(2));
    }
  }

  /**
   * Charges the twin from where it is for {@code seconds} in 200 ms steps; returns the last
   * current.
   */
  private static double chargeTwin(EmulatorBench b, double cv, double limit, int seconds) {
    double amps = 0;
    for (int step = 0; step < seconds * 5; step++) {
      amps =
          Math.max(0, Math.min(limit, (cv - b.twin.packOcvVolts()) / b.twin.packResistanceOhm()));
      b.twin.charge(amps, 0.2);
    }
    return Math.max(0, Math.min(limit, (cv - b.twin.packOcvVolts()) / b.twin.packResistanceOhm()));
  }

  private static void assertPower(EmulatorBench b, int vOut, int iOut) {
    long p =
        b.doc.powerWords() == 2
            ? ((long) b.reg(b.doc.power()) << 16) | b.reg(b.doc.power() + 1)
            : b.reg(b.doc.power());
    double watts = (vOut / (double) b.doc.voltsScale()) * (iOut / (double) b.doc.ampsScale());
    assertThat(p / (double) b.doc.wattsScale())
        .as("power at the documented scale")
        .isCloseTo(watts, within(watts * 0.01));
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void switches_the_output_on_and_off(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.write(b.doc.vSet(), b.volts(b.series * 3.9));
      b.write(b.doc.iSet(), b.amps(0.5));
      b.write(b.doc.onOff(), 1);
      assertThat(b.bay.state().outputOn()).isTrue();
      assertThat(b.reg(b.doc.onOff())).isEqualTo(1);
      b.advance(Duration.ofSeconds(2));
      assertThat(b.reg(b.doc.iOut())).isEqualTo(b.amps(0.5));
      b.write(b.doc.onOff(), 0);
      assertThat(b.bay.state().outputOn()).isFalse();
      assertThat(b.reg(b.doc.onOff())).isEqualTo(0);
      b.advance(Duration.ofSeconds(2));
      assertThat(b.reg(b.doc.iOut())).isZero();
      assertThat(b.reg(b.doc.cvCc())).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void ovp_and_ocp_limits_take_the_documented_scale_and_trip_the_output(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int n = b.series;
      b.write(b.doc.ovp(), b.volts(n * 4.25));
      b.write(b.doc.ocp(), b.amps(2.5));
      assertThat(b.bay.state().ovpVolts()).isCloseTo(n * 4.25, within(1.0 / b.doc.voltsScale()));
      assertThat(b.bay.state().ocpAmps()).isCloseTo(2.5, within(1e-9));
      assertThat(b.reg(b.doc.ovp())).isEqualTo(b.volts(n * 4.25));
      assertThat(b.reg(b.doc.ocp())).isEqualTo(b.amps(2.5));

      // OVP: a threshold below the charging voltage opens the output and reports 1
      b.write(b.doc.vSet(), b.volts(n * 4.1));
      b.write(b.doc.iSet(), b.amps(1.0));
      b.write(b.doc.onOff(), 1);
      b.advance(Duration.ofSeconds(1));
      assertThat(b.reg(b.doc.protect())).isZero();
      b.write(b.doc.ovp(), b.volts(n * 3.70)); // the pack alone rests at 3.73 V per cell
      b.advance(Duration.ofMillis(200));
      assertThat(b.reg(b.doc.protect())).as("OVP").isEqualTo(1);
      assertThat(b.reg(b.doc.onOff())).isZero();
      assertThat(b.bay.state().outputOn()).isFalse();
      assertThat(b.reg(b.doc.iOut())).isZero();

      // OCP: a threshold below the current limit opens the output and reports 2
      b.write(b.doc.ovp(), b.volts(n * 4.25));
      b.write(b.doc.ocp(), b.amps(0.5));
      if (model.family() == EmulatedModel.Family.XY) {
        b.write(b.doc.protect(), 0); // XY: "write 0 to clear" (REGISTERS.md A3)
      }
      b.write(b.doc.onOff(), 1);
      b.advance(Duration.ofMillis(200));
      assertThat(b.reg(b.doc.protect())).as("OCP").isEqualTo(2);
      assertThat(b.reg(b.doc.onOff())).isZero();
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void stuck_in_cc_it_pushes_past_the_cv_point_until_its_own_ovp_trips_at_the_crossing(
      EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int n = b.series;
      b.bay.faults().supplyIgnoresVoltageSetpoint(true);
      startStuckCharge(b, n * 3.95, n * 3.80, 1.0);
      boolean pastCvInCc = false;
      for (int seconds = 0; seconds < 3600 && b.reg(b.doc.protect()) == 0; seconds += 10) {
        b.advance(Duration.ofSeconds(10));
        int vOut = b.reg(b.doc.vOut());
        int cc = b.reg(b.doc.cvCc());
        int iOut = b.reg(b.doc.iOut());
        if (b.reg(b.doc.protect()) == 0 && vOut > b.volts(n * 3.80)) {
          pastCvInCc = true;
          assertThat(cc).as("still CC past the CV point").isEqualTo(1);
          assertThat(iOut).as("still the full current").isEqualTo(b.amps(1.0));
          assertThat(vOut).isLessThanOrEqualTo(b.volts(n * 3.95));
        }
      }
      assertThat(pastCvInCc).as("went past the CV point in CC").isTrue();
      assertThat(b.reg(b.doc.protect())).as("OVP").isEqualTo(1);
      assertThat(b.reg(b.doc.onOff())).isZero();
      assertThat(b.bay.state().outputOn()).isFalse();
      // polled every 10 s, but the charge stopped at the crossing, not at the poll after it
      assertThat(b.bay.state().ampHours())
          .isCloseTo(EmulatorBench.ampHoursToCrossing(b.twin, n * 3.95, 1.0), within(1e-6));
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void stuck_in_cc_and_never_polled_its_own_ovp_trips_on_the_virtual_clock_at_the_crossing(
      EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int n = b.series;
      b.bay.faults().supplyIgnoresVoltageSetpoint(true);
      startStuckCharge(b, n * 3.95, n * 3.80, 1.0);
      double expectedAh = EmulatorBench.ampHoursToCrossing(b.twin, n * 3.95, 1.0);
      assertThat(expectedAh).as("the crossing is minutes away").isGreaterThan(0.05);
      // one hour passes without a single request: only the unit's own watch can stop it
      b.advance(Duration.ofHours(1));
      assertThat(b.bay.state().outputOn()).isFalse();
      assertThat(b.bay.state().ampHours())
          .as("stopped at the crossing, within one 200 ms step")
          .isCloseTo(expectedAh, within(1e-6));
      assertThat(b.bay.maxCellVolts()).as("the pack rests below OVP per cell").isLessThan(3.95);
      assertThat(b.reg(b.doc.protect())).as("OVP").isEqualTo(1);
      assertThat(b.reg(b.doc.onOff())).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"RD6018", "DPS5015", "XY6020L"})
  void a_unit_whose_protection_is_disabled_is_pushed_past_its_ovp_by_a_stuck_regulation(
      EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      int n = b.series;
      b.bay.faults().supplyIgnoresVoltageSetpoint(true);
      b.emulator.faults().protectionDisabled(true);
      startStuckCharge(b, n * 3.95, n * 3.80, 1.0);
      double crossingAh = EmulatorBench.ampHoursToCrossing(b.twin, n * 3.95, 1.0);
      // three minutes at 1 A (0.05 Ah) past the crossing, short of the BMS's own cut-off
      b.advance(Duration.ofMillis(Math.round((crossingAh + 0.05) * 3_600_000)));
      assertThat(b.reg(b.doc.protect())).as("no trip").isZero();
      assertThat(b.reg(b.doc.onOff())).isEqualTo(1);
      assertThat(b.reg(b.doc.vOut())).as("past OVP").isGreaterThan(b.volts(n * 3.95));
      assertThat(b.bay.state().ampHours()).isGreaterThan(crossingAh + 0.04);
      b.emulator.faults().protectionDisabled(false);
      b.advance(Duration.ofMillis(200));
      assertThat(b.reg(b.doc.protect())).as("re-armed: trips at once").isEqualTo(1);
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  private static void startStuckCharge(EmulatorBench b, double ovp, double cv, double amps) {
    b.write(b.doc.ovp(), b.volts(ovp));
    b.write(b.doc.ocp(), b.amps(3.0));
    b.write(b.doc.vSet(), b.volts(cv));
    b.write(b.doc.iSet(), b.amps(amps));
    b.write(b.doc.onOff(), 1);
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void output_ignoring_off_acknowledges_the_off_write_and_keeps_charging(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.write(b.doc.vSet(), b.volts(b.series * 3.9));
      b.write(b.doc.iSet(), b.amps(0.5));
      b.write(b.doc.onOff(), 1);
      b.emulator.faults().outputIgnoresOff(true);
      Reply off = b.modbus.writeSingle(1, b.doc.onOff(), 0);
      assertThat(off.ok()).as("acknowledged: " + off).isTrue();
      b.advance(Duration.ofSeconds(2));
      assertThat(b.reg(b.doc.onOff())).isEqualTo(1);
      assertThat(b.reg(b.doc.iOut())).isEqualTo(b.amps(0.5));
      assertThat(b.bay.state().outputOn()).isTrue();
      b.emulator.faults().outputIgnoresOff(false);
      b.write(b.doc.onOff(), 0);
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void a_lying_voltage_readback_reports_the_offset_while_the_true_setpoint_is_applied(
      EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.emulator.faults().voltageReadbackOffsetCounts(7);
      b.write(b.doc.vSet(), b.volts(20.0));
      assertThat(b.bay.state().setVolts()).isCloseTo(20.0, within(1e-9));
      assertThat(b.reg(b.doc.vSet())).isEqualTo(b.volts(20.0) + 7);
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void an_exception_fault_answers_every_request_with_its_code_and_applies_nothing(
      EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.write(b.doc.vSet(), b.volts(10.0));
      b.emulator.faults().exceptionCode(4); // SERVER DEVICE FAILURE
      Reply read = b.modbus.readHolding(1, b.doc.vSet(), 1);
      assertThat(read.function()).isEqualTo(0x83);
      assertThat(read.exceptionCode()).isEqualTo(4);
      Reply write = b.modbus.writeSingle(1, b.doc.vSet(), b.volts(20.0));
      assertThat(write.function()).isEqualTo(0x86);
      assertThat(write.exceptionCode()).isEqualTo(4);
      Reply multi = b.modbus.writeMultiple(1, b.doc.vSet(), b.volts(20.0), b.amps(1.0));
      assertThat(multi.function()).isEqualTo(0x90);
      assertThat(multi.exceptionCode()).isEqualTo(4);
      assertThat(b.bay.state().setVolts()).isCloseTo(10.0, within(1e-9));
      b.emulator.faults().exceptionCode(0);
      assertThat(b.reg(b.doc.vSet())).isEqualTo(b.volts(10.0));
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void a_silent_unit_answers_nothing_and_applies_nothing_and_other_unit_ids_are_never_answered(
      EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.write(b.doc.vSet(), b.volts(10.0));
      assertThat(b.quick.readHolding(2, b.doc.vSet(), 1).silent()).as("unit 2").isTrue();
      b.emulator.faults().silent(true);
      assertThat(b.quick.readHolding(1, b.doc.vSet(), 1).silent()).isTrue();
      assertThat(b.quick.writeSingle(1, b.doc.vSet(), b.volts(20.0)).silent()).isTrue();
      assertThat(b.bay.state().setVolts()).isCloseTo(10.0, within(1e-9));
      b.emulator.faults().silent(false);
      assertThat(b.reg(b.doc.vSet()))
          .as("answers again on the same connection")
          .isEqualTo(b.volts(10.0));
    }
  }

  @ParameterizedTest
  @EnumSource(EmulatedModel.class)
  void a_write_that_lands_but_is_never_answered_is_applied_once(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model)) {
      b.emulator.faults().silentAfterWrite(true);
      assertThat(b.quick.writeSingle(1, b.doc.vSet(), b.volts(20.0)).silent()).isTrue();
      assertThat(b.bay.state().setVolts()).isCloseTo(20.0, within(1e-9));
      assertThat(b.emulator.writeRequests()).isEqualTo(1);
      assertThat(b.reg(b.doc.vSet())).as("reads are still answered").isEqualTo(b.volts(20.0));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EmulatedModel.class,
      names = {"RD6018", "DPS5015", "XY6020L"})
  void a_slow_unit_answers_after_the_configured_delay_with_the_right_value(EmulatedModel model) {
    try (EmulatorBench b = new EmulatorBench(model);
        RawModbus patient = new RawModbus(b.emulator.port(), Duration.ofSeconds(3))) {
      b.write(b.doc.vSet(), b.volts(10.0));
      b.emulator.faults().responseDelay(Duration.ofMillis(300));
      long start = System.nanoTime();
      Reply r = patient.readHolding(1, b.doc.vSet(), 1);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.register()).isEqualTo(b.volts(10.0));
      assertThat(tookMs).isGreaterThanOrEqualTo(300);
      try (RawModbus hasty = new RawModbus(b.emulator.port(), Duration.ofMillis(100))) {
        assertThat(hasty.readHolding(1, b.doc.vSet(), 1).silent()).as("not within 100 ms").isTrue();
      }
    }
  }
}
