package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.tcp.client.NettyRtuClientTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Model-specific behaviour and bus discipline against the emulators. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyBehaviourIT {

  @Test
  void rd6012p_current_scale_follows_the_range_register_and_a_wrong_scale_would_be_tenfold()
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.RD6012P)) {
      b.driver.setProtection(b.ceilingMillivolts() + 500, 3_000);
      b.emulator.selectCurrentRange(0); // 6 A range: I x10000
      b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), 2_000, true));
      assertThat(b.emulator.register(9)).isEqualTo(20_000);
      assertThat(b.bay.state().setAmps()).isEqualTo(2.0);
      assertThat(b.driver.read().setMilliamps()).isEqualTo(2_000);
      b.emulator.selectCurrentRange(1); // front panel: 12 A range, I x1000
      assertThat(b.emulator.register(9)).isEqualTo(2_000);
      assertThat(b.driver.read().setMilliamps())
          .as("same 2 A after the range change")
          .isEqualTo(2_000);
      b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), 1_500, true));
      assertThat(b.bay.state().setAmps()).isEqualTo(1.5);
      assertThat(b.emulator.register(9)).isEqualTo(1_500);
    }
  }

  @Test
  void rd6012p_in_its_6a_range_refuses_more_than_6a_before_writing() throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.RD6012P)) {
      b.emulator.selectCurrentRange(0);
      b.driver.setProtection(b.ceilingMillivolts() + 500, 6_000);
      int writes = b.emulator.writeRequests();
      assertThatThrownBy(
              () -> b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), 7_000, true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("range");
      assertThat(b.emulator.writeRequests()).isEqualTo(writes);
    }
  }

  @Test
  void a_riden_swapped_for_another_model_on_the_same_link_is_refused_within_ten_polls()
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.RD6018)) {
      b.driver.read(); // identifies the RD6018
      b.emulator.swapInUnitReporting(EmulatedModel.RD6006.modelId());
      int polls = 0;
      SupplyException refused = null;
      while (refused == null && polls < 2 * ModbusSupplyDriver.ID_RECHECK_POLLS) {
        polls++;
        try {
          b.driver.read();
        } catch (SupplyException e) {
          refused = e;
        }
      }
      assertThat(refused).isInstanceOf(SupplyException.Fatal.class);
      assertThat(refused)
          .hasMessageContaining("model id " + EmulatedModel.RD6006.modelId())
          .hasMessageContaining("RD6018");
      assertThat(polls).isLessThanOrEqualTo(ModbusSupplyDriver.ID_RECHECK_POLLS);
    }
  }

  @Test
  void a_dps_swapped_for_another_model_is_refused_at_the_next_poll() throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.DPS5005)) {
      b.driver.read();
      b.emulator.swapInUnitReporting(EmulatedModel.DPS5015.modelId());
      assertThatThrownBy(b.driver::read)
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("model id " + EmulatedModel.DPS5015.modelId());
    }
  }

  @Test
  void dps5015_current_is_centiamps_so_two_amps_is_200_counts_not_2000() throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.DPS5015)) {
      b.driver.setProtection(b.ceilingMillivolts() + 500, 2_500);
      b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), 2_000, true));
      assertThat(b.emulator.register(0x01)).isEqualTo(200);
      assertThat(b.bay.state().setAmps()).isEqualTo(2.0);
      assertThat(b.emulator.register(0x53)).as("S-OCP").isEqualTo(250);
    }
  }

  @Test
  void xy_units_are_not_guessed_and_a_wrong_model_is_refused() {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.XY6020L)) {
      SupplyDriver auto = ModbusConnections.open(b.url(), 1, "auto", Duration.ofMillis(250));
      assertThatThrownBy(auto::read)
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("XY");
      auto.close();
      SupplyDriver wrong = ModbusConnections.open(b.url(), 1, "DPS5005", Duration.ofMillis(250));
      assertThatThrownBy(wrong::read)
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("DPS5005");
      wrong.close();
    }
  }

  @Test
  void xy_output_stays_off_while_its_ovp_is_latched() throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.XY6020L)) {
      b.driver.setProtection(b.ceilingMillivolts() + 200, 2_500);
      b.bay.faults().supplyIgnoresVoltageSetpoint(true);
      b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), 2_000, true));
      for (int i = 0; i < 1_000 && b.emulator.register(0x12) == 1; i++) {
        b.advance(Duration.ofSeconds(30));
      }
      assertThat(b.driver.read().protectionName()).isEqualTo("OVP");
      assertThatThrownBy(
              () -> b.driver.apply(new SupplySetpoint(b.ceilingMillivolts(), 2_000, true)))
          .isInstanceOf(SupplyException.Fatal.class)
          .hasMessageContaining("out=0");
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void after_a_silent_spell_output_off_reconnects_rewrites_the_backstop_and_switches_off_once()
      throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.RD6018)) {
      b.driver.setProtection(54_000, 2_500);
      b.driver.apply(new SupplySetpoint(50_000, 2_000, true));
      b.emulator.faults().silent(true);
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(b.driver::read).isInstanceOf(SupplyException.Retriable.class);
      }
      long t0 = System.nanoTime();
      assertThatThrownBy(b.driver::read).isInstanceOf(SupplyException.Retriable.class);
      int writes = b.emulator.writeRequests();
      b.emulator.faults().silent(false);
      b.driver.outputOff();
      // the link dropped, so the driver reconnected: it re-wrote the remembered OVP/OCP (one
      // FC16), then "off" once, which the read-back confirmed
      assertThat(b.emulator.writeRequests() - writes).isEqualTo(2);
      assertThat(b.emulator.register(82)).isEqualTo(5400);
      assertThat(b.bay.state().outputOn()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void backoff_fails_fast_without_touching_the_wire() throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.RD6018)) {
      List<Long> sleeps = new ArrayList<>();
      long[] now = {0};
      ModbusBus bus =
          new ModbusBus(
              "test",
              () ->
                  ModbusRtuClient.create(
                      NettyRtuClientTransport.create(
                          cfg -> {
                            cfg.hostname = "127.0.0.1";
                            cfg.port =
                                b.emulator
                                    .port(); // an MBAP server: RTU requests get no sensible answer
                            cfg.connectPersistent = false;
                          }),
                      cfg -> cfg.requestTimeout = Duration.ofMillis(100)),
              new ModbusBus.Policy(
                  Duration.ZERO, 3, Duration.ofSeconds(10), Duration.ofSeconds(60), 5),
              () -> now[0],
              sleeps::add);
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> bus.readHolding(1, 0, 1, Duration.ZERO, 0, "id"))
            .isInstanceOf(SupplyException.Retriable.class)
            .hasMessageNotContaining("backing off");
      }
      assertThatThrownBy(() -> bus.readHolding(1, 0, 1, Duration.ZERO, 0, "id"))
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("backing off");
      now[0] += Duration.ofSeconds(11).toNanos();
      assertThatThrownBy(() -> bus.readHolding(1, 0, 1, Duration.ZERO, 0, "id"))
          .hasMessageNotContaining("backing off");
      assertThat(bus.clientsCreated()).isEqualTo(1);
      bus.close();
    }
  }

  @Test
  void the_rtu_client_is_rebuilt_after_a_run_of_timeouts() throws Exception {
    try (ModbusSupplyEmulator e =
        ModbusSupplyEmulator.rtuOverTcp(new EmulatedBench.Bay().bay, EmulatedModel.RD6018, 1)) {
      ModbusBus bus =
          new ModbusBus(
              "test",
              () ->
                  ModbusRtuClient.create(
                      NettyRtuClientTransport.create(
                          cfg -> {
                            cfg.hostname = "127.0.0.1";
                            cfg.port = e.port();
                            cfg.connectPersistent = false;
                          }),
                      cfg -> cfg.requestTimeout = Duration.ofMillis(100)),
              new ModbusBus.Policy(Duration.ZERO, 0, Duration.ZERO, Duration.ZERO, 3));
      e.faults().silent(true);
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> bus.readHolding(1, 0, 1, Duration.ZERO, 0, "id"))
            .isInstanceOf(SupplyException.Retriable.class);
      }
      e.faults().silent(false);
      assertThat(bus.readHolding(1, 0, 1, Duration.ZERO, 0, "id")[0]).isEqualTo(60181);
      assertThat(bus.clientsCreated()).isEqualTo(2);
      bus.close();
    }
  }

  @Test
  void the_models_minimum_gap_is_kept_between_requests() throws Exception {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.XY6020L)) {
      List<Long> sleeps = new ArrayList<>();
      long[] now = {0};
      ModbusBus bus =
          new ModbusBus(
              "test",
              () ->
                  com.digitalpetri.modbus.client.ModbusTcpClient.create(
                      com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport.create(
                          cfg -> {
                            cfg.hostname = "127.0.0.1";
                            cfg.port = b.emulator.port();
                            cfg.connectPersistent = false;
                          })),
              ModbusBus.Policy.rtu(),
              () -> now[0],
              sleeps::add);
      bus.readHolding(1, 0, 1, XyModels.TIMING.minGap(), 0, "a");
      now[0] += Duration.ofMillis(20).toNanos();
      bus.readHolding(1, 0, 1, XyModels.TIMING.minGap(), 0, "b");
      now[0] += Duration.ofMillis(80).toNanos();
      bus.readHolding(1, 0, 1, XyModels.TIMING.minGap(), 0, "c");
      assertThat(sleeps).containsExactly(Duration.ofMillis(30).toNanos());
      bus.close();
      sleeps.clear();
      ModbusBus tcp =
          new ModbusBus(
              "tcp",
              () ->
                  com.digitalpetri.modbus.client.ModbusTcpClient.create(
                      com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport.create(
                          cfg -> {
                            cfg.hostname = "127.0.0.1";
                            cfg.port = b.emulator.port();
                            cfg.connectPersistent = false;
                          })),
              ModbusBus.Policy.tcp(Duration.ofMillis(100)),
              () -> now[0],
              sleeps::add);
      tcp.readHolding(1, 0, 1, XyModels.TIMING.minGap(), 0, "a");
      now[0] += Duration.ofMillis(20).toNanos();
      tcp.readHolding(1, 0, 1, XyModels.TIMING.minGap(), 0, "b");
      assertThat(sleeps)
          .as("modbus-tcp: the link's configured gap_ms, not the model's")
          .containsExactly(Duration.ofMillis(80).toNanos());
      tcp.close();
    }
  }
}
