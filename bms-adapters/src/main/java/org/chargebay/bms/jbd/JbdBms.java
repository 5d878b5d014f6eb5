package org.chargebay.bms.jbd;

import org.chargebay.bms.BmsSnapshot;

/** Maps JBD replies onto the family-independent {@link BmsSnapshot}. */
public final class JbdBms {

  private JbdBms() {}

  /**
   * Combines a basic-info (0x03) and a cell-voltage (0x04) reply, read back to back, into one
   * snapshot. Units carry over unchanged (both are integer milli-units); the cell count is the one
   * the BMS is configured for (0x03 offset 21), which may differ from the number of voltages
   * reported.
   */
  public static BmsSnapshot snapshot(JbdBasicInfo info, JbdCells cells) {
    return new BmsSnapshot(
        cells.cellMillivolts(),
        info.packMillivolts(),
        info.currentMilliamps(),
        info.socPercent(),
        info.tempDeciCelsius(),
        info.chargeFet(),
        info.dischargeFet(),
        info.balanceBits(),
        info.protectionBits(),
        info.cycles(),
        info.remainingMilliampHours(),
        info.nominalMilliampHours(),
        info.cellCount());
  }
}
