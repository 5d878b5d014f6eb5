package org.chargebay.bms.jbd;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.chargebay.bms.BalanceState;
import org.chargebay.bms.BmsAlarm;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.FamilyExtras;
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.Temperature;

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

  /** The 0x03 protection bits 0-12 in order (PROTOCOLS.md section 1, spec table). */
  private static final BmsAlarm[] PROTECTION = {
    BmsAlarm.CELL_OVERVOLTAGE,
    BmsAlarm.CELL_UNDERVOLTAGE,
    BmsAlarm.PACK_OVERVOLTAGE,
    BmsAlarm.PACK_UNDERVOLTAGE,
    BmsAlarm.CHARGE_OVERTEMPERATURE,
    BmsAlarm.CHARGE_UNDERTEMPERATURE,
    BmsAlarm.DISCHARGE_OVERTEMPERATURE,
    BmsAlarm.DISCHARGE_UNDERTEMPERATURE,
    BmsAlarm.CHARGE_OVERCURRENT,
    BmsAlarm.DISCHARGE_OVERCURRENT,
    BmsAlarm.SHORT_CIRCUIT,
    BmsAlarm.FRONT_END_IC_ERROR,
    BmsAlarm.MOS_SOFTWARE_LOCK
  };

  /** Named alarms of the 0x03 protection word; bits 13-15 are {@link BmsAlarm#VENDOR_SPECIFIC}. */
  public static Set<BmsAlarm> alarms(int protectionBits) {
    EnumSet<BmsAlarm> set = EnumSet.noneOf(BmsAlarm.class);
    for (int bit = 0; bit < 16; bit++) {
      if ((protectionBits >>> bit & 1) != 0) {
        set.add(bit < PROTECTION.length ? PROTECTION[bit] : BmsAlarm.VENDOR_SPECIFIC);
      }
    }
    return set;
  }

  /**
   * Like {@link #snapshot(JbdBasicInfo, JbdCells)}, with the richer components filled in: probes
   * {@code T1..Tn}, named alarms, {@link FamilyExtras.Jbd} and the two raw frames.
   */
  public static BmsSnapshot snapshot(
      JbdBasicInfo info, JbdCells cells, byte[] rawInfo, byte[] rawCells) {
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
        info.cellCount(),
        Temperature.packProbes(info.tempDeciCelsius()),
        null,
        info.balanceBits() != 0 ? BalanceState.ACTIVE : BalanceState.OFF,
        alarms(info.protectionBits()),
        new FamilyExtras.Jbd(
            info.softwareVersion(),
            info.productionDate() == null ? null : String.valueOf(info.productionDate())),
        List.of(RawFrame.of(rawInfo), RawFrame.of(rawCells)));
  }
}
