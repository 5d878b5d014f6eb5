package org.chargebay.bms.daly;

import java.util.List;
import org.chargebay.bms.wire.Bytes;

/**
 * Builds Daly frames: {@code A5 <addr> <id> 08 <8 data bytes> <sum8>}. Requests carry the host
 * address (0x40 RS485/PC port, 0x80 UART/Bluetooth) and 8 zero bytes; replies carry address 0x01.
 * The reply encoders are exact inverses of {@link DalyDecoder} (junk bytes are written as zero).
 */
public final class DalyFrames {

  public static final int START = 0xA5;
  public static final int FRAME_LENGTH = 13;
  public static final int DATA_LENGTH = 8;

  /** Host address on the RS485/PC port (V1.2 PDF, python-daly-bms "4 for RS485"). */
  public static final int HOST_RS485 = 0x40;

  /** Host address on UART/Bluetooth (V1.2 PDF, python-daly-bms "8 for UART"). */
  public static final int HOST_UART = 0x80;

  /** The address the BMS answers with. */
  public static final int BMS_ADDRESS = 0x01;

  public static final int PACK_STATUS = 0x90;
  public static final int CELL_EXTREMES = 0x91;
  public static final int TEMP_EXTREMES = 0x92;
  public static final int MOS_STATUS = 0x93;
  public static final int STATUS_INFO = 0x94;
  public static final int CELL_VOLTAGES = 0x95;
  public static final int TEMPERATURES = 0x96;
  public static final int BALANCE = 0x97;
  public static final int FAULTS = 0x98;
  public static final int DISCHARGE_MOS = 0xD9;
  public static final int CHARGE_MOS = 0xDA;

  /** Cells per 0x95 frame. */
  public static final int CELLS_PER_FRAME = 3;

  /** Temperatures per 0x96 frame. */
  public static final int TEMPS_PER_FRAME = 7;

  /** The raw temperature offset: wire = °C + 40. */
  public static final int TEMP_OFFSET = 40;

  /** The current offset: wire = 30000 + current in 0.1 A. */
  public static final int CURRENT_OFFSET = 30000;

  private DalyFrames() {}

  /** A read request, e.g. {@code A5 40 90 08 00 00 00 00 00 00 00 00 7D}. */
  public static byte[] request(int hostAddress, int command) {
    return frame(hostAddress, command, new byte[DATA_LENGTH]);
  }

  /** Switch a MOSFET: {@link #CHARGE_MOS} or {@link #DISCHARGE_MOS}, data byte 0 = 1 on, 0 off. */
  public static byte[] mosCommand(int hostAddress, int command, boolean on) {
    byte[] data = new byte[DATA_LENGTH];
    data[0] = (byte) (on ? 1 : 0);
    return frame(hostAddress, command, data);
  }

  /** Any frame with 8 data bytes. */
  public static byte[] frame(int address, int command, byte[] data) {
    if (data.length != DATA_LENGTH) {
      throw new IllegalArgumentException("a Daly frame carries 8 data bytes, not " + data.length);
    }
    byte[] f = new byte[FRAME_LENGTH];
    f[0] = (byte) START;
    f[1] = (byte) Bytes.check("address", address, 0, 0xFF);
    f[2] = (byte) Bytes.check("command", command, 0, 0xFF);
    f[3] = DATA_LENGTH;
    System.arraycopy(data, 0, f, 4, DATA_LENGTH);
    f[12] = (byte) DalyChecksum.compute(f);
    return f;
  }

