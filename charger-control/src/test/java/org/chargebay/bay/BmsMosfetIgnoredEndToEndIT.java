package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CutOff;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.Phase;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.serial.StreamEmulator;
import org.chargebay.simulator.serial.StreamEmulator.MosfetCommand;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cut-off whose BMS path fails silently on the wire: the board acknowledges the charge-MOSFET
 * command but does not carry it out. Only the read-back after the command can tell, and the journal
 * must say so.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BmsMosfetIgnoredEndToEndIT {

  /** JBD 0xE1 data byte 0x01 as the emulator decodes it: charge off, discharge on. */
  private static final MosfetCommand CHARGE_OFF_IGNORED = new MosfetCommand(false, true, false);

  @TempDir Path dir;

  private static PackModel nearlyFullPack() {
    return PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 85.0, 40.0);
  }

  @Test
  void
      a_bms_that_acknowledges_but_ignores_charge_fet_off_is_recorded_as_a_failed_path_and_the_fault_latches() {
    try (BenchHarness h = BenchHarness.withFaultInjectingBms(dir, nearlyFullPack())) {
      StreamEmulator bms = h.faultyBms;
      bms.faults().ignoreMosfetCommands(true);
      h.bench.faults().supplyIgnoresVoltageSetpoint(true);

      h.runUntil(r -> r.state().phase() == Phase.FAULT, Duration.ofHours(2));

      List<ChargeEvent> events = h.events();
      List<CutOff> cutOffs =
          events.stream().filter(CutOff.class::isInstance).map(CutOff.class::cast).toList();
      assertThat(cutOffs).hasSize(1);
      CutOff cut = cutOffs.get(0);
      assertThat(cut.reason().name()).isEqualTo("CELL_OVER_VOLTAGE");
      assertThat(cut.actions())
          .containsExactly(
              "supply-output-off: confirmed",
              "bms-charge-fet-off: failed: JBD BMS on "
                  + h.bmsUrl
                  + " did not switch the charge MOSFET off: the read-back shows it on");

      assertThat(cut.paths())
          .extracting(p -> p.path() + " " + p.result())
          .containsExactly("supply-output-off CONFIRMED", "bms-charge-fet-off FAILED");

      ChargeEvent next = events.get(events.indexOf(cut) + 1);
      assertThat(next).isInstanceOf(FaultLatched.class);
      FaultLatched latched = (FaultLatched) next;
      assertThat(latched.sessionId()).isEqualTo(cut.sessionId());
      assertThat(latched.reason().name()).isEqualTo("CELL_OVER_VOLTAGE");
      assertThat(latched.at()).isEqualTo(cut.at());
      assertThat(h.runtime.state().phase()).isEqualTo(Phase.FAULT);
      assertThat(h.runtime.status().fault()).contains("CELL_OVER_VOLTAGE");

      // the supply path is off; the BMS got the command, acknowledged it and did not switch
      assertThat(h.bench.supply().register(18)).as("RD60xx output register").isZero();
      assertThat(bms.mosfetCommands()).containsExactly(CHARGE_OFF_IGNORED);
      assertThat(h.bench.bay().snapshot().chargeFet()).isTrue();

      // the fault stays latched: more polls add no events, keep the output off, and keep
      // commanding the charge MOSFET off while the BMS reports it on
      int eventsBefore = events.size();
      for (int i = 0; i < 25; i++) {
        h.tick();
      }
      assertThat(h.events()).hasSize(eventsBefore);
      assertThat(h.runtime.status().phase()).isEqualTo(Phase.FAULT);
      assertThat(h.runtime.status().currentAmps()).isZero();
      assertThat(h.bench.supply().register(18)).isZero();
      assertThat(bms.mosfetCommands()).hasSizeGreaterThan(1).containsOnly(CHARGE_OFF_IGNORED);
      // the failed path is retried on every poll (cycle revision 2), and says so
      assertThat(bms.mosfetCommands()).hasSize(26);
      assertThat(h.runtime.failedCutPaths()).containsExactly("bms-charge-fet-off");
      assertThat(h.runtime.status().lastError())
          .isEqualTo(
              "cut-off path bms-charge-fet-off: failed: JBD BMS on "
                  + h.bmsUrl
                  + " did not switch the charge MOSFET off: the read-back shows it on (retry 25)");
    }
  }
}
