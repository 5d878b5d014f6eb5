package org.chargebay.bms.jbd;

import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The basic-info reply (register 0x03), in integer milli-units. Offsets are those of the payload
 * (PROTOCOLS.md section 1, vendor PDF "0x03 basic information"); all words are big-endian.
 *
 * @param packMillivolts offset 0, u16 in 10 mV: 0-655350
 * @param currentMilliamps offset 2, int16 in 10 mA, positive while charging (stated in the spec):
 *     -327680 to 327670
 * @param remainingMilliampHours offset 4, u16 in 10 mAh: 0-655350
 * @param nominalMilliampHours offset 6, u16 in 10 mAh: 0-655350
 * @param cycles offset 8, u16: 0-65535
 * @param productionDate offset 10, u16 packed as day = bits 0-4, month = bits 5-8, year = 2000 +
 *     bits 9-15; null if the word is not a calendar date (for example an unprogrammed 0x0000)
 * @param balanceBits offsets 12 and 14: bit n = cell n+1 is balancing; bit 0 of the word at offset
 *     12 is cell 1 and bit 0 of the word at offset 14 is cell 17 (the spec and {@code lltjbd.py};
 *     ESPHome's reversed order is not followed, see PROTOCOLS.md quirk 4): 0 to 0xFFFFFFFF
 * @param protectionBits offset 16, u16; bit 0 cell over-voltage ... bit 12 MOS software lock
 * @param softwareVersion offset 18, raw byte, 0x80 = version 8.0: 0-255
 * @param socPercent offset 19, the BMS's own state of charge in %: 0-255 on the wire, 0-100 in
 *     practice
 * @param chargeFet offset 20 bit 0: the charge MOSFET conducts
 * @param dischargeFet offset 20 bit 1: the discharge MOSFET conducts
 * @param cellCount offset 21, series cell count the BMS is configured for: 0-255
 * @param tempDeciCelsius offset 22 holds the probe count N (may be 0, capture jbd-12), then N u16
 *     in 0.1 K from offset 23; stored here as (raw - 2731) tenths of a degree Celsius. Bytes after
 *     the probes (newer firmware) are ignored.
 */
public record JbdBasicInfo(
    int packMillivolts,
    int currentMilliamps,
    int remainingMilliampHours,
    int nominalMilliampHours,
    int cycles,
    @Nullable LocalDate productionDate,
    long balanceBits,
    int protectionBits,
    int softwareVersion,
    int socPercent,
    boolean chargeFet,
    boolean dischargeFet,
    int cellCount,
    List<Integer> tempDeciCelsius)
    implements JbdFrame {

  public JbdBasicInfo {
    tempDeciCelsius = List.copyOf(tempDeciCelsius);
  }

  @Override
  public int register() {
    return JbdFrames.REG_BASIC_INFO;
  }

  /** The FET byte as on the wire: bit 0 = charge, bit 1 = discharge. */
  public int fetBits() {
    return (chargeFet ? 1 : 0) | (dischargeFet ? 2 : 0);
  }

  /** Number of temperature probes (the NTC count byte). */
  public int ntcCount() {
    return tempDeciCelsius.size();
  }

  /** True if any cell is balancing. */
  public boolean balancing() {
    return balanceBits != 0;
  }
}
