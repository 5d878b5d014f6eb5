package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.simulator.supply.EaEmulator;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.chargebay.simulator.supply.Rd60xxEmulator;
import org.chargebay.simulator.supply.WaveshareRelayEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mbpoll (libmodbus), a Modbus master that is not ours, reads and writes every emulator we test the
 * drivers against: over Modbus TCP, and over RTU on one end of a socat pty pair. Raw registers are
 * checked against the vendor documentation ({@link VendorRegisters}) and every write against the
 * simulated hardware it reached. Each test names its model(s); {@link SupplyInteropCoverageTest}
 * checks that every model is here on both links.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MbpollInteropIT {
  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  private <T extends AutoCloseable> T later(T t) {
    cleanup.add(t);
    return t;
  }

  private static EmulatedModel emulated(VendorRegisters r) {
    return EmulatedModel.valueOf(r.model().replace('-', '_'));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "RD6006", "RD6006P", "RD6012", "RD6012P@6A", "RD6012P@12A", "RD6018", "RD6024", "RD6030",
        "DPS3005", "DPS5005", "DPS5015", "DPS5020", "DPS8005", "DPH5005", "XY6020L", "XY-SK120"
      })
  void mbpoll_reads_and_writes_each_model_emulator_over_modbus_tcp(String spec) {
    VendorRegisters r = VendorRegisters.of(spec);
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    ModbusSupplyEmulator e = later(ModbusSupplyEmulator.tcp(bay.bay, emulated(r), 1));
    readsSetsAndSwitches(Mbpoll.tcp(e.port()), r, bay, e);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "RD6006", "RD6006P", "RD6012", "RD6012P@6A", "RD6012P@12A", "RD6018", "RD6024", "RD6030",
        "DPS3005", "DPS5005", "DPS5015", "DPS5020", "DPS8005", "DPH5005", "XY6020L", "XY-SK120"
      })
  void mbpoll_reads_and_writes_each_model_emulator_over_rtu_on_a_socat_pty(String spec) {
    VendorRegisters r = VendorRegisters.of(spec);
    PtyPair pty = later(new PtyPair(dir));
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    ModbusSupplyEmulator e =
        later(ModbusSupplyEmulator.rtuSerial(bay.bay, emulated(r), 1, pty.a.toString(), r.baud()));
    readsSetsAndSwitches(Mbpoll.rtu(pty.b, r.baud()), r, bay, e);
  }

  /**
   * Selects the current range (RD6012P), writes V and I in one request, switches the output on,
   * reads the block back, switches it off: each checked raw and on the simulated supply.
   */
  private static void readsSetsAndSwitches(
      Mbpoll mbpoll, VendorRegisters r, EmulatedBench.Bay bay, ModbusSupplyEmulator e) {
    if (r.rangeRegister() >= 0) {
      mbpoll.writeHolding(1, r.rangeRegister(), r.rangeValue());
      assertThat(mbpoll.readHolding(1, r.rangeRegister(), 1)[0]).isEqualTo(r.rangeValue());
    }
    assertThat(r.iSet()).as("I follows V").isEqualTo(r.vSet() + 1);
    mbpoll.writeHolding(1, r.vSet(), r.volts(12.34), r.amps(1.5));
    mbpoll.writeHolding(1, r.output(), 1);
    int[] regs = mbpoll.readHolding(1, 0, r.blockLength());
    assertThat(regs[r.idRegister()]).as("model id").isBetween(r.idLow(), r.idHigh());
    assertThat(regs[r.vSet()]).as("V set, raw").isEqualTo(r.volts(12.34));
    assertThat(regs[r.iSet()]).as("I set, raw").isEqualTo(r.amps(1.5));
    assertThat(regs[r.output()]).as("output register").isEqualTo(1);
    assertThat(bay.bay.state().setVolts()).isCloseTo(12.34, within(1e-9));
    assertThat(bay.bay.state().setAmps()).isCloseTo(1.5, within(1e-9));
    assertThat(bay.bay.state().outputOn()).isTrue();
    mbpoll.writeHolding(1, r.output(), 0);
    assertThat(bay.bay.state().outputOn()).isFalse();
    assertThat(e.register(r.output())).isZero();
  }

  @Test
  void mbpoll_reads_and_writes_the_standalone_rd6018_emulator_over_modbus_tcp() {
    VendorRegisters r = VendorRegisters.of("RD6018");
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    Rd60xxEmulator e = later(Rd60xxEmulator.start(bay.bay, 1));
    Mbpoll mbpoll = Mbpoll.tcp(e.port());
    mbpoll.writeHolding(1, r.vSet(), r.volts(12.34), r.amps(1.5));
    mbpoll.writeHolding(1, r.output(), 1);
    int[] regs = mbpoll.readHolding(1, 0, r.blockLength());
    assertThat(regs[0]).isBetween(r.idLow(), r.idHigh());
    assertThat(regs[r.vSet()]).isEqualTo(1234);
    assertThat(regs[r.iSet()]).isEqualTo(150);
    assertThat(regs[14]).as("V_IN x100").isEqualTo(6000);
    assertThat(bay.bay.state().setAmps()).isCloseTo(1.5, within(1e-9));
    assertThat(bay.bay.state().outputOn()).isTrue();
    mbpoll.writeHolding(1, r.output(), 0);
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  /** Percent of nominal, as the EA guide scales set and actual values (0xCCCC = 100 %). */
  private static int eaPercent(double value, double nominal) {
    return (int) Math.round(0xCCCC * value / nominal);
  }

  /**
   * Device class, nominal voltage (float32, high word first), remote (coil 402), U and I set values
   * (FC06 one at a time, as the guide asks), DC on (coil 405) seen in the state 505-506, and DC
   * off: the PS 9080-120 2U emulator at {@code unit}.
   */
  private static void eaReadsSetsAndSwitches(
      Mbpoll mbpoll, int unit, EmulatedBench.Bay bay, EaEmulator ea) {
    int[] id = mbpoll.readHolding(unit, 0, 1);
    assertThat(id[0]).as("device class: PS 9000 2U").isEqualTo(28);
    int[] nominal = mbpoll.readHolding(unit, 121, 2);
    assertThat(Float.intBitsToFloat((nominal[0] << 16) | nominal[1])).isEqualTo(80.0f);
    mbpoll.writeCoil(unit, 402, true);
    assertThat(mbpoll.readCoils(unit, 402, 1)[0]).as("remote").isEqualTo(1);
    mbpoll.writeHolding(unit, 500, eaPercent(41.0, 80));
    mbpoll.writeHolding(unit, 501, eaPercent(2.0, 120));
    mbpoll.writeCoil(unit, 405, true);
    int[] state = mbpoll.readHolding(unit, 505, 2);
    assertThat(state[1] & (1 << 7)).as("505-506 bit 7: DC on").isNotZero();
    assertThat(state[1] & (1 << 11)).as("505-506 bit 11: remote").isNotZero();
    assertThat(mbpoll.readHolding(unit, 500, 2))
        .containsExactly(eaPercent(41.0, 80), eaPercent(2.0, 120));
    assertThat(bay.bay.state().setVolts()).isCloseTo(41.0, within(0.002));
    assertThat(bay.bay.state().setAmps()).isCloseTo(2.0, within(0.003));
    assertThat(bay.bay.state().outputOn()).isTrue();
    mbpoll.writeCoil(unit, 405, false);
    assertThat(bay.bay.state().outputOn()).isFalse();
    assertThat(ea.remote()).isTrue();
  }

  @Test
  void mbpoll_reads_and_writes_the_ea_ps_9000_emulator_over_modbus_tcp_at_unit_0() {
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    EaEmulator ea = later(new EaEmulator(bay.bay, java.time.Duration.ofSeconds(5)));
    eaReadsSetsAndSwitches(Mbpoll.tcp(ea.port()), 0, bay, ea);
  }

  @Test
  void mbpoll_reads_and_writes_the_ea_ps_9000_emulator_over_rtu_on_a_socat_pty_at_address_1() {
    PtyPair pty = later(new PtyPair(dir));
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    EaEmulator ea = later(EaEmulator.rtuSerial(bay.bay, pty.a.toString(), 115_200));
    ea.complianceFull(true); // mbpoll cannot address unit 0 over RTU
    eaReadsSetsAndSwitches(Mbpoll.rtu(pty.b, 115_200), 1, bay, ea);
  }

  /** Channel 3 on (FC05 0xFF00) switches the charger on and reads back; off opens it again. */
  private static void relaySwitches(
      Mbpoll mbpoll, EmulatedBench.Bay bay, WaveshareRelayEmulator w) {
    mbpoll.writeCoil(1, 3, true);
    assertThat(mbpoll.readCoils(1, 0, 8)).containsExactly(0, 0, 0, 1, 0, 0, 0, 0);
    assertThat(w.relay(3)).isTrue();
    assertThat(bay.bay.state().outputOn()).as("charger on channel 3").isTrue();
    assertThat(bay.bay.state().setVolts()).isCloseTo(54.6, within(1e-9));
    mbpoll.writeCoil(1, 3, false);
    assertThat(mbpoll.readCoils(1, 0, 8)).containsOnly(0);
    assertThat(bay.bay.state().outputOn()).isFalse();
  }

  @Test
  void mbpoll_switches_the_waveshare_relay_emulator_over_modbus_tcp() {
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    WaveshareRelayEmulator w = later(new WaveshareRelayEmulator(bay.bay, 54.6, 2.0, 3, bay.clock));
    relaySwitches(Mbpoll.tcp(w.port()), bay, w);
  }

  @Test
  void mbpoll_switches_the_waveshare_relay_emulator_over_rtu_on_a_socat_pty() {
    PtyPair pty = later(new PtyPair(dir));
    EmulatedBench.Bay bay = new EmulatedBench.Bay();
    WaveshareRelayEmulator w =
        later(
            WaveshareRelayEmulator.rtuSerial(
                bay.bay, 54.6, 2.0, 3, bay.clock, pty.a.toString(), 9600));
    relaySwitches(Mbpoll.rtu(pty.b, 9600), bay, w);
  }
}
