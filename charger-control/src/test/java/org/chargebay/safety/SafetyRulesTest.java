package org.chargebay.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.chargebay.safety.SafetyVerdict.CutOff;
import org.chargebay.safety.SafetyVerdict.Reason;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The rules with history or a second device ({@link SafetyLimits.Rules}): each at its limit and one
 * unit either side, and the history fold that feeds them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SafetyRulesTest {
  private static final int CELLS = 13;
  private static final long NOW = 10_000_000;
  private static final SafetyLimits LIMITS = SafetyLimits.defaults(CELLS, 4150, 2000);
  private static final SafetyLimits.Rules RULES = LIMITS.rules();
  private static final SafetyInputs.Commanded ON = new SafetyInputs.Commanded(53_000, 2000, true);

  private static List<Integer> cells(int each) {
    return new ArrayList<>(Collections.nCopies(CELLS, each));
  }

  private static SafetyInputs.Bms bms(
      List<Integer> cells, int current, Set<String> alarms, int cycles, int remaining) {
    int pack = cells.stream().mapToInt(Integer::intValue).sum();
    return new SafetyInputs.Bms(
        NOW, cells, pack, current, true, List.of(), alarms, cycles, remaining, 10_000);
  }

  private static SafetyInputs.Bms bms(List<Integer> cells, int current) {
    return bms(cells, current, Set.of(), 12, 5_000);
  }

  private static SafetyInputs.Supply supply(int setMv, int setMa, int outMv, int outMa) {
    return new SafetyInputs.Supply(NOW, setMv, setMa, outMv, outMa, true, 0);
  }

  private static SafetyInputs inputs(
      SafetyInputs.Bms bms, SafetyInputs.Supply supply, long chargedMah, SafetyHistory h) {
    return new SafetyInputs(NOW, true, ON, bms, supply, chargedMah, h);
  }

  private static SafetyInputs healthy(SafetyHistory h) {
    return inputs(bms(cells(4000), 2000), supply(53_000, 2000, 52_000, 2000), 0, h);
  }

  private static SafetyHistory history(
      int failedReads, int same, long ceilingSince, int ceilingMa, int toggles, int disagree) {
    return new SafetyHistory(
        NOW - 60_000,
        failedReads,
        null,
        same,
        ceilingSince,
        ceilingMa,
        Collections.nCopies(toggles, NOW),
        disagree,
        null);
  }

  private static SafetyVerdict eval(SafetyInputs in) {
    return SafetySupervisor.evaluate(in, LIMITS);
  }

  private static SafetyVerdict eval(SafetyInputs in, SafetyLimits.Rules rules) {
    return SafetySupervisor.evaluate(in, LIMITS.withRules(rules));
  }

  private static void ok(SafetyVerdict v) {
    assertThat(v).isInstanceOf(SafetyVerdict.Ok.class);
  }

  private static CutOff cut(SafetyVerdict v, Reason reason) {
    assertThat(v).isInstanceOf(CutOff.class);
    assertThat(((CutOff) v).reason()).isEqualTo(reason);
    return (CutOff) v;
  }

  @Test
  void a_healthy_charge_with_the_default_rules_is_ok() {
    ok(eval(healthy(SafetyHistory.NONE)));
  }

  @Test
  void without_rules_none_of_them_runs_and_the_history_stays_empty() {
    SafetyLimits off = LIMITS.withRules(null);
    SafetyInputs in = healthy(history(5, 1000, NOW - 100_000_000, 2000, 50, 10));
    ok(SafetySupervisor.evaluate(in, off));
    assertThat(SafetyHistory.fold(SafetyHistory.NONE, in, true, off)).isEqualTo(SafetyHistory.NONE);
  }

  // ---- dropout and reboot ------------------------------------------------------------------

  @Test
  void no_failed_read_is_ridden_through_by_default_one_tolerated_rides_one_and_cuts_on_two() {
    ok(eval(healthy(history(0, 1, -1, 0, 0, 0))));
    CutOff c = cut(eval(healthy(history(1, 1, -1, 0, 0, 0))), Reason.BMS_DROPOUT);
    assertThat(c.detail()).contains("1 BMS read in a row failed").contains("0 ridden through");
    SafetyLimits.Rules one = RULES.withBmsWatch(150, 1, 4, 60_000);
    ok(eval(healthy(history(1, 1, -1, 0, 0, 0)), one));
    cut(eval(healthy(history(2, 1, -1, 0, 0, 0)), one), Reason.BMS_DROPOUT);
  }

  @Test
  void the_fold_counts_failed_reads_in_a_row_and_a_good_read_resets_them() {
    SafetyInputs stale =
        new SafetyInputs(
            NOW,
            true,
            ON,
            new SafetyInputs.Bms(NOW - 200, cells(4000), 52_000, 2000, true),
            supply(53_000, 2000, 52_000, 2000));
    SafetyHistory h = SafetyHistory.fold(SafetyHistory.NONE, stale, true, LIMITS);
    h = SafetyHistory.fold(h, stale, true, LIMITS);
    assertThat(h.failedReads()).isEqualTo(2);
    assertThat(SafetyHistory.fold(h, healthy(h), false, LIMITS).failedReads()).isZero();
  }

  @Test
  void a_cycle_counter_that_goes_back_by_one_is_a_reboot_the_same_or_higher_is_not() {
    SafetyHistory h =
        SafetyHistory.fold(
            SafetyHistory.NONE,
            inputs(
                bms(cells(4000), 2000, Set.of(), 12, 5_000),
                supply(53_000, 2000, 52_000, 2000),
                0,
                SafetyHistory.NONE),
            false,
            LIMITS);
    for (int cycles : List.of(12, 13)) {
      SafetyInputs in =
          inputs(
              bms(cells(4000), 2000, Set.of(), cycles, 5_000),
              supply(53_000, 2000, 52_000, 2000),
              0,
              h);
      SafetyHistory next = SafetyHistory.fold(h, in, false, LIMITS);
      assertThat(next.reboot()).isNull();
      ok(eval(in.withHistory(next)));
    }
    SafetyInputs back =
        inputs(
            bms(cells(4000), 2000, Set.of(), 11, 5_000), supply(53_000, 2000, 52_000, 2000), 0, h);
    SafetyHistory next = SafetyHistory.fold(h, back, false, LIMITS);
    CutOff c = cut(eval(back.withHistory(next)), Reason.BMS_REBOOTED);
    assertThat(c.detail()).contains("from 12 to 11");
  }

  @Test
  void
      a_coulomb_counter_falling_by_a_tenth_of_the_capacity_while_charging_is_ok_by_one_more_a_reboot() {
    SafetyInputs.Bms before = bms(cells(4000), 2000, Set.of(), 12, 5_000);
    assertThat(SafetyHistory.rebootSign(before, bms(cells(4000), 2000, Set.of(), 12, 4_000)))
        .isNull();
    assertThat(SafetyHistory.rebootSign(before, bms(cells(4000), 2000, Set.of(), 12, 4_001)))
        .isNull();
    assertThat(SafetyHistory.rebootSign(before, bms(cells(4000), 2000, Set.of(), 12, 3_999)))
        .contains("from 5000 mAh to 3999 mAh");
  }

  // ---- BMS alarm bits ----------------------------------------------------------------------

  @Test
  void
      over_voltage_over_temperature_and_charge_over_current_alarms_cut_at_once_status_bits_do_not() {
    for (String alarm :
        List.of(
            "CELL_OVERVOLTAGE",
            "PACK_OVERVOLTAGE",
            "CHARGE_OVERTEMPERATURE",
            "BATTERY_OVERTEMPERATURE",
            "CHARGE_OVERCURRENT")) {
      SafetyInputs in =
          inputs(
              bms(cells(4000), 2000, Set.of(alarm), 12, 5_000),
              supply(53_000, 2000, 52_000, 2000),
              0,
              SafetyHistory.NONE);
      assertThat(cut(eval(in), Reason.BMS_ALARM).detail()).contains(alarm);
    }
    ok(
        eval(
            inputs(
                bms(cells(4000), 2000, Set.of("BATTERY_FULL", "CELL_UNDERVOLTAGE"), 12, 5_000),
                supply(53_000, 2000, 52_000, 2000),
                0,
                SafetyHistory.NONE)));
  }

  // ---- setpoint read-back ------------------------------------------------------------------

  @Test
  void
      a_voltage_setpoint_read_back_at_the_tolerance_is_ok_one_millivolt_beyond_either_way_is_cut() {
    int tol = RULES.setpointToleranceMillivolts();
    assertThat(tol).isEqualTo(269); // 0.5 % of 13 x 4.15 V
    ok(
        eval(
            inputs(
                bms(cells(4000), 2000),
                supply(53_000 + tol, 2000, 52_000, 2000),
                0,
                SafetyHistory.NONE)));
    ok(
        eval(
            inputs(
                bms(cells(4000), 2000),
                supply(53_000 - tol, 2000, 52_000, 2000),
                0,
                SafetyHistory.NONE)));
    CutOff c =
        cut(
            eval(
                inputs(
                    bms(cells(4000), 2000),
                    supply(53_000 + tol + 1, 2000, 52_000, 2000),
                    0,
                    SafetyHistory.NONE)),
            Reason.SETPOINT_MISMATCH);
    assertThat(c.detail()).contains("53270 mV").contains("53000 mV");
    cut(
        eval(
            inputs(
                bms(cells(4000), 2000),
                supply(53_000 - tol - 1, 2000, 52_000, 2000),
                0,
                SafetyHistory.NONE)),
        Reason.SETPOINT_MISMATCH);
  }

  @Test
  void a_current_setpoint_read_back_at_the_tolerance_is_ok_one_milliamp_beyond_is_cut() {
    int tol = RULES.setpointToleranceMilliamps();
    ok(
        eval(
            inputs(
                bms(cells(4000), 2000),
                supply(53_000, 2000 + tol, 52_000, 2000),
                0,
                SafetyHistory.NONE)));
    cut(
        eval(
            inputs(
                bms(cells(4000), 2000),
                supply(53_000, 2000 - tol - 1, 52_000, 2000),
                0,
                SafetyHistory.NONE)),
        Reason.SETPOINT_MISMATCH);
    // a supply that does not read its current setpoint back is judged on its voltage only
    ok(
        eval(
            inputs(
                bms(cells(4000), 2000), supply(53_000, -1, 52_000, 2000), 0, SafetyHistory.NONE)));
  }

  // ---- supply against BMS ------------------------------------------------------------------

  private static SafetyHistory foldTimes(int n, SafetyInputs in) {
    SafetyHistory h = SafetyHistory.NONE;
    for (int i = 0; i < n; i++) {
      h = SafetyHistory.fold(h, in.withHistory(h), false, LIMITS);
    }
    return h;
  }

  @Test
  void
      supply_and_bms_voltages_apart_by_the_wiring_drop_are_ok_one_millivolt_more_for_three_polls_is_cut() {
    int tol = RULES.supplyBmsToleranceMillivolts();
    assertThat(tol).isEqualTo(1500);
    SafetyInputs at =
        inputs(
            bms(cells(4000), 2000),
            supply(53_000, 2000, 52_000 + tol, 2000),
            0,
            SafetyHistory.NONE);
    ok(eval(at.withHistory(foldTimes(5, at))));
    SafetyInputs beyond =
        inputs(
            bms(cells(4000), 2000),
            supply(53_000, 2000, 52_000 + tol + 1, 2000),
            0,
            SafetyHistory.NONE);
    ok(eval(beyond.withHistory(foldTimes(SafetyHistory.SUPPLY_BMS_POLLS - 1, beyond))));
    CutOff c =
        cut(
            eval(beyond.withHistory(foldTimes(SafetyHistory.SUPPLY_BMS_POLLS, beyond))),
            Reason.SUPPLY_BMS_MISMATCH);
    assertThat(c.detail()).contains("53501 mV").contains("52000 mV").contains("3 polls");
    SafetyInputs below =
        inputs(
            bms(cells(4000), 2000),
            supply(53_000, 2000, 52_000 - tol - 1, 2000),
            0,
            SafetyHistory.NONE);
    cut(eval(below.withHistory(foldTimes(3, below))), Reason.SUPPLY_BMS_MISMATCH);
  }

  @Test
  void supply_and_bms_currents_apart_by_the_tolerance_are_ok_one_milliamp_more_is_cut() {
    int tol = RULES.supplyBmsToleranceMilliamps();
    SafetyInputs at =
        inputs(
            bms(cells(4000), 2000 - tol),
            supply(53_000, 2000, 52_000, 2000),
            0,
            SafetyHistory.NONE);
    ok(eval(at.withHistory(foldTimes(5, at))));
    SafetyInputs beyond =
        inputs(
            bms(cells(4000), 2000 - tol - 1),
            supply(53_000, 2000, 52_000, 2000),
            0,
            SafetyHistory.NONE);
    cut(eval(beyond.withHistory(foldTimes(3, beyond))), Reason.SUPPLY_BMS_MISMATCH);
    // a relay-switched charger measures nothing (0 V): not compared
    SafetyInputs relay =
        inputs(bms(cells(4000), 2000), supply(53_000, 2000, 0, 0), 0, SafetyHistory.NONE);
    ok(eval(relay.withHistory(foldTimes(5, relay))));
  }

  // ---- frozen BMS --------------------------------------------------------------------------

  @Test
  void the_same_cells_and_current_for_one_reading_less_than_the_limit_is_ok_at_the_limit_frozen() {
    int n = RULES.frozenSamples();
    ok(eval(healthy(history(0, n - 1, -1, 0, 0, 0))));
    CutOff c = cut(eval(healthy(history(0, n, -1, 0, 0, 0))), Reason.BMS_FROZEN);
    assertThat(c.detail()).contains(n + " BMS readings").contains("2000 mA");
  }

  @Test
  void the_fold_counts_identical_readings_while_current_flows_and_jitter_starts_over() {
    SafetyHistory h = SafetyHistory.NONE;
    for (int i = 0; i < 5; i++) {
      h = SafetyHistory.fold(h, healthy(h), false, LIMITS);
    }
    assertThat(h.sameReadings()).isEqualTo(5);
    List<Integer> jitter = cells(4000);
    jitter.set(3, 4001);
    SafetyInputs moved = inputs(bms(jitter, 2000), supply(53_000, 2000, 52_000, 2000), 0, h);
    assertThat(SafetyHistory.fold(h, moved, false, LIMITS).sameReadings()).isEqualTo(1);
    SafetyInputs idle = inputs(bms(cells(4000), 100), supply(53_000, 2000, 52_000, 100), 0, h);
    assertThat(SafetyHistory.fold(h, idle, false, LIMITS).sameReadings())
        .as("no current flows: a still pack is no frozen BMS")
        .isZero();
  }

  // ---- flapping alarms ---------------------------------------------------------------------

  @Test
  void one_toggle_less_than_the_limit_within_the_window_is_ok_at_the_limit_the_alarms_latch() {
    int n = RULES.flapToggles();
    ok(eval(healthy(history(0, 1, -1, 0, n - 1, 0))));
    cut(eval(healthy(history(0, 1, -1, 0, n, 0))), Reason.ALARMS_FLAPPING);
  }

  @Test
  void the_fold_counts_alarm_toggles_and_forgets_those_older_than_the_window() {
    SafetyInputs quiet = healthy(SafetyHistory.NONE);
    SafetyInputs alarmed =
        inputs(
            bms(cells(4000), 2000, Set.of("SHORT_CIRCUIT"), 12, 5_000),
            supply(53_000, 2000, 52_000, 2000),
            0,
            SafetyHistory.NONE);
    SafetyHistory h = SafetyHistory.fold(SafetyHistory.NONE, quiet, false, LIMITS);
    h = SafetyHistory.fold(h, alarmed.withHistory(h), false, LIMITS);
    h = SafetyHistory.fold(h, quiet.withHistory(h), false, LIMITS);
    assertThat(h.alarmToggleMillis()).hasSize(2);
    long window = RULES.flapWindowMillis();
    SafetyHistory old =
        new SafetyHistory(
            NOW - 100_000,
            0,
            quiet.bms(),
            1,
            -1,
            0,
            List.of(NOW - window - 1, NOW - window),
            0,
            null);
    assertThat(SafetyHistory.fold(old, quiet.withHistory(old), false, LIMITS).alarmToggleMillis())
        .containsExactly(NOW - window);
  }

  // ---- no taper ----------------------------------------------------------------------------

  @Test
  void current_just_below_half_of_the_ceiling_current_after_the_window_is_ok_at_half_it_is_cut() {
    long window = RULES.noTaperWindowMillis();
    SafetyHistory h = history(0, 1, NOW - window, 2000, 0, 0);
    List<Integer> full = cells(4140);
    ok(eval(inputs(bms(full, 999), supply(53_000, 2000, 53_500, 999), 0, h)));
    CutOff c =
        cut(
            eval(inputs(bms(full, 1000), supply(53_000, 2000, 53_500, 1000), 0, h)),
            Reason.NO_TAPER);
    assertThat(c.detail()).contains("1000 mA").contains("2000 mA").contains("4150 mV");
    SafetyHistory early = history(0, 1, NOW - window + 1, 2000, 0, 0);
    ok(eval(inputs(bms(full, 2000), supply(53_000, 2000, 53_500, 2000), 0, early)));
  }

  @Test
  void the_window_starts_when_the_highest_cell_reaches_the_ceiling_band() {
    int band = RULES.ceilingBandMillivolts();
    List<Integer> below = cells(4100);
    below.set(2, 4150 - band - 1);
    SafetyInputs in =
        inputs(bms(below, 2000), supply(53_000, 2000, 53_300, 2000), 0, SafetyHistory.NONE);
    assertThat(SafetyHistory.fold(SafetyHistory.NONE, in, false, LIMITS).ceilingSinceMillis())
        .isEqualTo(-1);
    List<Integer> at = cells(4100);
    at.set(2, 4150 - band);
    SafetyInputs reached =
        inputs(bms(at, 1900), supply(53_000, 2000, 53_300, 1900), 0, SafetyHistory.NONE);
    SafetyHistory h = SafetyHistory.fold(SafetyHistory.NONE, reached, false, LIMITS);
    assertThat(h.ceilingSinceMillis()).isEqualTo(NOW);
    assertThat(h.ceilingMilliamps()).isEqualTo(1900);
  }

  // ---- charge budget and time --------------------------------------------------------------

  @Test
  void charge_at_the_budget_is_ok_one_milliamp_hour_more_is_cut() {
    // the BMS's design capacity 10 Ah x 1.1
    ok(
        eval(
            inputs(
                bms(cells(4000), 2000),
                supply(53_000, 2000, 52_000, 2000),
                11_000,
                SafetyHistory.NONE)));
    CutOff c =
        cut(
            eval(
                inputs(
                    bms(cells(4000), 2000),
                    supply(53_000, 2000, 52_000, 2000),
                    11_001,
                    SafetyHistory.NONE)),
            Reason.CHARGE_BUDGET_EXCEEDED);
    assertThat(c.detail()).contains("11001 mAh").contains("11000 mAh");
    SafetyLimits.Rules configured = RULES.withBudget(1000, 5_000, null);
    ok(
        eval(
            inputs(
                bms(cells(4000), 2000),
                supply(53_000, 2000, 52_000, 2000),
                5_000,
                SafetyHistory.NONE),
            configured));
    cut(
        eval(
            inputs(
                bms(cells(4000), 2000),
                supply(53_000, 2000, 52_000, 2000),
                5_001,
                SafetyHistory.NONE),
            configured),
        Reason.CHARGE_BUDGET_EXCEEDED);
  }

  @Test
  void charging_as_long_as_the_limit_is_ok_one_millisecond_longer_is_cut() {
    SafetyLimits.Rules hour = RULES.withBudget(1100, null, 3_600_000L);
    SafetyHistory at = new SafetyHistory(NOW - 3_600_000, 0, null, 1, -1, 0, List.of(), 0, null);
    SafetyHistory over = new SafetyHistory(NOW - 3_600_001, 0, null, 1, -1, 0, List.of(), 0, null);
    ok(eval(healthy(at), hour));
    cut(eval(healthy(over), hour), Reason.CHARGE_TIME_EXCEEDED);
  }

  @Test
  void time_the_site_holds_at_zero_does_not_count_and_time_at_half_the_current_counts_half() {
    SafetyLimits hourLimits = LIMITS.withRules(RULES.withBudget(1100, null, 3_600_000L));
    long t0 = 1_700_000_000_000L;
    // polls every 10 s: 4 h held at 0 mA (a depot waiting for its night slot), then 1 h at half
    // the profile's current (the cap shared), then at the full current
    SafetyHistory h = SafetyHistory.NONE;
    long t = t0;
    for (; t < t0 + 4 * 3_600_000L; t += 10_000) {
      h = SafetyHistory.fold(h, polled(t, 0, 0), false, hourLimits);
    }
    assertThat(h.chargeMillisAt(t)).as("held at 0 mA").isZero();
    for (; t < t0 + 5 * 3_600_000L; t += 10_000) {
      h = SafetyHistory.fold(h, polled(t, 1000, 1000), false, hourLimits);
    }
    assertThat(h.chargeMillisAt(t)).as("an hour at half the current").isEqualTo(1_800_000);
    for (; t < t0 + 5 * 3_600_000L + 1_800_000; t += 10_000) {
      h = SafetyHistory.fold(h, polled(t, 2000, 2000), false, hourLimits);
    }
    assertThat(h.chargeMillisAt(t)).isEqualTo(3_600_000);
    assertThat(SafetySupervisor.evaluate(polled(t, 2000, 2000).withHistory(h), hourLimits))
        .isInstanceOf(SafetyVerdict.Ok.class);
    h = SafetyHistory.fold(h, polled(t + 10, 2000, 2000), false, hourLimits);
    CutOff c =
        cut(
            SafetySupervisor.evaluate(polled(t + 11, 2000, 2000).withHistory(h), hourLimits),
            Reason.CHARGE_TIME_EXCEEDED);
    assertThat(c.detail())
        .isEqualTo(
            "charging for 3600 s, above the limit of 3600 s (19800 s since the start, held below"
                + " its current by the site)");
    // without a site the same wall-clock time counts in full
    SafetyHistory free = SafetyHistory.NONE;
    for (long u = t0; u <= t0 + 3_600_000L; u += 10_000) {
      free = SafetyHistory.fold(free, polled(u, 2000, null), false, hourLimits);
    }
    assertThat(free.chargeMillisAt(t0 + 3_600_001L)).isEqualTo(3_600_001L);
  }

  /** A poll at {@code t} of a bay charging at {@code milliamps} under a site allocation. */
  private static SafetyInputs polled(long t, int milliamps, Integer allocation) {
    List<Integer> c = cells(4000);
    c.set(0, 4000 + (int) (t / 10_000 % 5)); // a real BMS jitters (else it is a frozen one)
    return new SafetyInputs(
            t,
            true,
            new SafetyInputs.Commanded(53_000, milliamps, true),
            new SafetyInputs.Bms(
                t, c, 4000 * CELLS, milliamps, true, List.of(), Set.of(), 12, 5_000, 10_000),
            new SafetyInputs.Supply(t, 53_000, milliamps, 4000 * CELLS, milliamps, true, 0),
            0,
            SafetyHistory.NONE)
        .withAllocation(allocation);
  }

  @Test
  void the_automatic_charge_time_is_two_hours_plus_twice_the_budget_at_the_charge_current() {
    // 10 Ah x 1.1 at 2 A = 5.5 h, twice that plus 2 h = 13 h
    assertThat(RULES.maxChargeMillis(10_000, 2000)).isEqualTo(13 * 3_600_000L);
    assertThat(RULES.maxChargeMillis(0, 2000)).isEqualTo(24 * 3_600_000L);
  }

  // ---- bounds ------------------------------------------------------------------------------

  @Test
  void thresholds_outside_their_safe_bounds_are_refused_naming_the_field() {
    assertThatThrownBy(() -> RULES.withNoTaper(901, 1_800_000))
        .hasMessageContaining("noTaperPermille must be 100..900, was 901");
    assertThatThrownBy(() -> RULES.withBudget(1501, null, null))
        .hasMessageContaining("chargeBudgetPermille");
    assertThatThrownBy(() -> RULES.withBmsWatch(2, 0, 4, 60_000))
        .hasMessageContaining("frozenSamples must be 3..600, was 2");
    assertThatThrownBy(() -> RULES.withBmsWatch(150, 4, 4, 60_000))
        .hasMessageContaining("bmsDropoutReads");
    assertThat(RULES.withNoTaper(900, 7_200_000).noTaperPermille()).isEqualTo(900);
  }
}
