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
    int refuseAboveHeadroomMillivolts) {

  public static DeciderSettings defaults() {
    return new DeciderSettings(50, 100, 20, 10, 5, 50, 3, 10, 5);
  }
}
