package org.chargebay.bms;

/** What the balancer is doing, as far as the BMS reports it. */
public enum BalanceState {
  /** Not balancing. */
  OFF,
  /** Balancing, direction not reported (JBD, Daly: a cell's balance bit is set). */
  ACTIVE,
  /** Balancing while charging (JK PB state 1, ANT "charge delta"). */
  CHARGING,
  /** Balancing while discharging (JK PB state 2). */
  DISCHARGING,
  /** The BMS reported a state this adapter does not know. */
  UNKNOWN
}
