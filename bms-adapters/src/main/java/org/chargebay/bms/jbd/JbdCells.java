package org.chargebay.bms.jbd;

import java.util.List;

/**
 * The cell-voltage reply (register 0x04): {@code len / 2} big-endian u16 values in mV, cell 1 first
 * (PROTOCOLS.md section 1). A cell may read 0 mV on a bench board (capture jbd-13).
 *
 * @param cellMillivolts per-cell voltage, 0-65535 mV each
 */
public record JbdCells(List<Integer> cellMillivolts) implements JbdFrame {

  public JbdCells {
    cellMillivolts = List.copyOf(cellMillivolts);
  }

  @Override
  public int register() {
    return JbdFrames.REG_CELLS;
  }

  /** The number of cells reported. */
  public int cellCount() {
    return cellMillivolts.size();
  }
}
