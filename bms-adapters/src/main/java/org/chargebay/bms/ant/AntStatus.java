package org.chargebay.bms.ant;

import java.util.List;

/**
 * The new-protocol status reply (function 0x11), PROTOCOLS.md 4a; all fields little-endian. Frame
 * offsets: 6 permissions, 7 battery status, 8 sensor count T, 9 cell count N, 10-17 protection
 * bits, 18-25 warning bits, 26-33 balancing bits, 34 N x u16 mV, then T x int16 °C, then the fields
 * below in order.
 *
 * @param batteryStatus 0 unknown, 1 idle, 2 charge, 3 discharge, 4 standby, 5 error
 * @param tempsCelsius pack probes, int16 °C; -40 means "sensor absent"
 * @param mosTempCelsius int16 °C
 * @param balancerTempCelsius int16 °C
 * @param packMillivolts u16 x 10 mV
 * @param currentWireMilliamps int16 x 100 mA, as sent (positive = charge assumed, quirk 3)
 * @param mosByteA first MOS status byte (which MOSFET is a convention, see BmsConventions)
 * @param mosByteB second MOS status byte
 * @param balancerStatus 1 byte, followed by 1 reserved byte
 * @param nominalMicroampHours u32 x 1e-6 Ah
 * @param remainingMicroampHours u32 x 1e-6 Ah
 * @param cycleCapacityMilliampHours u32 x 0.001 Ah
 * @param powerWatts int32 W
 * @param runtimeSeconds u32 s
 * @param balancedCells u32 bitmask, bit 0 = cell 1
 */
public record AntStatus(
    int permissions,
    int batteryStatus,
    long protectionBits,
    long warningBits,
    long balancingBits,
    List<Integer> cellMillivolts,
    List<Integer> tempsCelsius,
    int mosTempCelsius,
    int balancerTempCelsius,
    int packMillivolts,
    int currentWireMilliamps,
    int socPercent,
    int sohPercent,
    int mosByteA,
    int mosByteB,
    int balancerStatus,
    long nominalMicroampHours,
    long remainingMicroampHours,
    long cycleCapacityMilliampHours,
    int powerWatts,
    long runtimeSeconds,
    long balancedCells) {

  public AntStatus {
    cellMillivolts = List.copyOf(cellMillivolts);
    tempsCelsius = List.copyOf(tempsCelsius);
  }
}
