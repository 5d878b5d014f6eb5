package org.chargebay.packs;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Estimates a pack's internal resistance from the voltage step at a current step: between two
 * consecutive BMS readings (at most {@code maxGapMillis} apart, so the state of charge has not
 * moved measurably) the current changes by at least {@code minStepMilliamps}; then R = dV / dI. The
 * charge start (current applied), a ramp-down and the end of a charge (current removed) are such
 * steps. A step whose voltage moves against the current (noise, a pack swapped) gives no estimate.
 * Pure and not thread-safe: one bay's loop feeds it.
 */
public final class ResistanceEstimator {

  /** One BMS reading: pack voltage and current (positive while charging). */
  public record Reading(long atMillis, int packMillivolts, int currentMilliamps) {}

  /**
   * An estimate.
   *
   * @param cause {@code current applied}, {@code current raised}, {@code current lowered} or {@code
   *     current removed}
   * @param milliohms dV / dI, rounded
   */
  public record Step(String cause, int milliohms, Reading before, Reading after) {}

  /** Below this a current counts as none, for naming the step. */
  static final int NO_CURRENT_MILLIAMPS = 50;

  private final long maxGapMillis;
  private final int minStepMilliamps;
  private @Nullable Reading last;

  /**
   * @param maxGapMillis the longest time between the two readings (e.g. two poll intervals)
   * @param minStepMilliamps the smallest current step that is measured (the BMS reports current in
   *     10 mA steps and voltage in 10 mV steps: 500 mA keeps the quantisation error of a 100 mOhm
   *     pack within 2 %)
   */
  public ResistanceEstimator(long maxGapMillis, int minStepMilliamps) {
    if (maxGapMillis <= 0 || minStepMilliamps <= 0) {
      throw new IllegalArgumentException("gap and step must be positive");
    }
    this.maxGapMillis = maxGapMillis;
    this.minStepMilliamps = minStepMilliamps;
  }

  /** Takes the next reading; an estimate if it completes a step. */
  public Optional<Step> accept(Reading now) {
    Reading before = last;
    last = now;
    if (before == null) {
      return Optional.empty();
    }
    long gap = now.atMillis() - before.atMillis();
    if (gap <= 0 || gap > maxGapMillis) {
      return Optional.empty();
    }
    long di = (long) now.currentMilliamps() - before.currentMilliamps();
    if (Math.abs(di) < minStepMilliamps) {
      return Optional.empty();
    }
    long dv = (long) now.packMillivolts() - before.packMillivolts();
    if (dv == 0 || Long.signum(dv) != Long.signum(di)) {
      return Optional.empty();
    }
    int milliohms = (int) Math.round(dv * 1000.0 / di);
    return Optional.of(new Step(cause(before, now), milliohms, before, now));
  }

  /** Forgets the last reading (the BMS did not answer: the next reading starts afresh). */
  public void reset() {
    last = null;
  }

  private static String cause(Reading before, Reading after) {
    boolean wasOff = Math.abs(before.currentMilliamps()) < NO_CURRENT_MILLIAMPS;
    boolean isOff = Math.abs(after.currentMilliamps()) < NO_CURRENT_MILLIAMPS;
    if (wasOff) {
      return "current applied";
    }
    if (isOff) {
      return "current removed";
    }
    return after.currentMilliamps() > before.currentMilliamps()
        ? "current raised"
        : "current lowered";
  }
}
