package org.chargebay.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.chargebay.safety.SafetyVerdict.CutOff;
import org.chargebay.safety.SafetyVerdict.Reason;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The supervisor on a bay without a BMS: no cells, no BMS to be stale, the supply's side judged at
 * the pack ceiling, every limit at the limit and one milli-unit either side.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NoBmsSafetyTest {
  private static final long NOW = 100_000;
  private static final int PACK_CEILING = 13 * 4100;
  private static final int PACK_MARGIN = 13 * 20;
  private static final long UNTIL = NOW + 60_000;
  private static final SafetyLimits LIMITS =
      SafetyLimits.defaults(13, 4150, 2000)
          .withNoBms(new SafetyLimits.NoBms(PACK_CEILING, PACK_MARGIN, UNTIL));
  private static final SafetyInputs.Commanded ON =
      new SafetyInputs.Commanded(PACK_CEILING, 2000, true);

  private static SafetyInputs.Supply supply(int outMv, int outMa, boolean on, long at) {
    return new SafetyInputs.Supply(at, PACK_CEILING, outMv, outMa, on, 0);
  }

  private static SafetyInputs charging(SafetyInputs.Supply supply, long now) {
    return new SafetyInputs(now, true, ON, null, supply);
  }

  private static SafetyVerdict eval(SafetyInputs in) {
    return SafetySupervisor.evaluate(in, LIMITS);
  }

  private static Reason reasonOf(SafetyVerdict v) {
    assertThat(v).isInstanceOf(CutOff.class);
    return ((CutOff) v).reason();
  }

  @Test
  void charging_without_any_bms_reading_is_ok_the_bms_stale_rule_does_not_apply() {
    assertThat(eval(charging(supply(52_000, 2000, true, NOW), NOW)))
        .isInstanceOf(SafetyVerdict.Ok.class);
    // the same inputs on a bay with a BMS are a cut-off
    assertThat(
            reasonOf(
                SafetySupervisor.evaluate(
                    charging(supply(52_000, 2000, true, NOW), NOW),
                    SafetyLimits.defaults(13, 4150, 2000))))
        .isEqualTo(Reason.BMS_STALE);
  }

  @Test
  void the_cell_checks_before_the_supply_read_never_cut_a_bay_without_a_bms() {
    assertThat(SafetySupervisor.evaluateCells(charging(null, NOW), LIMITS))
        .isInstanceOf(SafetyVerdict.Ok.class);
  }

  @Test
  void pack_voltage_at_ceiling_plus_margin_is_ok_one_millivolt_above_is_cut() {
    int limit = PACK_CEILING + PACK_MARGIN;
    // the supply's setpoint check allows more (1 % of the pack ceiling): the pack check decides
    assertThat(eval(charging(supply(limit, 500, true, NOW), NOW)))
        .isInstanceOf(SafetyVerdict.Ok.class);
    SafetyVerdict above = eval(charging(supply(limit + 1, 500, true, NOW), NOW));
    assertThat(reasonOf(above)).isEqualTo(Reason.PACK_OVER_VOLTAGE);
    assertThat(((CutOff) above).detail())
        .isEqualTo(
            "pack at 53561 mV (the supply's output; no BMS) is above the pack ceiling 53300 mV"
                + " + margin 260 mV");
  }

  @Test
  void supply_current_at_commanded_plus_margin_is_ok_one_milliamp_above_is_cut() {
    int limit = 2000 + LIMITS.overCurrentMarginMilliamps();
    assertThat(eval(charging(supply(52_000, limit, true, NOW), NOW)))
        .isInstanceOf(SafetyVerdict.Ok.class);
    assertThat(reasonOf(eval(charging(supply(52_000, limit + 1, true, NOW), NOW))))
        .isEqualTo(Reason.OVER_CURRENT);
  }

  @Test
  void a_stale_or_missing_supply_reading_is_cut() {
    long stale = LIMITS.supplyStaleAfterMillis();
    assertThat(eval(charging(supply(52_000, 2000, true, NOW - stale), NOW)))
        .isInstanceOf(SafetyVerdict.Ok.class);
    assertThat(reasonOf(eval(charging(supply(52_000, 2000, true, NOW - stale - 1), NOW))))
        .isEqualTo(Reason.SUPPLY_STALE);
    assertThat(reasonOf(eval(charging(null, NOW)))).isEqualTo(Reason.SUPPLY_STALE);
  }

  @Test
  void the_supply_above_its_setpoint_and_its_own_protection_are_cut() {
    SafetyLimits loose =
        SafetyLimits.defaults(13, 4150, 2000)
            .withNoBms(new SafetyLimits.NoBms(PACK_CEILING, 10_000, UNTIL));
    int overSetpoint = PACK_CEILING + loose.supplyOverSetpointMillivolts() + 1;
    assertThat(
            reasonOf(
                SafetySupervisor.evaluate(
                    charging(supply(overSetpoint, 500, true, NOW), NOW), loose)))
        .isEqualTo(Reason.SUPPLY_OVER_SETPOINT);
    SafetyInputs.Supply tripped = new SafetyInputs.Supply(NOW, PACK_CEILING, 52_000, 0, true, 1);
    assertThat(reasonOf(eval(charging(tripped, NOW)))).isEqualTo(Reason.SUPPLY_PROTECTION_TRIPPED);
  }

  @Test
  void charging_at_the_maximum_time_is_ok_one_millisecond_after_is_cut() {
    assertThat(eval(charging(supply(52_000, 2000, true, UNTIL), UNTIL)))
        .isInstanceOf(SafetyVerdict.Ok.class);
    SafetyVerdict late = eval(charging(supply(52_000, 2000, true, UNTIL + 1), UNTIL + 1));
    assertThat(reasonOf(late)).isEqualTo(Reason.CHARGE_TIME_EXCEEDED);
    assertThat(((CutOff) late).detail()).startsWith("still charging 1 ms after");
  }

  @Test
  void an_output_commanded_off_that_stays_on_is_cut_as_on_any_bay() {
    SafetyInputs off =
        new SafetyInputs(
            NOW,
            false,
            new SafetyInputs.Commanded(0, 0, false),
            null,
            supply(52_000, 1500, true, NOW));
    assertThat(reasonOf(eval(off))).isEqualTo(Reason.OUTPUT_NOT_OFF);
  }
}
