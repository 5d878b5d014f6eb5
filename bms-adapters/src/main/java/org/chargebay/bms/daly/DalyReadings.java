package org.chargebay.bms.daly;

import java.util.List;
import org.chargebay.bms.RawFrame;

/**
 * One polling round of a Daly BMS (0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98), the input of {@link
 * DalyBms#snapshot}.
 *
 * @param cells the 0x95 reply: the first {@code status.cellCount()} voltages, and what was dropped
 * @param temps the 0x96 reply: the first {@code status.tempSensorCount()} temperatures, and what
 *     was dropped
 * @param rawFrames every frame read and kept, oldest first
 */
public record DalyReadings(
    DalyFrame.PackStatus pack,
    DalyFrame.MosStatus mos,
    DalyFrame.StatusInfo status,
    DalySeries cells,
    DalySeries temps,
    DalyFrame.Balance balance,
    DalyFrame.Faults faults,
    List<RawFrame> rawFrames) {

  public DalyReadings {
    rawFrames = List.copyOf(rawFrames);
  }

  /** The cell voltages in mV, cell 1 first. */
  public List<Integer> cellMillivolts() {
    return cells.values();
  }

  /** The temperatures in °C, sensor 1 first. */
  public List<Integer> tempsCelsius() {
    return temps.values();
  }
}
