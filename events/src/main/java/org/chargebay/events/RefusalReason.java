package org.chargebay.events;

/**
 * Why a start was refused before any current flowed. The JSON form is the name, so that stored
 * events and the API keep the same words; names are never renamed or reused.
 */
public enum RefusalReason {
  /** A fault is latched and waits for an operator. */
  FAULT_LATCHED,
  /** A session is already open. */
  ALREADY_CHARGING,
  /** No fresh reading from the BMS or the supply. */
  NO_TELEMETRY,
  /** The supply cannot set the profile's voltage or current (with its OVP/OCP margins). */
  SUPPLY_CANNOT_SERVE,
  /** A fixed-voltage charger above the pack ceiling plus the OVP margin. */
  FIXED_VOLTAGE_ABOVE_CEILING,
  /** A supply without settable OVP/OCP on a bay that has not accepted that. */
  NO_HARDWARE_LIMITS,
  /** The BMS reports another series count than the profile. */
  CELL_COUNT_MISMATCH,
  /** A cell reading outside the plausible range. */
  CELL_IMPLAUSIBLE,
  /** The sum of the cells disagrees with the pack voltage. */
  PACK_SUM_MISMATCH,
  /** The pack is already above the profile's pack ceiling. */
  PACK_ABOVE_CEILING,
  /** The highest cell is already at the ceiling. */
  ALREADY_FULL,
  /** The BMS charge MOSFET is off. */
  CHARGE_FET_OFF,
  /** The profile names a chemistry the controller has no limits for. */
  UNKNOWN_CHEMISTRY,
  /** The profile's cell ceiling is above its chemistry's maximum. */
  CEILING_ABOVE_CHEMISTRY_MAX,
  /** A cell temperature outside the chemistry's charge window. */
  TEMPERATURE_OUT_OF_WINDOW,
  /** The lowest cell is below the chemistry's minimum chargeable voltage. */
  CELL_BELOW_MINIMUM,
  /**
   * A charge policy that cannot be met: a target state of charge whose resting voltage is no
   * allowed ceiling, or a start or finish time that is not ahead.
   */
  PLAN_NOT_POSSIBLE
}
