package org.chargebay.simulator;

import org.chargebay.bms.BmsSnapshot;

/** What a BMS emulator reads its values from and sends its MOSFET commands to. */
public interface BmsBackend {

  /** The pack as its BMS sees it now (the simulation is advanced to the clock's now first). */
  BmsSnapshot snapshot();

  /** Applies a MOSFET command received on the wire. */
  void setFets(boolean charge, boolean discharge);
}
