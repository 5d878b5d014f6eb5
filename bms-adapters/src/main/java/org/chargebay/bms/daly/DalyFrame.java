package org.chargebay.bms.daly;

import java.util.List;

/**
 * A decoded Daly reply, one variant per data ID (PROTOCOLS.md 3). All words big-endian; the data
 * bytes are at frame offsets 4-11, called bytes 0-7 below. Bytes not listed carry junk and are not
 * checked (quirk 5).
 */
public sealed interface DalyFrame {

  /** The data ID (command byte, offset 2). */
  int command();

  /**
   * 0x90: pack voltage u16 x 100 mV (bytes 0-1), "gather" voltage u16 x 100 mV (2-3), current u16
   * (4-5) as {@code (raw - 30000) x 100 mA} with the wire's sign, SoC u16 x 0.1 % (6-7).
   */
  record PackStatus(
      int packMillivolts, int gatherMillivolts, int currentWireMilliamps, int socPermille)
      implements DalyFrame {
    @Override
    public int command() {
      return DalyFrames.PACK_STATUS;
    }
  }

  /** 0x91: max cell mV u16 (0-1), its number (2), min cell mV u16 (3-4), its number (5). */
  record CellExtremes(int maxMillivolts, int maxCell, int minMillivolts, int minCell)
      implements DalyFrame {
    @Override
    public int command() {
      return DalyFrames.CELL_EXTREMES;
    }
  }

  /** 0x92: max temperature raw - 40 °C (0), sensor (1); min temperature (2), sensor (3). */
  record TempExtremes(int maxCelsius, int maxSensor, int minCelsius, int minSensor)
      implements DalyFrame {
    @Override
    public int command() {
      return DalyFrames.TEMP_EXTREMES;
    }
  }

  /**
   * 0x93: state (0 idle, 1 charge, 2 discharge), charge MOS (1), discharge MOS (2), BMS life (3),
   * remaining capacity u32 mAh (4-7). The MOS bytes may lag the real switch (quirk 4).
   */
  record MosStatus(
      int state, boolean chargeFet, boolean dischargeFet, int bmsLife, long remainingMilliampHours)
      implements DalyFrame {
    @Override
    public int command() {
      return DalyFrames.MOS_STATUS;
    }
  }

  /**
   * 0x94: cell count (0), temperature sensors (1), charger (2), load (3), DI/DO bits (4), cycles
   * u16 (5-6).
   */
  record StatusInfo(
      int cellCount,
      int tempSensorCount,
      boolean chargerConnected,
      boolean loadConnected,
      int dioBits,
      int cycles)
      implements DalyFrame {
    @Override
    public int command() {
      return DalyFrames.STATUS_INFO;
    }
  }

  /** One 0x95 frame: frame number (0, from 1), three cell mV u16 (1-6). */
  record CellVoltages(int frameNumber, List<Integer> millivolts) implements DalyFrame {
    public CellVoltages {
      millivolts = List.copyOf(millivolts);
    }

    @Override
    public int command() {
      return DalyFrames.CELL_VOLTAGES;
    }
  }

  /** One 0x96 frame: frame number (0, from 1), seven temperatures raw - 40 °C (1-7). */
  record Temperatures(int frameNumber, List<Integer> celsius) implements DalyFrame {
    public Temperatures {
      celsius = List.copyOf(celsius);
    }

    @Override
    public int command() {
      return DalyFrames.TEMPERATURES;
    }
  }

  /** 0x97: balance bits, bytes 0-5, bit 0 of byte 0 = cell 1 (48 cells). */
  record Balance(long balanceBits) implements DalyFrame {
    @Override
    public int command() {
      return DalyFrames.BALANCE;
    }
  }

  /** 0x98: fault bits, bytes 0-6 (byte 0 in bits 0-7 of {@code faultBits}), fault code (7). */
  record Faults(long faultBits, int faultCode) implements DalyFrame {
    @Override
    public int command() {
      return DalyFrames.FAULTS;
    }
  }

  /** Reply to 0xD9 (discharge MOS) or 0xDA (charge MOS): byte 0 = 1 on, 0 off. */
  record MosAck(int command, boolean on) implements DalyFrame {}
}
