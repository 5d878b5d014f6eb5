package org.chargebay.simulator;

import org.chargebay.bms.BmsSnapshot;

/** What a BMS emulator reads its values from and sends its MOSFET commands to. */
public interface BmsBackend {

  /** The pack as its BMS sees it now (the simulation is advanced to the clock's now first). */
  BmsSnapshot snapshot();

  /**
   * Whether the board answers requests right now; false while it is silent or rebooting (the
   * emulator then reads requests and answers nothing, MOSFET commands included).
   */
  default boolean answers() {
    return true;
  }

  /** Applies a MOSFET command received on the wire. */
  void setFets(boolean charge, boolean discharge);
}
