package org.chargebay.packs;

import static org.assertj.core.api.Assertions.assertThat;

import org.chargebay.packs.ResistanceEstimator.Reading;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResistanceEstimatorTest {
  private final ResistanceEstimator estimator = new ResistanceEstimator(400, 500);

  @Test
  void current_applied_gives_dv_over_di() {
    assertThat(estimator.accept(new Reading(0, 47_000, 0))).isEmpty();
    var step = estimator.accept(new Reading(200, 47_780, 2_000)).orElseThrow();
    assertThat(step.cause()).isEqualTo("current applied");
    assertThat(step.milliohms()).isEqualTo(390);
    assertThat(step.before()).isEqualTo(new Reading(0, 47_000, 0));
  }

  @Test
  void current_removed_lowered_and_raised_are_named() {
    estimator.accept(new Reading(0, 50_000, 2_000));
    assertThat(estimator.accept(new Reading(200, 49_220, 0)).orElseThrow().cause())
        .isEqualTo("current removed");
    estimator.accept(new Reading(400, 49_220, 2_000)); // 0 -> 2 A, dV 0: no estimate
    estimator.accept(new Reading(600, 50_000, 2_000));
    var lowered = estimator.accept(new Reading(800, 49_610, 1_000)).orElseThrow();
    assertThat(lowered.cause()).isEqualTo("current lowered");
    assertThat(lowered.milliohms()).isEqualTo(390);
    assertThat(estimator.accept(new Reading(1_000, 50_000, 2_000)).orElseThrow().cause())
        .isEqualTo("current raised");
  }

  @Test
  void a_step_below_the_minimum_or_across_a_gap_gives_nothing() {
    estimator.accept(new Reading(0, 47_000, 0));
    assertThat(estimator.accept(new Reading(200, 47_190, 499))).isEmpty();
    assertThat(estimator.accept(new Reading(601, 47_780, 2_000))).as("401 ms apart").isEmpty();
    assertThat(estimator.accept(new Reading(800, 47_780, 2_000))).isEmpty();
  }

  @Test
  void voltage_moving_against_the_current_gives_nothing() {
    estimator.accept(new Reading(0, 47_000, 0));
    assertThat(estimator.accept(new Reading(200, 46_990, 2_000))).isEmpty();
  }

  @Test
  void a_reset_starts_afresh() {
    estimator.accept(new Reading(0, 47_000, 0));
    estimator.reset();
    assertThat(estimator.accept(new Reading(200, 47_780, 2_000))).isEmpty();
  }
}
