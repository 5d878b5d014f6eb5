package org.chargebay.safety;

/** The supervisor's answer: carry on, or cut the charge now. */
public sealed interface SafetyVerdict {

  /** Nothing wrong. */
  record Ok() implements SafetyVerdict {}

  /**
   * Cut the charge on both paths (supply output off and BMS charge MOSFET off) and latch.
   *
   * @param detail a sentence naming the numbers, for the operator
   */
  record CutOff(Reason reason, String detail) implements SafetyVerdict {}

  /** Why a charge was cut. Names are stable: they appear in events, metrics and alerts. */
  enum Reason {
    CELL_OVER_VOLTAGE,
    SUPPLY_OVER_SETPOINT,
    OVER_CURRENT,
    OUTPUT_NOT_OFF,
    SUPPLY_PROTECTION_TRIPPED,
    BMS_STALE,
    SUPPLY_STALE,
    CELL_IMPLAUSIBLE,
    CELL_COUNT_MISMATCH,
    PACK_SUM_IMPLAUSIBLE,
    CHARGE_FET_OPENED,
    OVER_TEMPERATURE,
    NO_TAPER,
    CHARGE_BUDGET_EXCEEDED,
    CHARGE_TIME_EXCEEDED,
    SETPOINT_MISMATCH,
    SUPPLY_BMS_MISMATCH,
    BMS_FROZEN,
    BMS_DROPOUT,
    BMS_REBOOTED,
    BMS_ALARM,
    ALARMS_FLAPPING,
    PACK_OVER_VOLTAGE
  }

  static SafetyVerdict ok() {
    return new Ok();
  }
}
