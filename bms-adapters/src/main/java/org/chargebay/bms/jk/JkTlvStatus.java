package org.chargebay.bms.jk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The "read all" reply of the JK {@code 4E 57} TLV protocol (PROTOCOLS.md 2a), in integer
 * milli-units. All values are big-endian on the wire.
 *
 * @param cellMillivolts tag 0x79: one u16 mV per cell in the order sent (indices 1..n); at most 85
 * @param mosTempDeciCelsius tag 0x80 (per the PDF: raw 0-100 is °C, raw above 100 is -(raw - 100))
 * @param t1DeciCelsius tag 0x81, same rule
 * @param t2DeciCelsius tag 0x82, same rule
 * @param packMillivolts tag 0x83, u16 in 10 mV
 * @param currentMilliamps tag 0x84, positive = charging: with protocol version 1 bit 15 = charge
 *     and bits 0-14 the magnitude in 10 mA; otherwise {@code (10000 - raw) x 10 mA}
 * @param socPercent tag 0x85
 * @param tempSensorCount tag 0x86 (0 if absent)
 * @param cycles tag 0x87 (0 if absent)
 * @param totalCycleCapacityAh tag 0x89, u32 Ah (0 if absent)
 * @param cellCount tag 0x8A
 * @param alarmBits tag 0x8B, u16: bit 0 low capacity ... bit 11 cell UV (see {@link JkBms})
 * @param statusBits tag 0x8C: bit 0 charge MOS, bit 1 discharge MOS, bit 2 balancer, bit 3 battery
 *     dropped
 * @param nominalCapacityAh tag 0xAA, u32 Ah (0 if absent)
 * @param runtimeMinutes tag 0xB6, null if absent
 * @param softwareVersion tag 0xB7, 15 ASCII bytes with trailing NULs removed; null if absent
 * @param protocolVersion tag 0xC0; null if absent (older firmware, e.g. jk-03)
 * @param deviceId tag 0xB4, 8 ASCII bytes with trailing NULs and spaces removed; null if absent
 * @param manufacturerId tag 0xBA, 24 ASCII bytes with trailing NULs and spaces removed (newer
 *     firmware; the factory's unit number, e.g. {@code BT3072020120000200521001}); null if absent
 */
public record JkTlvStatus(
    List<Integer> cellMillivolts,
    int mosTempDeciCelsius,
    int t1DeciCelsius,
    int t2DeciCelsius,
    int packMillivolts,
    int currentMilliamps,
    int socPercent,
    int tempSensorCount,
    int cycles,
    long totalCycleCapacityAh,
    int cellCount,
    int alarmBits,
    int statusBits,
    long nominalCapacityAh,
    @Nullable Long runtimeMinutes,
    @Nullable String softwareVersion,
    @Nullable Integer protocolVersion,
    @Nullable String deviceId,
    @Nullable String manufacturerId) {

  public JkTlvStatus {
    cellMillivolts = List.copyOf(cellMillivolts);
  }

  /** A reply without the identity records 0xB4 and 0xBA. */
  public JkTlvStatus(
      List<Integer> cellMillivolts,
      int mosTempDeciCelsius,
      int t1DeciCelsius,
      int t2DeciCelsius,
      int packMillivolts,
      int currentMilliamps,
      int socPercent,
      int tempSensorCount,
      int cycles,
      long totalCycleCapacityAh,
      int cellCount,
      int alarmBits,
      int statusBits,
      long nominalCapacityAh,
      @Nullable Long runtimeMinutes,
      @Nullable String softwareVersion,
      @Nullable Integer protocolVersion) {
    this(
        cellMillivolts,
        mosTempDeciCelsius,
        t1DeciCelsius,
        t2DeciCelsius,
        packMillivolts,
        currentMilliamps,
        socPercent,
        tempSensorCount,
        cycles,
        totalCycleCapacityAh,
        cellCount,
        alarmBits,
        statusBits,
        nominalCapacityAh,
        runtimeMinutes,
        softwareVersion,
        protocolVersion,
        null,
        null);
  }

  /**
   * The board's identity for a pack's history: the manufacturer id (0xBA) when the board sends a
   * non-blank one, else the device id (0xB4) when non-blank, else empty. The device id is settable
   * in JK's app; a board left with the factory text of that field ({@code Input Us}, cut from
   * "Input Userdata") gives every such board one id, so it is not used.
   */
  public java.util.Optional<String> hardwareId() {
    if (manufacturerId != null && !manufacturerId.isBlank()) {
      return java.util.Optional.of(manufacturerId);
    }
    if (deviceId != null && !deviceId.isBlank() && !deviceId.equals(FACTORY_DEVICE_ID)) {
      return java.util.Optional.of(deviceId);
    }
    return java.util.Optional.empty();
  }

  /** The device id (0xB4) of a board whose owner never set one. */
  public static final String FACTORY_DEVICE_ID = "Input Us";

  /** Status bit 0. */
  public boolean chargeFet() {
    return (statusBits & 1) != 0;
  }

  /** Status bit 1. */
  public boolean dischargeFet() {
    return (statusBits & 2) != 0;
  }

  /** Status bit 2: the balancer is switched on (not necessarily balancing now). */
  public boolean balancerEnabled() {
    return (statusBits & 4) != 0;
  }

  /** Whether the current uses the sign-magnitude encoding of protocol version 1. */
  public boolean signMagnitudeCurrent() {
    Integer v = protocolVersion;
    return v != null && v == 1;
  }
}