  /** The reply frame (address 0x01) carrying {@code value}. */
  public static byte[] encode(DalyFrame value) {
    byte[] d = new byte[DATA_LENGTH];
    if (value instanceof DalyFrame.PackStatus v) {
      Bytes.put16be(d, 0, (int) Bytes.units("packMillivolts", v.packMillivolts(), 100, 0, 0xFFFF));
      Bytes.put16be(
          d, 2, (int) Bytes.units("gatherMillivolts", v.gatherMillivolts(), 100, 0, 0xFFFF));
      Bytes.put16be(
          d,
          4,
          (int)
                  Bytes.units(
                      "currentWireMilliamps",
                      v.currentWireMilliamps(),
                      100,
                      -CURRENT_OFFSET,
                      0xFFFF - CURRENT_OFFSET)
              + CURRENT_OFFSET);
      Bytes.put16be(d, 6, (int) Bytes.check("socPermille", v.socPermille(), 0, 0xFFFF));
    } else if (value instanceof DalyFrame.CellExtremes v) {
      Bytes.put16be(d, 0, (int) Bytes.check("maxMillivolts", v.maxMillivolts(), 0, 0xFFFF));
      d[2] = (byte) Bytes.check("maxCell", v.maxCell(), 0, 0xFF);
      Bytes.put16be(d, 3, (int) Bytes.check("minMillivolts", v.minMillivolts(), 0, 0xFFFF));
      d[5] = (byte) Bytes.check("minCell", v.minCell(), 0, 0xFF);
    } else if (value instanceof DalyFrame.TempExtremes v) {
      d[0] = temp("maxCelsius", v.maxCelsius());
      d[1] = (byte) Bytes.check("maxSensor", v.maxSensor(), 0, 0xFF);
      d[2] = temp("minCelsius", v.minCelsius());
      d[3] = (byte) Bytes.check("minSensor", v.minSensor(), 0, 0xFF);
    } else if (value instanceof DalyFrame.MosStatus v) {
      d[0] = (byte) Bytes.check("state", v.state(), 0, 0xFF);
      d[1] = (byte) (v.chargeFet() ? 1 : 0);
      d[2] = (byte) (v.dischargeFet() ? 1 : 0);
      d[3] = (byte) Bytes.check("bmsLife", v.bmsLife(), 0, 0xFF);
      Bytes.put32be(
          d, 4, Bytes.check("remainingMilliampHours", v.remainingMilliampHours(), 0, 0xFFFF_FFFFL));
    } else if (value instanceof DalyFrame.StatusInfo v) {
      d[0] = (byte) Bytes.check("cellCount", v.cellCount(), 0, 0xFF);
      d[1] = (byte) Bytes.check("tempSensorCount", v.tempSensorCount(), 0, 0xFF);
      d[2] = (byte) (v.chargerConnected() ? 1 : 0);
      d[3] = (byte) (v.loadConnected() ? 1 : 0);
      d[4] = (byte) Bytes.check("dioBits", v.dioBits(), 0, 0xFF);
      Bytes.put16be(d, 5, (int) Bytes.check("cycles", v.cycles(), 0, 0xFFFF));
    } else if (value instanceof DalyFrame.CellVoltages v) {
      d[0] = (byte) Bytes.check("frameNumber", v.frameNumber(), 0, 0xFF);
      List<Integer> mv = v.millivolts();
      Bytes.check("cells per frame", mv.size(), CELLS_PER_FRAME, CELLS_PER_FRAME);
      for (int i = 0; i < CELLS_PER_FRAME; i++) {
        Bytes.put16be(d, 1 + 2 * i, (int) Bytes.check("millivolts", mv.get(i), 0, 0xFFFF));
      }
    } else if (value instanceof DalyFrame.Temperatures v) {
      d[0] = (byte) Bytes.check("frameNumber", v.frameNumber(), 0, 0xFF);
      Bytes.check("temperatures per frame", v.celsius().size(), TEMPS_PER_FRAME, TEMPS_PER_FRAME);
      for (int i = 0; i < TEMPS_PER_FRAME; i++) {
        d[1 + i] = temp("celsius", v.celsius().get(i));
      }
    } else if (value instanceof DalyFrame.Balance v) {
      long bits = Bytes.check("balanceBits", v.balanceBits(), 0, (1L << 48) - 1);
      for (int i = 0; i < 6; i++) {
        d[i] = (byte) (bits >>> (8 * i));
      }
    } else if (value instanceof DalyFrame.Faults v) {
      long bits = Bytes.check("faultBits", v.faultBits(), 0, (1L << 56) - 1);
      for (int i = 0; i < 7; i++) {
        d[i] = (byte) (bits >>> (8 * i));
      }
      d[7] = (byte) Bytes.check("faultCode", v.faultCode(), 0, 0xFF);
    } else if (value instanceof DalyFrame.MosAck v) {
      d[0] = (byte) (v.on() ? 1 : 0);
    } else {
      throw new IllegalStateException("unhandled DalyFrame " + value);
    }
    return frame(BMS_ADDRESS, value.command(), d);
  }

  private static byte temp(String name, int celsius) {
    return (byte) Bytes.check(name + " + 40", celsius + TEMP_OFFSET, 0, 0xFF);
  }
}
