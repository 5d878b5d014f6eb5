package org.chargebay.bms;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One reading of a smart BMS, the same for every family. Integer milli-units, names carry the
 * unit.
 *
 * @param cellMillivolts per-cell voltages, cell 1 first; empty if the family reports them in a
 *     separate frame not read yet
 * @param packMillivolts pack voltage as the BMS measures it
 * @param currentMilliamps positive while charging, negative while discharging
 * @param socPercent the BMS's own state of charge (never trusted for decisions), null if absent
 * @param tempDeciCelsius the pack temperature probes, in tenths of a degree Celsius
 * @param chargeFet true if the charge MOSFET is conducting
 * @param dischargeFet true if the discharge MOSFET is conducting
 * @param balanceBits bit n = cell n+1 is balancing
 * @param protectionBits the family's raw protection word (JBD: the 0x03 bitmask)
 * @param cycles charge cycles as counted by the BMS
 * @param remainingMilliampHours remaining capacity as the BMS counts it
 * @param nominalMilliampHours design capacity as configured in the BMS
 * @param cellCount the series count the BMS is configured for
 */
public record BmsSnapshot(
    List<Integer> cellMillivolts,
    int packMillivolts,
    int currentMilliamps,
    @Nullable Integer socPercent,
    List<Integer> tempDeciCelsius,
    boolean chargeFet,
    boolean dischargeFet,
    long balanceBits,
    int protectionBits,
    int cycles,
    int remainingMilliampHours,
    int nominalMilliampHours,
    int cellCount) {

  public BmsSnapshot {
    cellMillivolts = List.copyOf(cellMillivolts);
    tempDeciCelsius = List.copyOf(tempDeciCelsius);
  }

  /** The highest cell, 0 if no cells are known. */
  public int cellMaxMillivolts() {
    return cellMillivolts.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The lowest cell, 0 if no cells are known. */
  public int cellMinMillivolts() {
    return cellMillivolts.stream().mapToInt(Integer::intValue).min().orElse(0);
  }

  /** True if any cell is balancing. */
  public boolean balancing() {
    return balanceBits != 0;
  }
}
