package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.session.NoBmsSettings;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.chargebay.supply.ModbusConnections;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A bay without a BMS end to end: the real runtime against an emulated RD6018 on loopback and a
 * simulated pack without BMS protection, on the virtual clock.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NoBmsEndToEndIT {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  @Test
  void
      a_supply_that_ignores_its_setpoint_is_cut_on_the_pack_voltage_and_the_bms_path_is_not_available() {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    SimulatedBay pack =
        new SimulatedBay(
            clock, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 85.0, 40.0), new Faults());
    pack.withoutBms();
    BaySettings settings =
        BaySettings.of("dumb-1", PROFILE, true).withNoBms(NoBmsSettings.defaults());
    MemoryEventStore store = MemoryEventStore.empty(EventCodec.standard());
    List<ChargeEvent> events = new ArrayList<>();
    try (ModbusSupplyEmulator rd = ModbusSupplyEmulator.tcp(pack, EmulatedModel.RD6018, 1);
        BayRuntime runtime =
            new BayRuntime(
                settings,
                clock,
                ModbusConnections.open(
                    "modbus-tcp://127.0.0.1:" + rd.port(), 1, "auto", Duration.ofMillis(500)),
                new NoBmsClient(),
                store,
                EventCodec.standard(),
                BayRules.decider(settings))) {
      runtime.addListener(
          new BayListener() {
            @Override
            public void onEvents(String id, List<EventEnvelope> stored, List<ChargeEvent> e) {
              events.addAll(e);
            }
          });
      for (int i = 0; i < 50 && runtime.state().phase() != Phase.CC; i++) {
        clock.advance(settings.pollInterval());
        runtime.tick();
      }
      ChargeStarted started = (ChargeStarted) events.get(0);
      assertThat(started.noBms()).isNotNull();
      assertThat(started.noBms().packCeilingMillivolts()).isEqualTo(13 * 4100);
      assertThat(started.noBms().maxChargeSeconds()).isEqualTo(8 * 3600);
      assertThat(started.evidence().bms()).isNull();

      pack.faults().supplyIgnoresVoltageSetpoint(true);
      for (int i = 0; i < 100_000 && runtime.state().phase() != Phase.FAULT; i++) {
        clock.advance(settings.pollInterval());
        runtime.tick();
      }

      CutOff cut =
          events.stream()
              .filter(CutOff.class::isInstance)
              .map(CutOff.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(cut.reason()).isEqualTo(CutOffReason.PACK_OVER_VOLTAGE);
      assertThat(cut.detail()).contains("above the pack ceiling 53300 mV + margin 260 mV");
      assertThat(cut.actions())
          .containsExactly(
              "supply-output-off: confirmed",
              "bms-charge-fet-off: not available: no BMS on this bay (bms.family=none)");
      assertThat(events.get(events.indexOf(cut) + 1)).isInstanceOf(FaultLatched.class);
      assertThat(pack.state().outputOn()).isFalse();
      // caught within one poll of the pack passing the limit: no cell got far
      assertThat(pack.maxCellVoltsSeen()).isLessThan(4.20);
    }
  }
}
