package org.chargebay.bms.ant;

import java.util.List;

/**
 * The legacy 140-byte reply {@code AA 55 AA FF ...} (PROTOCOLS.md 4b); all fields big-endian.
 *
 * @param packMillivolts u16 x 100 mV at 4
 * @param cellMillivolts the first {@code cellCount} of 32 u16 mV slots at 6 (at most 32)
 * @param currentWireMilliamps int32 x 100 mA at 70, sign as sent (disputed, quirk 1)
 * @param socPercent u8 at 74
 * @param nominalMicroampHours u32 at 75 (may be 0, ant-06)
 * @param remainingMicroampHours u32 at 79
 * @param cycleCapacityMilliampHours u32 x 0.001 Ah at 83
 * @param runtimeSeconds u32 at 87
 * @param tempsCelsius 6 x int16 °C at 91
 * @param chargeMosStatus 103: 1 on, 2 over-charge protection, ...
 * @param dischargeMosStatus 104
 * @param balancerStatus 105: 0 off, 1 over-limit, 2 charge delta, 4 auto
 * @param powerWatts int32 at 111
 * @param maxCell 115, may be out of range
 * @param maxCellMillivolts u16 at 116
 * @param minCell 118, may exceed the cell count (ant-09, quirk 3)
 * @param minCellMillivolts u16 at 119
 * @param avgCellMillivolts u16 at 121
 * @param cellCount u8 at 123
 * @param balanceBits u32 at 132, bit 0 = cell 1
 */
public record AntLegacyStatus(
    int packMillivolts,
    List<Integer> cellMillivolts,
    int currentWireMilliamps,
    int socPercent,
    long nominalMicroampHours,
    long remainingMicroampHours,
    long cycleCapacityMilliampHours,
    long runtimeSeconds,
    List<Integer> tempsCelsius,
    int chargeMosStatus,
    int dischargeMosStatus,
    int balancerStatus,
    int powerWatts,
    int maxCell,
    int maxCellMillivolts,
    int minCell,
    int minCellMillivolts,
    int avgCellMillivolts,
    int cellCount,
    long balanceBits) {

  public AntLegacyStatus {
    cellMillivolts = List.copyOf(cellMillivolts);
    tempsCelsius = List.copyOf(tempsCelsius);
  }
}
