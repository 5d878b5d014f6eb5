package org.chargebay.simulator.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.RawModbus.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link EaEmulator} (a PS 9080-120 2U) against EA's "Programming Guide ModBus &amp; SCPI" rev 24
 * and the PS/PSI 9000/10000 register lists as summarised in PRO-DEVICES.md §1: identity, float32
 * nominal values, percent-of-nominal scaling (0xCCCC = 100 %), limits 102 % / 110 %, the remote
 * handshake and its refusal, unit id 0 in "Limited" compliance mode, device state 505 bits, latched
 * alarms and the TCP socket idle timeout; FC16 within one block; its own OVP/OCP on the virtual
 * clock (also while regulation is stuck in CC); and each fault switch it honours.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EaEmulatorIT {
  private static final int ON = 0xFF00;
  private static final int OFF = 0x0000;
  private static final int SERIES = 13;

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final PackModel twin = EmulatorBench.pack(SERIES, 2.0);
  private final SimulatedBay bay =
      new SimulatedBay(clock, EmulatorBench.pack(SERIES, 2.0), new Faults());
  private final EaEmulator ea = new EaEmulator(bay, Duration.ofSeconds(5));
  private final RawModbus m = new RawModbus(ea.port());
  private final RawModbus quick = new RawModbus(ea.port(), Duration.ofMillis(200));

  @AfterEach
  void stop() {
    quick.close();
    m.close();
    ea.close();
  }

  /** raw = round(52428 x value / nominal) (Guide §4.4). */
  private static int percent(double value, double nominal) {
    return (int) Math.round(52428 * value / nominal);
  }

  private int reg(int address) {
    Reply r = m.readHolding(0, address, 1);
    assertThat(r.ok()).as("register " + address + ": " + r).isTrue();
    return r.register();
  }

  private int state() {
    int[] s = m.readHolding(0, 505, 2).registers();
    return (s[0] << 16) | s[1];
  }

  private void coil(int address, int value) {
    Reply r = m.writeCoil(0, address, value);
    assertThat(r.ok()).as("coil " + address + ": " + r).isTrue();
  }

  private void write(int address, int value) {
    Reply r = m.writeSingle(0, address, value);
    assertThat(r.ok()).as("register " + address + ": " + r).isTrue();
  }

  @Test
  void identifies_itself_and_gives_its_nominal_values_as_float32_high_word_first() {
    assertThat(reg(0)).as("device class 28 = PS 9000 2U (Guide App. A1)").isEqualTo(28);
    int[] type = m.readHolding(0, 1, 20).registers();
    byte[] text = new byte[40];
    for (int i = 0; i < 20; i++) {
      text[2 * i] = (byte) (type[i] >>> 8);
      text[2 * i + 1] = (byte) type[i];
    }
    assertThat(new String(text, StandardCharsets.US_ASCII).replace("\0", ""))
        .isEqualTo("PS 9080-120 2U");
    int[] nominal = m.readHolding(0, 121, 6).registers();
    // 80.0 = 0x42A00000 (the guide's own example), 120.0 = 0x42F00000, 3000.0 = 0x453B8000
    assertThat(nominal).containsExactly(0x42A0, 0x0000, 0x42F0, 0x0000, 0x453B, 0x8000);
    assertThat(Float.intBitsToFloat((nominal[0] << 16) | nominal[1])).isEqualTo(80.0f);
  }

  @Test
  void only_unit_0_is_answered_until_compliance_mode_full_is_set_by_coil_10013() {
    assertThat(quick.readHolding(1, 0, 1).silent()).as("unit 1 in Limited mode").isTrue();
    assertThat(reg(0)).isEqualTo(28);
    coil(10013, ON);
    Reply unit1 = m.readHolding(1, 0, 1);
    assertThat(unit1.register()).isEqualTo(28);
    assertThat(m.readCoils(0, 10013, 1).coilBits()).isEqualTo(1);
    assertThat(quick.readHolding(2, 0, 1).silent()).as("unit 2 never").isTrue();
  }

  @Test
  void set_values_and_the_dc_output_are_refused_outside_remote() {
    Reply set = m.writeSingle(0, 500, percent(50, 80));
    assertThat(set.function()).isEqualTo(0x86);
    assertThat(set.exceptionCode()).isNotZero();
    Reply dc = m.writeCoil(0, 405, ON);
    assertThat(dc.function()).isEqualTo(0x85);
    assertThat(dc.exceptionCode()).isNotZero();
    assertThat(bay.state().setVolts()).isZero();
    assertThat(bay.state().outputOn()).isFalse();
    int s = state();
    assertThat(s & (1 << 11)).as("remote").isZero();
    assertThat(s & 0x1F).as("control location free").isZero();
  }

  @Test
  void the_remote_handshake_is_confirmed_by_505_bit_11_and_left_by_command() {
    coil(402, ON);
    int s = state();
    assertThat(s & (1 << 11)).as("remote").isNotZero();
    assertThat(s & 0x1F).as("control location Ethernet").isEqualTo(0x06);
    assertThat(m.readCoils(0, 402, 1).coilBits()).isEqualTo(1);
    write(500, percent(50, 80));
    coil(402, OFF);
    assertThat(state() & (1 << 11)).isZero();
    assertThat(m.writeSingle(0, 500, percent(40, 80)).exceptionCode()).isNotZero();
    assertThat(bay.state().setVolts()).isCloseTo(50.0, within(80.0 / 52428));
  }

  @Test
  void a_front_panel_in_local_refuses_remote_with_exception_code_0x17() {
    ea.refuseRemote(true);
    Reply r = m.writeCoil(0, 402, ON);
    assertThat(r.function()).isEqualTo(0x85);
    assertThat(r.exceptionCode()).isEqualTo(0x17);
    int s = state();
    assertThat(s & (1 << 11)).isZero();
    assertThat(s & 0x1F).as("control location local").isEqualTo(0x01);
    assertThat(ea.remote()).isFalse();
  }

  @Test
  void set_values_are_percent_of_nominal_limited_to_102_percent_and_thresholds_to_110_percent() {
    coil(402, ON);
    write(500, 35_389); // 54 V of 80 V = 67.5 %
    write(501, 2_185); // 5 A of 120 A
    assertThat(bay.state().setVolts()).isCloseTo(54.0, within(0.002));
    assertThat(bay.state().setAmps()).isCloseTo(5.0, within(0.003));
    assertThat(reg(500)).isEqualTo(35_389);
    assertThat(reg(501)).isEqualTo(2_185);
    write(500, 0xD0E5); // 102 %
    assertThat(bay.state().setVolts()).isCloseTo(81.6, within(0.002));
    Reply over = m.writeSingle(0, 500, 0xD0E6);
    assertThat(over.exceptionCode()).as("above 102 %").isEqualTo(3);
    assertThat(bay.state().setVolts()).isCloseTo(81.6, within(0.002));

    write(550, 0xE147); // OVP 110 % = 88 V
    write(553, percent(6, 120));
    assertThat(bay.state().ovpVolts()).isCloseTo(88.0, within(0.002));
    assertThat(bay.state().ocpAmps()).isCloseTo(6.0, within(0.003));
    assertThat(reg(553)).isEqualTo(2_621);
    assertThat(m.writeSingle(0, 550, 0xE148).exceptionCode()).as("above 110 %").isEqualTo(3);
  }

  @Test
  void reports_actual_values_in_percent_and_cc_then_cv_in_505_bits_9_and_10() {
    coil(402, ON);
    double cv = SERIES * 3.80;
    write(550, percent(SERIES * 4.3, 80));
    write(553, percent(3.0, 120));
    write(500, percent(cv, 80));
    write(501, percent(1.0, 120));
    coil(405, ON);
    clock.advance(Duration.ofSeconds(1));
    twin.charge(1.0, 1.0);
    int s = state();
    assertThat(s & (1 << 7)).as("DC on").isNotZero();
    assertThat((s >>> 9) & 0b11).as("CC").isEqualTo(0b10);
    int[] actual = m.readHolding(0, 507, 3).registers();
    double volts = twin.packOcvVolts() + 1.0 * twin.packResistanceOhm();
    assertThat(actual[0]).isCloseTo(percent(volts, 80), within(1));
    assertThat(actual[1]).isCloseTo(percent(1.0, 120), within(1));
    assertThat(actual[2]).isCloseTo(percent(volts * 1.0, 3000), within(1));

    clock.advance(Duration.ofSeconds(600));
    s = state();
    assertThat((s >>> 9) & 0b11).as("CV").isEqualTo(0b00);
    actual = m.readHolding(0, 507, 3).registers();
    assertThat(actual[0]).isCloseTo(reg(500), within(1));
    assertThat(actual[1]).isLessThan(percent(1.0, 120)).isGreaterThan(0);
    coil(405, OFF);
    assertThat(state() & (1 << 7)).isZero();
    assertThat(bay.state().outputOn()).isFalse();
  }

  @Test
  void an_ovp_trip_latches_in_505_keeps_dc_off_and_clears_only_with_coil_411() {
    coil(402, ON);
    write(550, percent(SERIES * 4.3, 80));
    write(553, percent(3.0, 120));
    write(500, percent(SERIES * 4.0, 80));
    write(501, percent(1.0, 120));
    coil(405, ON);
    clock.advance(Duration.ofSeconds(1));
    assertThat(state() & (1 << 15)).isZero();
    write(550, percent(SERIES * 3.5, 80)); // below the pack
    clock.advance(Duration.ofMillis(400));
    int s = state();
    assertThat(s & (1 << 16)).as("OVP").isNotZero();
    assertThat(s & (1 << 15)).as("any alarm").isNotZero();
    assertThat(s & (1 << 7)).as("DC off").isZero();
    write(550, percent(SERIES * 4.3, 80));
    coil(405, ON);
    assertThat(bay.state().outputOn()).as("DC stays off while the alarm is latched").isFalse();
    assertThat(state() & (1 << 16)).isNotZero();
    coil(411, ON);
    assertThat(state() & ((1 << 16) | (1 << 15))).isZero();
    coil(405, ON);
    assertThat(bay.state().outputOn()).isTrue();
  }

  private void startCharge(double ovpVolts, double ocpAmps, double volts, double amps) {
    coil(402, ON);
    write(550, percent(ovpVolts, 80));
    write(553, percent(ocpAmps, 120));
    write(500, percent(volts, 80));
    write(501, percent(amps, 120));
    coil(405, ON);
  }

  @Test
  void fc16_writes_one_register_like_fc06_and_several_only_within_one_block() {
    coil(402, ON);
    Reply one = m.writeMultiple(0, 500, percent(50, 80));
    assertThat(one.ok()).as(one.toString()).isTrue();
    assertThat(bay.state().setVolts()).isCloseTo(50.0, within(80.0 / 52428));
    // U and I together cross from one set value to the next: refused, nothing applied (Guide
    // §4.8.2)
    Reply both = m.writeMultiple(0, 500, percent(40, 80), percent(2, 120));
    assertThat(both.function()).isEqualTo(0x90);
    assertThat(both.exceptionCode()).isEqualTo(2);
    assertThat(bay.state().setVolts()).isCloseTo(50.0, within(80.0 / 52428));
    assertThat(bay.state().setAmps()).isZero();
    // the user text (char[40] at 171) is one block
    Reply text = m.writeMultiple(0, 171, 0x4261, 0x7933);
    assertThat(text.ok()).as(text.toString()).isTrue();
    assertThat(m.readHolding(0, 171, 2).registers()).containsExactly(0x4261, 0x7933);
    coil(402, OFF);
    assertThat(m.writeMultiple(0, 500, percent(30, 80)).function())
        .as("outside remote")
        .isEqualTo(0x90);
    assertThat(ea.writeRequests()).isEqualTo(6);
  }

  @Test
  void its_own_ovp_trips_on_the_virtual_clock_at_the_crossing_while_regulation_is_stuck_in_cc() {
    bay.faults().supplyIgnoresVoltageSetpoint(true);
    startCharge(SERIES * 3.95, 3.0, SERIES * 3.80, 1.0);
    // the values the device holds: 52428 counts = 100 % of 80 V / 120 A
    double ovp = 80.0 * percent(SERIES * 3.95, 80) / 52428;
    double amps = 120.0 * percent(1.0, 120) / 52428;
    double expectedAh = EmulatorBench.ampHoursToCrossing(twin, ovp, amps);
    assertThat(expectedAh).as("the crossing is minutes away").isGreaterThan(0.05);
    clock.advance(Duration.ofHours(1)); // no request at all meanwhile
    assertThat(bay.state().outputOn()).isFalse();
    assertThat(bay.state().ampHours())
        .as("stopped at the crossing")
        .isCloseTo(expectedAh, within(1e-6));
    int s = state();
    assertThat(s & (1 << 16)).as("OVP").isNotZero();
    assertThat(s & (1 << 15)).as("any alarm").isNotZero();
    assertThat(s & (1 << 7)).as("DC off").isZero();
    coil(405, ON);
    assertThat(bay.state().outputOn()).as("latched until 411").isFalse();
  }

  @Test
  void its_own_ocp_trips_when_the_current_exceeds_it() {
    startCharge(SERIES * 4.3, 3.0, SERIES * 4.0, 1.0);
    clock.advance(Duration.ofSeconds(1));
    write(553, percent(0.5, 120));
    assertThat(bay.state().outputOn()).as("at once").isFalse();
    assertThat(state() & (1 << 17)).as("OCP").isNotZero();
    assertThat(state() & (1 << 16)).as("not OVP").isZero();
  }

  @Test
  void with_its_protection_disabled_a_stuck_regulation_pushes_past_ovp() {
    bay.faults().supplyIgnoresVoltageSetpoint(true);
    ea.faults().protectionDisabled(true);
    startCharge(SERIES * 3.95, 3.0, SERIES * 3.80, 1.0);
    double crossingAh = EmulatorBench.ampHoursToCrossing(twin, SERIES * 3.95, 1.0);
    clock.advance(Duration.ofMillis(Math.round((crossingAh + 0.05) * 3_600_000)));
    assertThat(state() & ((1 << 16) | (1 << 15))).isZero();
    assertThat(reg(507)).as("actual U past OVP").isGreaterThan(percent(SERIES * 3.95, 80));
    assertThat(bay.state().outputOn()).isTrue();
    ea.faults().protectionDisabled(false);
    assertThat(state() & (1 << 16)).as("re-armed: trips at once").isNotZero();
    assertThat(bay.state().outputOn()).isFalse();
  }

  @Test
  void an_exception_fault_answers_every_request_with_its_code_and_applies_nothing() {
    coil(402, ON);
    write(500, percent(50, 80));
    ea.faults().exceptionCode(4);
    Reply read = m.readHolding(0, 505, 2);
    assertThat(read.function()).isEqualTo(0x83);
    assertThat(read.exceptionCode()).isEqualTo(4);
    assertThat(m.writeSingle(0, 500, percent(20, 80)).exceptionCode()).isEqualTo(4);
    assertThat(m.writeMultiple(0, 500, percent(20, 80)).exceptionCode()).isEqualTo(4);
    Reply dc = m.writeCoil(0, 405, ON);
    assertThat(dc.function()).isEqualTo(0x85);
    assertThat(dc.exceptionCode()).isEqualTo(4);
    assertThat(m.readCoils(0, 405, 1).exceptionCode()).isEqualTo(4);
    assertThat(bay.state().setVolts()).isCloseTo(50.0, within(80.0 / 52428));
    assertThat(bay.state().outputOn()).isFalse();
    ea.faults().exceptionCode(0);
    assertThat(reg(500)).isEqualTo(percent(50, 80));
  }

  @Test
  void a_silent_device_answers_nothing_and_applies_nothing_and_a_write_can_land_unanswered() {
    coil(402, ON);
    write(500, percent(50, 80));
    ea.faults().silent(true);
    assertThat(quick.readHolding(0, 505, 2).silent()).isTrue();
    assertThat(quick.writeSingle(0, 500, percent(20, 80)).silent()).isTrue();
    assertThat(quick.writeCoil(0, 405, ON).silent()).isTrue();
    assertThat(bay.state().setVolts()).isCloseTo(50.0, within(80.0 / 52428));
    assertThat(bay.state().outputOn()).isFalse();
    ea.faults().silent(false);
    ea.faults().silentAfterWrite(true);
    int writes = ea.writeRequests();
    assertThat(quick.writeSingle(0, 500, percent(20, 80)).silent()).isTrue();
    assertThat(ea.writeRequests() - writes).isEqualTo(1);
    assertThat(bay.state().setVolts()).as("landed").isCloseTo(20.0, within(80.0 / 52428));
    assertThat(reg(500)).as("reads are answered").isEqualTo(percent(20, 80));
  }

  @Test
  void a_slow_device_answers_after_the_configured_delay_with_the_right_value() {
    ea.faults().responseDelay(Duration.ofMillis(300));
    try (RawModbus patient = new RawModbus(ea.port(), Duration.ofSeconds(3))) {
      long start = System.nanoTime();
      Reply r = patient.readHolding(0, 0, 1);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.register()).isEqualTo(28);
      assertThat(tookMs).isGreaterThanOrEqualTo(300);
    }
    try (RawModbus hasty = new RawModbus(ea.port(), Duration.ofMillis(100))) {
      assertThat(hasty.readHolding(0, 0, 1).silent()).as("not within 100 ms").isTrue();
    }
  }

  @Test
  void dc_that_ignores_off_and_readbacks_that_lie_are_acknowledged_as_if_all_were_well() {
    startCharge(SERIES * 4.3, 3.0, SERIES * 4.0, 1.0);
    ea.faults().outputIgnoresOff(true);
    coil(405, OFF);
    assertThat(bay.state().outputOn()).isTrue();
    assertThat(state() & (1 << 7)).as("505 tells the truth: DC on").isNotZero();
    ea.faults().outputIgnoresOff(false);
    ea.faults().outputReadsAs(false);
    assertThat(state() & (1 << 7)).as("505 bit 7 lies: off").isZero();
    assertThat(m.readCoils(0, 405, 1).coilBits()).as("coil 405 lies: off").isZero();
    assertThat(bay.state().outputOn()).isTrue();
    ea.faults().outputReadsAs(null);
    ea.faults().voltageReadbackOffsetCounts(7);
    write(500, percent(50, 80));
    assertThat(bay.state().setVolts()).isCloseTo(50.0, within(80.0 / 52428));
    assertThat(reg(500)).isEqualTo(percent(50, 80) + 7);
  }

  @Test
  void the_device_closes_a_socket_left_idle_for_its_timeout() {
    // wall clock: the socket timeout is a property of the device's network stack, and the
    // driver's reconnect before it is also measured on System.nanoTime
    try (EaEmulator short_ = new EaEmulator(bay, Duration.ofMillis(300));
        RawModbus idle = new RawModbus(short_.port(), Duration.ofSeconds(5))) {
      assertThat(idle.readHolding(0, 0, 1).register()).isEqualTo(28);
      long start = System.nanoTime();
      boolean closed = idle.closedByPeer(); // blocks until the peer closes, at most 5 s
      long afterMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(closed).isTrue();
      assertThat(afterMs).isBetween(200L, 3_000L);
    }
  }
}
