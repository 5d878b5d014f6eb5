package org.chargebay.events;

/**
 * Why a charge was cut off (and the fault latched). The JSON form is the name, so that stored
 * events, metrics labels and alert rules keep the same words; names are never renamed or reused.
 */
public enum CutOffReason {
  /** A cell above the session ceiling plus the safety margin. */
  CELL_OVER_VOLTAGE,
  /** The supply's output voltage above what it was commanded. */
  SUPPLY_OVER_SETPOINT,
  /** Pack current above the profile's current plus the margin. */
  OVER_CURRENT,
  /** An output commanded off still reports on or delivers current. */
  OUTPUT_NOT_OFF,
  /** The supply's own OVP/OCP/OTP tripped. */
  SUPPLY_PROTECTION_TRIPPED,
  /** No fresh BMS reading while charging. */
  BMS_STALE,
  /** No fresh supply reading while charging. */
  SUPPLY_STALE,
  /** A cell reading outside the plausible range (sense lead or board fault). */
  CELL_IMPLAUSIBLE,
  /** The BMS reports another series count than the profile. */
  CELL_COUNT_MISMATCH,
  /** The sum of the cells disagrees with the pack voltage. */
  PACK_SUM_IMPLAUSIBLE,
  /** The BMS opened its charge MOSFET on its own while charging. */
  CHARGE_FET_OPENED,
  /** The supply's OVP/OCP could not be set at session start. */
  HARDWARE_LIMITS_NOT_SET,
  /** The bay's loop did not complete a cycle in time; the watchdog cut it. */
  LOOP_STALLED,
  /** A cell temperature above the chemistry's charge window while charging. */
  OVER_TEMPERATURE,
  /** In CV at the ceiling, the current did not fall below its fraction within the window. */
  NO_TAPER,
  /** The session charged more than the pack's capacity times the budget factor. */
  CHARGE_BUDGET_EXCEEDED,
  /** The session charged for longer than its maximum charge time. */
  CHARGE_TIME_EXCEEDED,
  /** The supply's read-back setpoint differs from the commanded one. */
  SETPOINT_MISMATCH,
  /** The supply's output voltage or current disagrees with the BMS's. */
  SUPPLY_BMS_MISMATCH,
  /** The BMS repeats the same cells and current while current flows: it stopped measuring. */
  BMS_FROZEN,
  /** BMS reads failed while charging. */
  BMS_DROPOUT,
  /** The BMS came back with its counters reset: it restarted. */
  BMS_REBOOTED,
  /** The BMS's own alarm bits report over-voltage, charge over-temperature or over-current. */
  BMS_ALARM,
  /** BMS alarm bits toggled too often within a window (a failing sense lead or board). */
  ALARMS_FLAPPING,
  /** Without a BMS: the pack voltage (the supply's output) above the pack ceiling plus margin. */
  PACK_OVER_VOLTAGE
}
