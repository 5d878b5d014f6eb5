package org.chargebay.bms.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.chargebay.bms.jbd.JbdBasicInfo;
import org.chargebay.bms.jbd.JbdCells;
import org.chargebay.bms.jbd.JbdErrorCounts;
import org.chargebay.bms.jbd.JbdFrame;
import org.chargebay.bms.jbd.JbdHardware;
import org.chargebay.bms.jbd.JbdWriteAck;

/**
 * Renders decoded JBD frames with the key names and units of the fixture vectors' {@code expected}
 * objects (PROTOCOLS.md section 5): volts, amps, ampere-hours and degrees Celsius as exact decimals
 * converted from the integer milli-units, bitmasks and counters as integers.
 */
public final class JbdJson {

  /** The {@code "family"} value. */
  public static final String FAMILY = "jbd";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JbdJson() {}

  /**
   * One JSON object with {@code "family"}, {@code "frame"} (basic_info, cells, hardware,
   * error_counts or write_ack) and the frame's fields.
   */
  public static ObjectNode toJson(JbdFrame frame) {
    ObjectNode json = NODES.objectNode();
    json.put("family", FAMILY);
    if (frame instanceof JbdBasicInfo info) {
      json.put("frame", "basic_info");
      basicInfo(info, json);
    } else if (frame instanceof JbdCells cells) {
      json.put("frame", "cells");
      ArrayNode volts = json.putArray("cells_v");
      cells.cellMillivolts().forEach(mv -> volts.add(milli(mv)));
      json.put("cell_count", cells.cellCount());
    } else if (frame instanceof JbdHardware hardware) {
      json.put("frame", "hardware");
      json.put("device_model", hardware.model());
    } else if (frame instanceof JbdErrorCounts counts) {
      json.put("frame", "error_counts");
      errorCounts(counts, json.putObject("error_counts"));
    } else if (frame instanceof JbdWriteAck ack) {
      json.put("frame", "write_ack");
      json.put("register", ack.register());
    } else {
      throw new IllegalStateException("unhandled JbdFrame " + frame.getClass());
    }
    return json;
  }

  private static void basicInfo(JbdBasicInfo info, ObjectNode json) {
    json.put("pack_v", milli(info.packMillivolts()));
    json.put("current_a", milli(info.currentMilliamps()));
    json.put("capacity_remaining_ah", milli(info.remainingMilliampHours()));
    json.put("capacity_nominal_ah", milli(info.nominalMilliampHours()));
    json.put("cycles", info.cycles());
    LocalDate date = info.productionDate();
    if (date == null) {
      json.putNull("production_date");
    } else {
      json.put("production_date", date.toString());
    }
    json.put("balancing", info.balancing());
    json.put("balance_bitmask", info.balanceBits());
    json.put("protection_bitmask", info.protectionBits());
    json.put("software_version", info.softwareVersion());
    json.put("soc_pct", info.socPercent());
    json.put("fet_bitmask", info.fetBits());
    json.put("charge_fet", info.chargeFet());
    json.put("discharge_fet", info.dischargeFet());
    json.put("cell_count", info.cellCount());
    json.put("ntc_count", info.ntcCount());
    ArrayNode temps = json.putArray("temps_c");
    info.tempDeciCelsius().forEach(deci -> temps.add(deci(deci)));
  }

  private static void errorCounts(JbdErrorCounts counts, ObjectNode json) {
    json.put("short_circuit", counts.shortCircuit());
    json.put("charge_overcurrent", counts.chargeOvercurrent());
    json.put("discharge_overcurrent", counts.dischargeOvercurrent());
    json.put("cell_overvoltage", counts.cellOvervoltage());
    json.put("cell_undervoltage", counts.cellUndervoltage());
    json.put("charge_overtemperature", counts.chargeOvertemperature());
    json.put("charge_undertemperature", counts.chargeUndertemperature());
    json.put("discharge_overtemperature", counts.dischargeOvertemperature());
    json.put("discharge_undertemperature", counts.dischargeUndertemperature());
    json.put("pack_overvoltage", counts.packOvervoltage());
    json.put("pack_undervoltage", counts.packUndervoltage());
  }

  /** Milli-units to units, exact: 15600 becomes 15.6. */
  private static BigDecimal milli(int value) {
    return BigDecimal.valueOf(value, 3).stripTrailingZeros();
  }

  /** Tenths to units, exact: 224 becomes 22.4. */
  private static BigDecimal deci(int value) {
    return BigDecimal.valueOf(value, 1).stripTrailingZeros();
  }
}
