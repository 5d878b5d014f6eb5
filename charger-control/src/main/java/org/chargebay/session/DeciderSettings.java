package org.chargebay.session;

/**
 * Tuning of the charge decider. Integer milli-units.
 *
 * @param steerGainPercentOfCells the CV setpoint moves by (gain x headroom of the highest cell),
 *     with gain = this percentage of the series count; 50 % halves the highest cell's headroom
 *     every poll without overshoot when all cells share one resistance
 * @param ccDeadbandMillivolts in CC, a setpoint increase smaller than this is not sent
 * @param cvDeadbandMillivolts in CV, a setpoint increase smaller than this is not sent (decreases
 *     of one supply step or more are always sent)
 * @param cvEntryHeadroomMillivolts CC turns to CV when the highest cell is this close to the
 *     ceiling (or the supply reports CV)
 * @param taperSamples completion needs this many consecutive fresh samples below taper current
 * @param completionHeadroomMillivolts completion also needs the highest cell this close to the
 *     ceiling (a low current far from full is a supply problem, not a full pack)
 * @param resumeSamples a suspended session resumes after this many fresh samples in this
 *     controller's lifetime
 * @param supplyStepMillivolts the supply's setpoint resolution (setpoints are rounded to it)
 * @param refuseAboveHeadroomMillivolts a start is refused when the highest cell is already within
 *     this of the ceiling (the pack is full)
 * @param rampDownSteps at a normal end (completion, an operator's stop) the current setpoint steps
 *     down over this many polls before the output opens; 0: the output opens at once, as before the
 *     ramp existed (the default of these settings, as recordings made before it hold; configured,
 *     API and demo bays and {@code simulate} run with {@link #RAMP_DOWN_STEPS} unless set)
 * @param balance the BMS balancer (an active one holds CV until the cells are balanced); null:
 *     none, as in recordings made before it
 */
public record DeciderSettings(
    int steerGainPercentOfCells,
    int ccDeadbandMillivolts,
    int cvDeadbandMillivolts,
    int cvEntryHeadroomMillivolts,
    int taperSamples,
    int completionHeadroomMillivolts,
    int resumeSamples,
    int supplyStepMillivolts,
    int refuseAboveHeadroomMillivolts,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        int rampDownSteps,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @org.jspecify.annotations.Nullable
        BalanceSettings balance) {

  /**
   * The ramp-down every bay runs with unless its configuration says otherwise: three polls (0.6 s
   * at the default 200 ms poll). The current steps to 3/4, 1/2 and 1/4 of what flowed, so the
   * output opens on a quarter of the charge current: the energy the wiring's inductance releases
   * into the switch falls with the square of the current (a sixteenth), and a supply that regulates
   * slowly sees a quarter of the load step (its voltage overshoot on the pack leads scales with
   * it). Three polls keep the end of a stop short ({@code ChargeStopped} within 0.6 s); more steps
   * add latency and little else, the last step being already small. A safety cut-off never ramps.
   */
  public static final int RAMP_DOWN_STEPS = 3;

  /** The most ramp-down steps a bay may be configured with. */
  public static final int MAX_RAMP_DOWN_STEPS = 20;

  public DeciderSettings {
    if (rampDownSteps < 0 || rampDownSteps > MAX_RAMP_DOWN_STEPS) {
      throw new IllegalArgumentException(
          "ramp-down steps must be 0.." + MAX_RAMP_DOWN_STEPS + ", was " + rampDownSteps);
    }
  }

  /** Settings without a ramp-down (the output opens at once at a normal end). */
  public DeciderSettings(
      int steerGainPercentOfCells,
      int ccDeadbandMillivolts,
      int cvDeadbandMillivolts,
      int cvEntryHeadroomMillivolts,
      int taperSamples,
      int completionHeadroomMillivolts,
      int resumeSamples,
      int supplyStepMillivolts,
      int refuseAboveHeadroomMillivolts) {
    this(
        steerGainPercentOfCells,
        ccDeadbandMillivolts,
        cvDeadbandMillivolts,
        cvEntryHeadroomMillivolts,
        taperSamples,
        completionHeadroomMillivolts,
        resumeSamples,
        supplyStepMillivolts,
        refuseAboveHeadroomMillivolts,
        0,
        null);
  }

  public static DeciderSettings defaults() {
    return new DeciderSettings(50, 100, 20, 10, 5, 50, 3, 10, 5);
  }

  /** The same settings with this ramp-down. */
  public DeciderSettings withRampDownSteps(int steps) {
    return new DeciderSettings(
        steerGainPercentOfCells,
        ccDeadbandMillivolts,
        cvDeadbandMillivolts,
        cvEntryHeadroomMillivolts,
        taperSamples,
        completionHeadroomMillivolts,
        resumeSamples,
        supplyStepMillivolts,
        refuseAboveHeadroomMillivolts,
        steps,
        balance);
  }

  /** The same settings with this balancer (null: none). */
  public DeciderSettings withBalance(@org.jspecify.annotations.Nullable BalanceSettings b) {
    return new DeciderSettings(
        steerGainPercentOfCells,
        ccDeadbandMillivolts,
        cvDeadbandMillivolts,
        cvEntryHeadroomMillivolts,
        taperSamples,
        completionHeadroomMillivolts,
        resumeSamples,
        supplyStepMillivolts,
        refuseAboveHeadroomMillivolts,
        rampDownSteps,
        b);
  }
}
