package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.ChargeFetUnavailableException;
import org.chargebay.bms.MosfetReadBackException;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.PathOutcome;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Both cut-off paths, each confirmed or not on its own: a BMS that ignores its charge-MOSFET
 * command ({@code bms-fet-ignored}), a BMS without one, and the retry of a failed path on every
 * poll, on a virtual clock with devices that do as told.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CutPathRetryTest {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 2, 4150, 2000, 100);

  /** The controller clock: moved by the test, one poll at a time. */
  private static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-12-05T08:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /**
   * A 2S pack's BMS whose cells the test sets, and that ignores a number of MOSFET-off commands.
   */
  private static final class Bms implements BmsClient {
    int cellMillivolts = 4000;
    int currentMilliamps;
    boolean chargeFet = true;
    int ignoreOff;
    boolean noMosfetCommand;
    int failReads;
    int cycles = 12;
    final List<Boolean> commands = new ArrayList<>();

    BmsSnapshot snapshot() {
      return new BmsSnapshot(
          List.of(cellMillivolts, cellMillivolts),
          2 * cellMillivolts,
          currentMilliamps,
          50,
          List.of(),
          chargeFet,
          true,
          0,
          0,
          cycles,
          5_000,
          10_000,
          2);
    }

    @Override
    public BmsSnapshot read() throws BmsException {
      if (failReads > 0) {
        failReads--;
        throw new BmsException("no reply within 300 ms");
      }
      return snapshot();
    }

    @Override
    public void setChargeFet(boolean on) throws BmsException {
      commands.add(on);
      if (noMosfetCommand) {
        throw new ChargeFetUnavailableException("this board has no charge-MOSFET command");
      }
      if (!on && ignoreOff > 0) {
        ignoreOff--;
        throw new MosfetReadBackException(
            "BMS did not switch the charge MOSFET off: the read-back shows it on", on, snapshot());
      }
      chargeFet = on;
    }

    @Override
    public void close() {}
  }

  /** A supply that obeys, reads back what it was told, and feeds the pack through the BMS. */
  private static final class Supply implements SupplyDriver {
    final Bms bms;
    SupplySetpoint set = new SupplySetpoint(0, 0, false);

    Supply(Bms bms) {
      this.bms = bms;
    }

    @Override
    public SupplyReading read() {
      int ma = set.outputOn() && bms.chargeFet ? Math.min(set.milliamps(), 1000) : 0;
      bms.currentMilliamps = ma;
      int mv = set.outputOn() ? 2 * bms.cellMillivolts + 50 : 0;
      return new SupplyReading(
          "TEST", set.millivolts(), set.milliamps(), mv, ma, 0, 0, set.outputOn(), true, 0);
    }

    @Override
    public void apply(SupplySetpoint setpoint) {
      set = setpoint;
    }

    @Override
    public void outputOff() {
      set = new SupplySetpoint(set.millivolts(), set.milliamps(), false);
    }

    @Override
    public void setProtection(int ovpMillivolts, int ocpMilliamps) {}

    @Override
    public SupplyCapabilities capabilities() {
      throw new UnsupportedOperationException("not known");
    }

    @Override
    public Optional<SupplyCapabilities> knownCapabilities() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }

  private final StepClock clock = new StepClock();
  private final Bms bms = new Bms();
  private final Supply supply = new Supply(bms);
  private final MemoryEventStore store = new MemoryEventStore(EventCodec.standard(), List.of());
  private final BaySettings settings = BaySettings.of("r1", PROFILE, false);
  private final BayRuntime bay =
      new BayRuntime(
          settings, clock, supply, bms, store, EventCodec.standard(), BayRules.decider(settings));
  private final List<String> confirmed = new ArrayList<>();

  CutPathRetryTest() {
    bay.addListener(
        new BayListener() {
          @Override
          public void onCutPathConfirmed(String bayId, String path, int retries) {
            confirmed.add(path + " after " + retries);
          }
        });
  }

  private void tick() {
    clock.now = clock.now.plusMillis(200);
    bay.tick();
  }

  private List<ChargeEvent> events() {
    return store.readStream(settings.streamId(), 1).stream()
        .map(EventCodec.standard()::decode)
        .toList();
  }

  private CutOff chargeThenOverVoltage() {
    tick();
    bay.start("s1", PROFILE);
    for (int i = 0; i < 5; i++) {
      tick();
    }
    assertThat(bay.state().phase().charging()).isTrue();
    bms.cellMillivolts = 4171; // above 4150 + 20 mV
    tick();
    assertThat(bay.state().phase()).isEqualTo(Phase.FAULT);
    return events().stream()
        .filter(CutOff.class::isInstance)
        .map(CutOff.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_bms_that_ignores_its_mosfet_command_leaves_the_supply_path_alone_to_cut_and_says_failed() {
    bms.ignoreOff = 1_000;

    CutOff cut = chargeThenOverVoltage();

    assertThat(cut.reason()).isEqualTo(CutOffReason.CELL_OVER_VOLTAGE);
    assertThat(cut.paths())
        .extracting(PathOutcome::path, PathOutcome::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("supply-output-off", PathOutcome.Result.CONFIRMED),
            org.assertj.core.groups.Tuple.tuple("bms-charge-fet-off", PathOutcome.Result.FAILED));
    assertThat(cut.paths().get(1).detail()).contains("read-back shows it on");
    assertThat(supply.set.outputOn()).isFalse();
    assertThat(bms.chargeFet).isTrue();
  }

  @Test
  void a_failed_path_is_retried_on_every_poll_until_it_is_confirmed_and_then_no_more() {
    bms.ignoreOff = 3; // the cut's own command and two retries are ignored

    chargeThenOverVoltage();
    int afterCut = bms.commands.size();
    assertThat(bay.failedCutPaths()).containsExactly("bms-charge-fet-off");

    tick();
    tick();
    assertThat(bms.commands.size() - afterCut).isEqualTo(2);
    assertThat(bay.failedCutPaths()).containsExactly("bms-charge-fet-off");
    assertThat(confirmed).isEmpty();
    assertThat(bay.status().lastError()).contains("bms-charge-fet-off: failed").contains("retry 2");

    tick();
    assertThat(bms.chargeFet).isFalse();
    assertThat(bay.failedCutPaths()).isEmpty();
    assertThat(confirmed).containsExactly("bms-charge-fet-off after 3");

    int done = bms.commands.size();
    for (int i = 0; i < 10; i++) {
      tick();
    }
    assertThat(bms.commands).hasSize(done);
    assertThat(bay.state().phase()).as("latched until acknowledged").isEqualTo(Phase.FAULT);
  }

  @Test
  void a_bms_without_a_mosfet_command_is_not_available_and_not_retried() {
    bms.noMosfetCommand = true;

    CutOff cut = chargeThenOverVoltage();

    assertThat(cut.paths().get(1).result()).isEqualTo(PathOutcome.Result.NOT_AVAILABLE);
    assertThat(cut.actions().get(1)).startsWith("bms-charge-fet-off: not available: ");
    assertThat(bay.failedCutPaths()).isEmpty();
    int after = bms.commands.size();
    tick();
    tick();
    assertThat(bms.commands.size() - after)
        .as("only the latched fault's own re-opening of a closed MOSFET, not a retry")
        .isLessThanOrEqualTo(2);
  }

  @Test
  void a_bms_that_drops_out_is_cut_at_once_and_reported_rebooted_when_it_comes_back_reset() {
    tick();
    bay.start("s1", PROFILE);
    for (int i = 0; i < 5; i++) {
      tick();
    }
    assertThat(bay.state().phase().charging()).isTrue();

    bms.failReads = 2;
    tick();
    assertThat(bay.state().phase()).isEqualTo(Phase.FAULT);
    assertThat(bay.state().fault()).isEqualTo(CutOffReason.BMS_DROPOUT);
    tick();
    bms.cycles = 0; // it restarted: its counters start over
    tick();

    List<CutOff> cuts =
        events().stream().filter(CutOff.class::isInstance).map(CutOff.class::cast).toList();
    assertThat(cuts)
        .extracting(CutOff::reason)
        .containsExactly(CutOffReason.BMS_DROPOUT, CutOffReason.BMS_REBOOTED);
    assertThat(cuts.get(1).detail()).contains("from 12 to 0").contains("after it dropped out");
    assertThat(events().stream().filter(e -> e instanceof org.chargebay.events.FaultLatched))
        .hasSize(1);
    assertThat(bay.state().phase()).as("latched until acknowledged").isEqualTo(Phase.FAULT);
    int n = events().size();
    tick();
    tick();
    assertThat(events()).as("reported once").hasSize(n);
  }
}
