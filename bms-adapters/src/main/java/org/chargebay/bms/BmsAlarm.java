package org.chargebay.bms;

/**
 * A protection or alarm condition a BMS reports, by name, across families. Each family's decoder
 * maps its documented bits here (JBD 0x03 protection word, JK {@code 0x8B} alarm word, Daly 0x98
 * fault bytes, ANT MOSFET status codes); bits whose meaning no cited source documents map to {@link
 * #VENDOR_SPECIFIC}, and the raw words stay in {@link BmsSnapshot#protectionBits()} and the family
 * extras.
 */
public enum BmsAlarm {
  CELL_OVERVOLTAGE,
  CELL_UNDERVOLTAGE,
  PACK_OVERVOLTAGE,
  PACK_UNDERVOLTAGE,
  CHARGE_OVERTEMPERATURE,
  CHARGE_UNDERTEMPERATURE,
  DISCHARGE_OVERTEMPERATURE,
  DISCHARGE_UNDERTEMPERATURE,
  CHARGE_OVERCURRENT,
  DISCHARGE_OVERCURRENT,
  SHORT_CIRCUIT,
  FRONT_END_IC_ERROR,
  MOS_SOFTWARE_LOCK,
  LOW_CAPACITY,
  MOSFET_OVERTEMPERATURE,
  CELL_VOLTAGE_DIFFERENCE,
  TEMPERATURE_DIFFERENCE,
  BOX_OVERTEMPERATURE,
  BATTERY_OVERTEMPERATURE,
  BATTERY_UNDERTEMPERATURE,
  SOC_HIGH,
  SOC_LOW,
  CHARGE_MOSFET_FAULT,
  DISCHARGE_MOSFET_FAULT,
  TEMPERATURE_SENSOR_FAULT,
  VOLTAGE_SENSE_FAULT,
  CURRENT_SENSOR_FAULT,
  EEPROM_FAULT,
  RTC_FAULT,
  PRECHARGE_FAULT,
  COMMUNICATION_FAULT,
  BALANCE_WIRE_FAULT,
  LOW_VOLTAGE_CHARGE_FORBIDDEN,
  BATTERY_FULL,
  BATTERY_DROPPED,
  MOSFET_SWITCHED_OFF_MANUALLY,
  /**
   * Adapter cross-check: the current's sign (after the bay's convention) contradicts the state the
   * BMS reports (Daly 0x93 state byte). The convention is probably wrong for this board.
   */
  CURRENT_SIGN_MISMATCH,
  /** A cell index the BMS sent (min/max cell number) lies outside the configured cell count. */
  CELL_INDEX_OUT_OF_RANGE,
  /** A bit or code set that the cited sources do not name. */
  VENDOR_SPECIFIC
}
