package org.chargebay.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.chargebay.safety.SafetyVerdict.CutOff;
import org.chargebay.safety.SafetyVerdict.Reason;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Every limit at the limit and one milli-unit either side. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SafetySupervisorTest {
  private static final int CELLS = 13;
  private static final long NOW = 100_000;
  private static final SafetyLimits LIMITS = SafetyLimits.defaults(CELLS, 4150, 2000);
  private static final SafetyInputs.Commanded ON = new SafetyInputs.Commanded(53_000, 2000, true);
  private static final SafetyInputs.Commanded OFF = new SafetyInputs.Commanded(0, 0, false);

  private static List<Integer> cells(int each) {
    return new ArrayList<>(Collections.nCopies(CELLS, each));
  }

  private static SafetyInputs.Bms bms(List<Integer> cells, int current, long at) {
    int pack = cells.stream().mapToInt(Integer::intValue).sum();
    return new SafetyInputs.Bms(at, cells, pack, current, true);
  }

  private static SafetyInputs.Supply supply(int outMv, int outMa, boolean on, long at) {
    return new SafetyInputs.Supply(at, 53_000, outMv, outMa, on, 0);
  }

  private static SafetyInputs charging(List<Integer> cells) {
    return new SafetyInputs(NOW, true, ON, bms(cells, 2000, NOW), supply(52_000, 2000, true, NOW));
  }

  private static SafetyVerdict eval(SafetyInputs in) {
    return SafetySupervisor.evaluate(in, LIMITS);
  }

  private static Reason reasonOf(SafetyVerdict v) {
    assertThat(v).isInstanceOf(CutOff.class);
    return ((CutOff) v).reason();
  }

  @Test
  void normal_charging_is_ok() {
    assertThat(eval(charging(cells(4000)))).isInstanceOf(SafetyVerdict.Ok.class);
  }

  @Test
  void highest_cell_one_millivolt_below_ceiling_plus_margin_is_ok_a_reading_at_it_is_cut() {
    List<Integer> below = cells(4100);
    below.set(6, 4169);
    assertThat(eval(charging(below))).isInstanceOf(SafetyVerdict.Ok.class);
    List<Integer> at = cells(4100);
    at.set(6, 4170);
    SafetyVerdict atLimit = eval(charging(at));
    assertThat(reasonOf(atLimit)).isEqualTo(Reason.CELL_OVER_VOLTAGE);
    assertThat(((CutOff) atLimit).detail())
        .isEqualTo("cell 7 at 4170 mV reaches ceiling 4150 mV + margin 20 mV");
    List<Integer> above = cells(4100);
    above.set(6, 4171);
    SafetyVerdict v = eval(charging(above));
    assertThat(reasonOf(v)).isEqualTo(Reason.CELL_OVER_VOLTAGE);
    assertThat(((CutOff) v).detail())
        .isEqualTo("cell 7 at 4171 mV is above ceiling 4150 mV + margin 20 mV");
  }

  @Test
  void cycles_recorded_before_revision_3_cut_only_a_reading_above_ceiling_plus_margin() {
    List<Integer> at = cells(4100);
    at.set(6, 4170);
    List<Integer> above = cells(4100);
    above.set(6, 4171);
    assertThat(SafetySupervisor.evaluate(charging(at), LIMITS, SafetySupervisor.CellLimit.ABOVE))
        .isInstanceOf(SafetyVerdict.Ok.class);
    assertThat(
            reasonOf(
                SafetySupervisor.evaluate(
                    charging(above), LIMITS, SafetySupervisor.CellLimit.ABOVE)))
        .isEqualTo(Reason.CELL_OVER_VOLTAGE);
  }

  @Test
  void bms_data_as_old_as_the_limit_is_ok_one_millisecond_older_is_stale() {
    long limit = LIMITS.bmsStaleAfterMillis();
    SafetyInputs at =
        new SafetyInputs(
            NOW, true, ON, bms(cells(4000), 2000, NOW - limit), supply(52_000, 2000, true, NOW));
    assertThat(eval(at)).isInstanceOf(SafetyVerdict.Ok.class);
    SafetyInputs older =
        new SafetyInputs(
            NOW,
            true,
            ON,
            bms(cells(4000), 2000, NOW - limit - 1),
            supply(52_000, 2000, true, NOW));
    assertThat(reasonOf(eval(older))).isEqualTo(Reason.BMS_STALE);
  }

  @Test
  void supply_data_older_than_the_limit_is_stale() {
    long limit = LIMITS.supplyStaleAfterMillis();
    SafetyInputs at =
        new SafetyInputs(
            NOW, true, ON, bms(cells(4000), 2000, NOW), supply(52_000, 2000, true, NOW - limit));
    assertThat(eval(at)).isInstanceOf(SafetyVerdict.Ok.class);
    SafetyInputs older =
        new SafetyInputs(
            NOW,
            true,
            ON,
            bms(cells(4000), 2000, NOW),
            supply(52_000, 2000, true, NOW - limit - 1));
    assertThat(reasonOf(eval(older))).isEqualTo(Reason.SUPPLY_STALE);
  }

  @Test
  void no_readings_at_all_while_charging_fails_closed() {
    assertThat(reasonOf(eval(new SafetyInputs(NOW, true, ON, null, supply(52_000, 0, true, NOW)))))
        .isEqualTo(Reason.BMS_STALE);
    assertThat(reasonOf(eval(new SafetyInputs(NOW, true, ON, bms(cells(4000), 0, NOW), null))))
        .isEqualTo(Reason.SUPPLY_STALE);
  }

  @Test
  void idle_bay_with_output_off_needs_no_readings() {
    assertThat(eval(new SafetyInputs(NOW, false, OFF, null, null)))
        .isInstanceOf(SafetyVerdict.Ok.class);
  }

  @Test
  void current_at_limit_plus_margin_is_ok_one_milliamp_above_is_cut() {
    int limit = 2000 + LIMITS.overCurrentMarginMilliamps();
    SafetyInputs at =
        new SafetyInputs(
            NOW, true, ON, bms(cells(4000), limit, NOW), supply(52_000, limit, true, NOW));
    assertThat(eval(at)).isInstanceOf(SafetyVerdict.Ok.class);
    SafetyInputs above =
        new SafetyInputs(
            NOW, true, ON, bms(cells(4000), limit + 1, NOW), supply(52_000, limit, true, NOW));
    assertThat(reasonOf(eval(above))).isEqualTo(Reason.OVER_CURRENT);
  }

  @Test
  void supply_above_its_setpoint_by_more_than_tolerance_is_cut() {
    int limit = 53_000 + LIMITS.supplyOverSetpointMillivolts();
    SafetyInputs at =
        new SafetyInputs(
            NOW, true, ON, bms(cells(4000), 2000, NOW), supply(limit, 2000, true, NOW));
    assertThat(eval(at)).isInstanceOf(SafetyVerdict.Ok.class);
    SafetyInputs above =
        new SafetyInputs(
            NOW, true, ON, bms(cells(4000), 2000, NOW), supply(limit + 1, 2000, true, NOW));
    assertThat(reasonOf(eval(above))).isEqualTo(Reason.SUPPLY_OVER_SETPOINT);
  }

  @Test
  void output_on_or_current_flowing_while_commanded_off_is_cut_even_when_idle() {
    assertThat(
            reasonOf(eval(new SafetyInputs(NOW, false, OFF, null, supply(50_000, 0, true, NOW)))))
        .isEqualTo(Reason.OUTPUT_NOT_OFF);
    int limit = LIMITS.outputOffCurrentMilliamps();
    assertThat(eval(new SafetyInputs(NOW, false, OFF, null, supply(50_000, limit, false, NOW))))
        .isInstanceOf(SafetyVerdict.Ok.class);
    assertThat(
            reasonOf(
                eval(
                    new SafetyInputs(
                        NOW, false, OFF, null, supply(50_000, limit + 1, false, NOW)))))
        .isEqualTo(Reason.OUTPUT_NOT_OFF);
  }

  @Test
  void implausible_cells_wrong_count_and_pack_sum_mismatch_are_cut() {
    List<Integer> low = cells(4000);
    low.set(0, LIMITS.minPlausibleCellMillivolts() - 1);
    assertThat(reasonOf(eval(charging(low)))).isEqualTo(Reason.CELL_IMPLAUSIBLE);
    List<Integer> edge = cells(4000);
    edge.set(0, LIMITS.minPlausibleCellMillivolts());
    // a 1.5 V cell is plausible as a reading but drags the sum: still not over-voltage
    assertThat(eval(charging(edge))).isInstanceOf(SafetyVerdict.Ok.class);

    List<Integer> twelve = new ArrayList<>(Collections.nCopies(12, 4000));
    assertThat(reasonOf(eval(charging(twelve)))).isEqualTo(Reason.CELL_COUNT_MISMATCH);

    int tolerance = LIMITS.packSumToleranceMillivolts();
    List<Integer> c = cells(4000);
    SafetyInputs atTol =
        new SafetyInputs(
            NOW,
            true,
            ON,
            new SafetyInputs.Bms(NOW, c, 52_000 + tolerance, 2000, true),
            supply(52_000, 2000, true, NOW));
    assertThat(eval(atTol)).isInstanceOf(SafetyVerdict.Ok.class);
    SafetyInputs beyond =
        new SafetyInputs(
            NOW,
            true,
            ON,
            new SafetyInputs.Bms(NOW, c, 52_000 + tolerance + 1, 2000, true),
            supply(52_000, 2000, true, NOW));
    assertThat(reasonOf(eval(beyond))).isEqualTo(Reason.PACK_SUM_IMPLAUSIBLE);
  }

  @Test
  void bms_opening_its_charge_fet_or_supply_protection_tripping_while_charging_is_cut() {
    SafetyInputs fetOpen =
        new SafetyInputs(
            NOW,
            true,
            ON,
            new SafetyInputs.Bms(NOW, cells(4000), 52_000, 0, false),
            supply(52_000, 0, true, NOW));
    assertThat(reasonOf(eval(fetOpen))).isEqualTo(Reason.CHARGE_FET_OPENED);
    SafetyInputs tripped =
        new SafetyInputs(
            NOW,
            true,
            ON,
            bms(cells(4000), 0, NOW),
            new SafetyInputs.Supply(NOW, 53_000, 52_000, 0, true, 1));
    assertThat(reasonOf(eval(tripped))).isEqualTo(Reason.SUPPLY_PROTECTION_TRIPPED);
  }

  @Test
  void limits_refuse_a_ceiling_plus_margin_above_the_absolute_cell_maximum() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SafetyLimits.defaults(13, 4240, 2000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4250");
  }

  @Test
  void the_cell_checks_before_the_supply_read_cut_at_the_limit_and_judge_nothing_else() {
    List<Integer> below = cells(4100);
    below.set(6, 4169);
    List<Integer> at = cells(4100);
    at.set(6, 4170);
    // no supply reading yet in this cycle (null), as before the supply read: not judged here
    SafetyInputs belowLimit = new SafetyInputs(NOW, true, ON, bms(below, 2000, NOW), null);
    SafetyInputs atLimit = new SafetyInputs(NOW, true, ON, bms(at, 2000, NOW), null);

    assertThat(SafetySupervisor.evaluateCells(belowLimit, LIMITS))
        .isInstanceOf(SafetyVerdict.Ok.class);
    SafetyVerdict cut = SafetySupervisor.evaluateCells(atLimit, LIMITS);
    assertThat(reasonOf(cut)).isEqualTo(Reason.CELL_OVER_VOLTAGE);
    assertThat(((CutOff) cut).detail()).isEqualTo(((CutOff) eval(charging(at))).detail());
    assertThat(SafetySupervisor.evaluateCells(atLimit, LIMITS, SafetySupervisor.CellLimit.ABOVE))
        .isInstanceOf(SafetyVerdict.Ok.class);

    List<Integer> twelve = new ArrayList<>(Collections.nCopies(CELLS - 1, 4000));
    assertThat(
            reasonOf(
                SafetySupervisor.evaluateCells(
                    new SafetyInputs(NOW, true, ON, bms(twelve, 2000, NOW), null), LIMITS)))
        .isEqualTo(Reason.CELL_COUNT_MISMATCH);

    // not charging, no BMS reading, or a stale one: left to the full check after the supply read
    assertThat(
            SafetySupervisor.evaluateCells(
                new SafetyInputs(NOW, false, OFF, bms(at, 0, NOW), null), LIMITS))
        .isInstanceOf(SafetyVerdict.Ok.class);
    assertThat(SafetySupervisor.evaluateCells(new SafetyInputs(NOW, true, ON, null, null), LIMITS))
        .isInstanceOf(SafetyVerdict.Ok.class);
    long staleAt = NOW - LIMITS.bmsStaleAfterMillis() - 1;
    assertThat(
            SafetySupervisor.evaluateCells(
                new SafetyInputs(NOW, true, ON, bms(at, 2000, staleAt), null), LIMITS))
        .isInstanceOf(SafetyVerdict.Ok.class);
    assertThat(
            reasonOf(
                SafetySupervisor.evaluateCells(
                    new SafetyInputs(NOW, true, ON, bms(at, 2000, staleAt + 1), null), LIMITS)))
        .isEqualTo(Reason.CELL_OVER_VOLTAGE);
  }
}
