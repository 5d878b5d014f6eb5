package org.chargebay.bms.vectors;

import org.chargebay.bms.BmsSnapshot;

/**
 * The ranges every snapshot of an accepted frame must respect, whatever the frame held: the cell
 * count within what the protocol can carry voltages for, cell voltages within the wire's u16 mV (a
 * cell outside the chemistry's range is flagged by the controller's plausibility check, not here),
 * pack voltage and capacities not negative.
 */
public final class SnapshotOracle {

  private SnapshotOracle() {}

  /**
   * @param maxCells the most cells the family's protocol carries voltages for
   * @param maxPackMillivolts the largest pack voltage its wire can express
   */
  public static void check(BmsSnapshot s, int maxCells, long maxPackMillivolts) {
    require(
        s.cellMillivolts().size() <= maxCells,
        s.cellMillivolts().size() + " cell voltages, the protocol carries at most " + maxCells);
    require(
        s.cellCount() >= 0 && s.cellCount() <= maxCells,
        "cell count " + s.cellCount() + " outside 0.." + maxCells);
    for (int mv : s.cellMillivolts()) {
      require(mv >= 0 && mv <= 0xFFFF, "cell voltage " + mv + " mV outside the wire's u16");
    }
    require(
        s.packMillivolts() >= 0 && s.packMillivolts() <= maxPackMillivolts,
        "pack " + s.packMillivolts() + " mV outside 0.." + maxPackMillivolts);
    require(s.remainingMilliampHours() >= 0, "remaining " + s.remainingMilliampHours() + " mAh");
    require(s.nominalMilliampHours() >= 0, "nominal " + s.nominalMilliampHours() + " mAh");
    require(s.cycles() >= 0, "cycles " + s.cycles());
    require(
        s.socPercent() == null || s.socPercent() >= 0, "state of charge " + s.socPercent() + " %");
  }

  /** Throws an {@link AssertionError} with {@code message} unless {@code ok}. */
  public static void require(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}
