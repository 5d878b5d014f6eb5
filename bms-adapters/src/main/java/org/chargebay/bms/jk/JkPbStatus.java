package org.chargebay.bms.jk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The status frame (type 2) of the JK PB / JK02 {@code 55 AA EB 90} protocol (PROTOCOLS.md 2b), all
 * fields little-endian. Offsets are those of the JK02_32S layout; the JK02_24S layout has 24 cell
 * slots and every later field 32 bytes earlier, except the temperatures (130/132) and the MOS probe
 * (134), after aiobmsble.
 *
 * @param layout which of the two layouts the frame was read with
 * @param counter byte 5, the frame counter
 * @param cellMillivolts the cells whose bit is set in {@code cellMask}, in slot order (u16 mV at 6
 *     + 2i)
 * @param cellMask u32 at 70 (24S: 54): bit i = slot i holds a cell
 * @param mosTempDeciCelsius int16 0.1 °C at 144 (24S: 134)
 * @param packMillivolts u32 mV at 150
 * @param powerMilliwatts u32 mW at 154
 * @param currentMilliamps int32 mA at 158, positive = charging
 * @param t1DeciCelsius int16 0.1 °C at 162 (24S: 130)
 * @param t2DeciCelsius int16 0.1 °C at 164 (24S: 132)
 * @param alarmBits u32 at 166 (32S only); null for 24S, whose alarm word no cited source locates
 * @param balanceCurrentMilliamps int16 mA at 170
 * @param balanceState byte 172: 0 off, 1 charge, 2 discharge
 * @param socPercent byte 173
 * @param remainingMilliampHours u32 mAh at 174
 * @param nominalMilliampHours u32 mAh at 178
 * @param cycles u32 at 182
 * @param sohPercent byte 190
 * @param runtimeSeconds u32 at 194
 * @param chargeFet byte 198 non-zero
 * @param dischargeFet byte 199 non-zero
 */
public record JkPbStatus(
    JkLayout layout,
    int counter,
    List<Integer> cellMillivolts,
    long cellMask,
    int mosTempDeciCelsius,
    long packMillivolts,
    long powerMilliwatts,
    int currentMilliamps,
    int t1DeciCelsius,
    int t2DeciCelsius,
    @Nullable Long alarmBits,
    int balanceCurrentMilliamps,
    int balanceState,
    int socPercent,
    long remainingMilliampHours,
    long nominalMilliampHours,
    long cycles,
    int sohPercent,
    long runtimeSeconds,
    boolean chargeFet,
    boolean dischargeFet) {

  public JkPbStatus {
    cellMillivolts = List.copyOf(cellMillivolts);
  }

  /** The two JK02 layouts. */
  public enum JkLayout {
    /** Firmware 11 and later, every RS485 PB board: 32 cell slots. */
    JK02_32S(32, 0),
    /**
     * Firmware before 11 (BLE-only B2A24S etc.): 24 cell slots (so the cell mask sits at 54), 8
     * fewer cell and 8 fewer resistance slots than 32S, so later fields sit 32 bytes earlier.
     */
    JK02_24S(24, -32);

    private final int slots;
    private final int shift;

    JkLayout(int slots, int shift) {
      this.slots = slots;
      this.shift = shift;
    }

    /** Number of cell slots. */
    public int slots() {
      return slots;
    }

    /** The frame offset of a field that sits at {@code offset32} in the 32S layout. */
    public int at(int offset32) {
      return offset32 + shift;
    }
  }
}
