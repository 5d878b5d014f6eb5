package org.chargebay.bms.daly;

import java.util.List;
import org.chargebay.bms.RawFrame;

/**
 * One polling round of a Daly BMS (0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98), the input of {@link
 * DalyBms#snapshot}.
 *
 * @param cellMillivolts the first {@code status.cellCount()} values of the 0x95 frames
 * @param tempsCelsius the first {@code status.tempSensorCount()} values of the 0x96 frames
 * @param rawFrames every frame read, oldest first
 */
public record DalyReadings(
    DalyFrame.PackStatus pack,
    DalyFrame.MosStatus mos,
    DalyFrame.StatusInfo status,
    List<Integer> cellMillivolts,
    List<Integer> tempsCelsius,
    DalyFrame.Balance balance,
    DalyFrame.Faults faults,
    List<RawFrame> rawFrames) {

  public DalyReadings {
    cellMillivolts = List.copyOf(cellMillivolts);
    tempsCelsius = List.copyOf(tempsCelsius);
    rawFrames = List.copyOf(rawFrames);
  }
}
