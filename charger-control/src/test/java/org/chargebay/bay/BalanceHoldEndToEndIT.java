package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.chargebay.events.BalanceHoldStarted;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CutOff;
import org.chargebay.events.Phase;
import org.chargebay.events.RampDownStarted;
import org.chargebay.events.SetpointChanged;
import org.chargebay.session.BalanceSettings;
import org.chargebay.session.DeciderSettings;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The balance hold end to end on the virtual clock (real Modbus TCP, real JBD frames, a real SQLite
 * journal): an imbalanced pack whose simulated BMS balances actively is held at the ceiling until
 * its cells are within 10 mV, or until the hold's timeout when the balancer is too weak; the end
 * ramps the current down before the output opens.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BalanceHoldEndToEndIT {
  @TempDir Path dir;

  /** 13S NMC, 2 Ah, 30 mOhm, at 88 % with the cells spread over 60 mV. */
  private static PackModel imbalanced() {
    return PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 88.0, 60.0);
  }

  private static BenchHarness holding(Path dir, double balancerAmps, Duration holdTimeout) {
    BenchHarness h = new BenchHarness(dir, imbalanced());
    h.runtime.close();
    h.decider =
        DeciderSettings.defaults()
            .withRampDownSteps(DeciderSettings.RAMP_DOWN_STEPS)
            .withBalance(new BalanceSettings(BalanceSettings.Balancer.ACTIVE, 4100, holdTimeout));
    h.bench
        .bay()
        .setActiveBalancer(new SimulatedBay.ActiveBalancer(balancerAmps, 0.9, 4.10, 0.003));
    h.runtime = h.newRuntime(true);
    return h;
  }

  private static <T> List<T> of(List<ChargeEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static int delta(BayRuntime r) {
    var s = r.status();
    return (int) Math.round((s.cellMaxVolts() - s.cellMinVolts()) * 1000);
  }

  @Test
  void an_active_balancer_is_given_the_time_to_bring_the_cells_within_10_mv() {
    try (BenchHarness h = holding(dir, 0.5, Duration.ofHours(2))) {
      h.runUntil(r -> r.state().phase() == Phase.COMPLETE, Duration.ofHours(4));
      List<ChargeEvent> events = h.events();
      assertThat(events).noneMatch(CutOff.class::isInstance);
      BalanceHoldStarted hold = of(events, BalanceHoldStarted.class).get(0);
      assertThat(hold.deltaMillivolts()).isGreaterThan(10);
      RampDownStarted end = of(events, RampDownStarted.class).get(0);
      assertThat(end.reason()).startsWith("balanced: the cells within ");
      ChargeCompleted done = of(events, ChargeCompleted.class).get(0);
      assertThat(done.at()).isBefore(hold.until());
      assertThat(
              done.evidence().bms().cellMaxMillivolts() - done.evidence().bms().cellMinMillivolts())
          .isLessThanOrEqualTo(10);
      // the ramp: three lower currents, one per poll, before the output opened
      List<SetpointChanged> ramp =
          of(events, SetpointChanged.class).stream()
              .filter(sp -> sp.cause().startsWith("ramp-down "))
              .toList();
      assertThat(ramp).hasSize(3);
      assertThat(ramp)
          .extracting(SetpointChanged::milliamps)
          .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
      assertThat(h.bench.bay().maxCellVoltsSeen()).isLessThanOrEqualTo(4.155);
      System.out.printf(
          "balance hold: from %d mV, held %d s, ended at %d mV%n",
          hold.deltaMillivolts(),
          Duration.between(hold.at(), done.at()).toSeconds(),
          delta(h.runtime));
    }
  }

  @Test
  void a_balancer_too_weak_for_the_spread_ends_the_hold_at_its_timeout() {
    try (BenchHarness h = holding(dir, 0.002, Duration.ofMinutes(10))) {
      h.runUntil(r -> r.state().phase() == Phase.COMPLETE, Duration.ofHours(3));
      List<ChargeEvent> events = h.events();
      assertThat(events).noneMatch(CutOff.class::isInstance);
      BalanceHoldStarted hold = of(events, BalanceHoldStarted.class).get(0);
      assertThat(hold.deltaMillivolts()).isGreaterThan(10);
      ChargeCompleted done = of(events, ChargeCompleted.class).get(0);
      // at the timeout, within a poll; with the highest cell resting at the ceiling nothing flows,
      // so there is nothing to ramp (a ramp would name the timeout as its reason)
      assertThat(done.at()).isAfterOrEqualTo(hold.until());
      assertThat(Duration.between(hold.until(), done.at())).isLessThanOrEqualTo(BenchHarness.POLL);
      of(events, RampDownStarted.class)
          .forEach(
              r -> assertThat(r.reason()).startsWith("balance hold timed out with the cells "));
      assertThat(
              done.evidence().bms().cellMaxMillivolts() - done.evidence().bms().cellMinMillivolts())
          .isGreaterThan(10);
      assertThat(h.bench.bay().maxCellVoltsSeen()).isLessThanOrEqualTo(4.155);
    }
  }
}
