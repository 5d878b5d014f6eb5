package org.chargebay.events;

/**
 * What a session charges to. All values are integer milli-units.
 *
 * @param chemistry e.g. {@code "NMC"}, {@code "LFP"}
 * @param cellCount series cell count the pack must report (10..24 in the field)
 * @param cellCeilingMillivolts the per-cell ceiling the highest cell is held at (e.g. 4150)
 * @param chargeCurrentMilliamps the constant-current limit
 * @param taperCurrentMilliamps the session completes once current stays below this in CV
 */
public record ChargeProfile(
    String chemistry,
    int cellCount,
    int cellCeilingMillivolts,
    int chargeCurrentMilliamps,
    int taperCurrentMilliamps) {

  public ChargeProfile {
    if (cellCount < 1 || cellCount > 32) {
      throw new IllegalArgumentException("cellCount must be 1..32, was " + cellCount);
    }
    if (cellCeilingMillivolts < 2000 || cellCeilingMillivolts > 4250) {
      throw new IllegalArgumentException(
          "cellCeilingMillivolts must be 2000..4250, was " + cellCeilingMillivolts);
    }
    if (chargeCurrentMilliamps <= 0) {
      throw new IllegalArgumentException(
          "chargeCurrentMilliamps must be positive, was " + chargeCurrentMilliamps);
    }
    if (taperCurrentMilliamps <= 0 || taperCurrentMilliamps >= chargeCurrentMilliamps) {
      throw new IllegalArgumentException(
          "taperCurrentMilliamps must be in (0, chargeCurrentMilliamps), was "
              + taperCurrentMilliamps);
    }
  }

  /** The pack ceiling: series count times the cell ceiling. */
  public int packCeilingMillivolts() {
    return cellCount * cellCeilingMillivolts;
  }
}
