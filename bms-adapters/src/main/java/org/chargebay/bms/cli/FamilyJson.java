package org.chargebay.bms.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.chargebay.bms.BmsAlarm;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.DroppedBytes;
import org.chargebay.bms.FamilyExtras;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.Temperature;
import org.chargebay.bms.ant.AntBms;
import org.chargebay.bms.ant.AntDecoder;
import org.chargebay.bms.ant.AntDeviceInfo;
import org.chargebay.bms.ant.AntLegacyStatus;
import org.chargebay.bms.ant.AntStatus;
import org.chargebay.bms.daly.DalyDecoder;
import org.chargebay.bms.daly.DalyFrame;
import org.chargebay.bms.daly.DalyFrames;
import org.chargebay.bms.daly.DalySeries;
import org.chargebay.bms.daly.DalyStream;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrame;
import org.chargebay.bms.jk.JkDecoder;
import org.chargebay.bms.jk.JkPbStatus;
import org.chargebay.bms.jk.JkTlvStatus;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one captured reply of any family and renders it with the key names and units of the
 * fixture vectors' {@code expected} objects (PROTOCOLS.md section 5). Where the current's sign is
 * disputed (Daly, ANT legacy), both {@code current_wire_a} (as sent) and {@code current_a} (under
 * the given conventions, positive = charging) are printed.
 */
public final class FamilyJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private FamilyJson() {}

  /**
   * Decodes {@code frame} as a reply of {@code family}.
   *
   * @param family jbd, jk, daly or ant (lower case)
   * @param cellsHint the Daly cell (or sensor) count for a multi-frame 0x95 (0x96) reply; null to
   *     drop trailing zero slots (a reply that lost a frame is then refused: the frame may have
   *     held values)
   * @return the JSON object, or the rejection
   */
  public static DecodeResult<ObjectNode> decode(
      String family, byte[] frame, BmsConventions conventions, @Nullable Integer cellsHint) {
    switch (family) {
      case "jbd":
        return JbdDecoder.decode(frame).map((JbdFrame f) -> JbdJson.toJson(f));
      case "jk":
        return jk(frame);
      case "daly":
        return daly(frame, conventions, cellsHint);
      case "ant":
        return ant(frame, conventions);
      default:
        throw new IllegalArgumentException("unknown family " + family);
    }
  }

  // ---------------------------------------------------------------- JK

  private static DecodeResult<ObjectNode> jk(byte[] f) {
    if (f.length > 0 && (f[0] & 0xFF) == 0x55) {
      return JkDecoder.decodePb(f).map(s -> jkPb(s));
    }
    return JkDecoder.decodeTlv(f).map(s -> jkTlv(s));
  }

  private static ObjectNode jkTlv(JkTlvStatus s) {
    ObjectNode j = head("jk", "tlv_status");
    cells(j, s.cellMillivolts());
    j.put("cell_count", s.cellCount());
    j.put("pack_v", milli(s.packMillivolts()));
    j.put("current_a", milli(s.currentMilliamps()));
    j.put("mosfet_temp_c", deci(s.mosTempDeciCelsius()));
    ArrayNode temps = j.putArray("temps_c");
    temps.add(deci(s.t1DeciCelsius()));
    temps.add(deci(s.t2DeciCelsius()));
    j.put("temp_sensor_count", s.tempSensorCount());
    j.put("soc_pct", s.socPercent());
    j.put("cycles", s.cycles());
    j.put("total_cycle_capacity_ah", s.totalCycleCapacityAh());
    j.put("capacity_nominal_ah", s.nominalCapacityAh());
    j.put("alarm_bitmask", s.alarmBits());
    j.put("status_bitmask", s.statusBits());
    j.put("charge_fet", s.chargeFet());
    j.put("discharge_fet", s.dischargeFet());
    j.put("balancing", s.balancerEnabled());
    j.put("balancer_enabled", s.balancerEnabled());
    putNullable(j, "software_version", s.softwareVersion());
    Integer protocol = s.protocolVersion();
    j.put("protocol_version", protocol == null ? 0 : protocol);
    Long runtime = s.runtimeMinutes();
    if (runtime != null) {
      j.put("runtime_min", runtime);
    }
    alarms(j, org.chargebay.bms.jk.JkBms.tlvAlarms(s.alarmBits(), s.statusBits()));
    return j;
  }

  private static ObjectNode jkPb(JkPbStatus s) {
    ObjectNode j = head("jk", "pb_status");
    j.put("layout", s.layout().name().toLowerCase(Locale.ROOT));
    cells(j, s.cellMillivolts());
    j.put("cell_count", s.cellMillivolts().size());
    j.put("pack_v", BigDecimal.valueOf(s.packMillivolts(), 3).stripTrailingZeros());
    j.put("current_a", milli(s.currentMilliamps()));
    j.put("power_w", BigDecimal.valueOf(s.powerMilliwatts(), 3).stripTrailingZeros());
    j.put("mosfet_temp_c", deci(s.mosTempDeciCelsius()));
    ArrayNode temps = j.putArray("temps_c");
    temps.add(deci(s.t1DeciCelsius()));
    temps.add(deci(s.t2DeciCelsius()));
    Long alarms = s.alarmBits();
    if (alarms == null) {
      j.putNull("alarm_bitmask");
    } else {
      j.put("alarm_bitmask", alarms);
    }
    j.put("balance_current_a", milli(s.balanceCurrentMilliamps()));
    j.put("balance_state", s.balanceState());
    j.put("balancing", s.balanceState() != 0);
    j.put("soc_pct", s.socPercent());
    j.put("soh_pct", s.sohPercent());
    j.put(
        "capacity_remaining_ah",
        BigDecimal.valueOf(s.remainingMilliampHours(), 3).stripTrailingZeros());
    j.put(
        "capacity_nominal_ah",
        BigDecimal.valueOf(s.nominalMilliampHours(), 3).stripTrailingZeros());
    j.put("cycles", s.cycles());
    j.put("runtime_s", s.runtimeSeconds());
    j.put("charge_fet", s.chargeFet());
    j.put("discharge_fet", s.dischargeFet());
    return j;
  }

  // ---------------------------------------------------------------- Daly

  private static DecodeResult<ObjectNode> daly(
      byte[] bytes, BmsConventions c, @Nullable Integer cellsHint) {
    Integer series = DalyStream.seriesCommand(bytes);
    if (series != null) {
      return DalyDecoder.decodeSeries(bytes, series, cellsHint, DalyStream.End.MAY_BE_CUT)
          .map(s -> dalySeries(s, cellsHint));
    }
    if (bytes.length == 0 || bytes.length % DalyFrames.FRAME_LENGTH != 0) {
      return DecodeResult.rejected(
          new FrameError.BadLength(
              bytes.length > 3 ? bytes[3] & 0xFF : 0,
              bytes.length,
              "Daly replies are one or more 13-byte frames"),
          bytes);
    }
    List<DalyFrame> frames = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += DalyFrames.FRAME_LENGTH) {
      byte[] one = Arrays.copyOfRange(bytes, at, at + DalyFrames.FRAME_LENGTH);
      DecodeResult<DalyFrame> r = DalyDecoder.decode(one);
      if (r instanceof Rejected<DalyFrame> rejected) {
        return DecodeResult.rejected(rejected.error(), bytes);
      }
      frames.add(((Decoded<DalyFrame>) r).value());
    }
    DalyFrame first = frames.get(0);
    for (DalyFrame f : frames) {
      if (f.command() != first.command()) {
        return DecodeResult.rejected(
            new FrameError.BadField("data ID", "a multi-frame reply mixes data IDs"), bytes);
      }
    }
    if (frames.size() > 1
        && first.command() != DalyFrames.CELL_VOLTAGES
        && first.command() != DalyFrames.TEMPERATURES) {
      return DecodeResult.rejected(
          new FrameError.BadField("data ID", "only 0x95 and 0x96 replies span several frames"),
          bytes);
    }
    ObjectNode j = head("daly", String.format(Locale.ROOT, "0x%02x", first.command()));
    if (first instanceof DalyFrame.PackStatus p) {
      j.put("pack_v", milli(p.packMillivolts()));
      j.put("acquisition_v", milli(p.gatherMillivolts()));
      j.put("current_wire_a", milli(p.currentWireMilliamps()));
      j.put("current_a", milli(c.dalyCurrentSign().apply(p.currentWireMilliamps())));
      j.put("current_sign_convention", c.dalyCurrentSign().name().toLowerCase(Locale.ROOT));
      j.put("soc_pct", deci(p.socPermille()));
    } else if (first instanceof DalyFrame.CellExtremes x) {
      j.put("max_cell_v", milli(x.maxMillivolts()));
      j.put("max_cell_no", x.maxCell());
      j.put("min_cell_v", milli(x.minMillivolts()));
      j.put("min_cell_no", x.minCell());
    } else if (first instanceof DalyFrame.TempExtremes x) {
      j.put("max_temp_c", x.maxCelsius());
      j.put("max_temp_sensor", x.maxSensor());
      j.put("min_temp_c", x.minCelsius());
      j.put("min_temp_sensor", x.minSensor());
    } else if (first instanceof DalyFrame.MosStatus m) {
      j.put(
          "state",
          m.state() == 0
              ? "stationary"
              : m.state() == 1 ? "charging" : m.state() == 2 ? "discharging" : "unknown");
      j.put("charge_fet", m.chargeFet());
      j.put("discharge_fet", m.dischargeFet());
      j.put("bms_life", m.bmsLife());
      j.put(
          "capacity_remaining_ah",
          BigDecimal.valueOf(m.remainingMilliampHours(), 3).stripTrailingZeros());
    } else if (first instanceof DalyFrame.StatusInfo s) {
      j.put("cell_count", s.cellCount());
      j.put("temp_sensor_count", s.tempSensorCount());
      j.put("charger_connected", s.chargerConnected());
      j.put("load_connected", s.loadConnected());
      j.put("dio_bitmask", s.dioBits());
      j.put("cycles", s.cycles());
    } else if (first instanceof DalyFrame.Balance b) {
      j.put("balance_bitmask", b.balanceBits());
      j.put("balancing", b.balanceBits() != 0);
    } else if (first instanceof DalyFrame.Faults f) {
      j.put("fault_bitmask", f.faultBits());
      j.put("fault_code", f.faultCode());
      alarms(j, org.chargebay.bms.daly.DalyBms.alarms(f.faultBits()));
    } else if (first instanceof DalyFrame.MosAck a) {
      j.put(a.command() == DalyFrames.CHARGE_MOS ? "charge_fet" : "discharge_fet", a.on());
    }
    return DecodeResult.decoded(j);
  }

  /**
   * A 0x95/0x96 reply: the values, the kept frames' numbers (in arrival order) and slots (in frame
   * order), and what was dropped.
   */
  private static ObjectNode dalySeries(DalySeries s, @Nullable Integer cellsHint) {
    ObjectNode j = head("daly", String.format(Locale.ROOT, "0x%02x", s.command()));
    ArrayNode numbers = j.putArray("frame_numbers");
    s.frames().forEach(f -> numbers.add(f.number()));
    List<Integer> all = new ArrayList<>();
    s.frames().stream()
        .sorted(Comparator.comparingInt(DalyStream.Kept::number))
        .forEach(f -> all.addAll(f.values()));
    if (s.command() == DalyFrames.CELL_VOLTAGES) {
      cells(j, firstValues(s.values(), cellsHint, 0));
      ArrayNode slots = j.putArray("cells_v_all_slots");
      all.forEach(mv -> slots.add(milli(mv)));
    } else {
      ArrayNode temps = j.putArray("temps_c");
      firstValues(s.values(), cellsHint, -DalyFrames.TEMP_OFFSET).forEach(temps::add);
      ArrayNode slots = j.putArray("temps_c_all_slots");
      all.forEach(slots::add);
    }
    ArrayNode dropped = j.putArray("dropped");
    for (DroppedBytes d : s.dropped()) {
      ObjectNode o = dropped.addObject();
      o.put("offset", d.offset());
      o.put("length", d.length());
      o.put("reason", d.reason().code());
      Integer n = d.frameNumber();
      if (n == null) {
        o.putNull("frame_number");
      } else {
        o.put("frame_number", n);
      }
    }
    return j;
  }

  /** The first {@code hint} values, or without a hint all values up to the last non-empty one. */
  private static List<Integer> firstValues(List<Integer> all, @Nullable Integer hint, int empty) {
    int n;
    if (hint != null) {
      n = Math.min(hint, all.size());
    } else {
      n = all.size();
      while (n > 0 && all.get(n - 1) == empty) {
        n--;
      }
    }
    return all.subList(0, n);
  }

  // ---------------------------------------------------------------- ANT

  private static DecodeResult<ObjectNode> ant(byte[] f, BmsConventions c) {
    if (f.length > 0 && (f[0] & 0xFF) == 0xAA) {
      DecodeResult<AntLegacyStatus> r = AntDecoder.decodeLegacy(f);
      if (r instanceof Decoded<AntLegacyStatus> d) {
        DecodeResult<BmsSnapshot> snap = AntBms.snapshot(d.value(), c, f);
        if (snap instanceof Rejected<BmsSnapshot> rej) {
          return DecodeResult.rejected(rej.error(), f);
        }
        return DecodeResult.decoded(antLegacy(d.value(), ((Decoded<BmsSnapshot>) snap).value(), c));
      }
      return r.map(x -> NODES.objectNode());
    }
    if (f.length > 2 && (f[2] & 0xFF) == 0x12) {
      return AntDecoder.decodeDeviceInfo(f).map(FamilyJson::antInfo);
    }
    return AntDecoder.decodeStatus(f).map(s -> antStatus(s, c, f));
  }

  private static ObjectNode antInfo(AntDeviceInfo info) {
    ObjectNode j = head("ant", "device_info");
    j.put("device_model", info.model());
    j.put("software_version", info.softwareVersion());
    return j;
  }

  private static ObjectNode antStatus(AntStatus s, BmsConventions c, byte[] raw) {
    BmsSnapshot snap = AntBms.snapshot(s, c, raw);
    ObjectNode j = head("ant", "status");
    cells(j, s.cellMillivolts());
    j.put("cell_count", s.cellMillivolts().size());
    j.put("pack_v", milli(s.packMillivolts()));
    j.put("current_a", milli(s.currentWireMilliamps()));
    j.put("soc_pct", s.socPercent());
    j.put("soh_pct", s.sohPercent());
    ArrayNode temps = j.putArray("temps_c");
    s.tempsCelsius().forEach(t -> temps.add(BigDecimal.valueOf(t)));
    j.put("mosfet_temp_c", s.mosTempCelsius());
    j.put("balancer_temp_c", s.balancerTempCelsius());
    j.put("mos_status_byte0", s.mosByteA());
    j.put("mos_status_byte1", s.mosByteB());
    j.put("mos_byte_order", c.antMosByteOrder().name().toLowerCase(Locale.ROOT));
    j.put("balancer_status", s.balancerStatus());
    j.put("charge_fet", snap.chargeFet());
    j.put("discharge_fet", snap.dischargeFet());
    j.put("balancing", snap.balanceState() != org.chargebay.bms.BalanceState.OFF);
    j.put("capacity_nominal_ah", micro(s.nominalMicroampHours()));
    j.put("capacity_remaining_ah", micro(s.remainingMicroampHours()));
    j.put(
        "total_cycle_capacity_ah",
        BigDecimal.valueOf(s.cycleCapacityMilliampHours(), 3).stripTrailingZeros());
    j.put("power_w", s.powerWatts());
    j.put("runtime_s", s.runtimeSeconds());
    j.put("balance_bitmask", s.balancedCells());
    j.put("battery_status", s.batteryStatus());
    j.put("protection_bitmask", Long.toUnsignedString(s.protectionBits()));
    j.put("warning_bitmask", Long.toUnsignedString(s.warningBits()));
    alarms(j, snap.alarms());
    return j;
  }

  private static ObjectNode antLegacy(AntLegacyStatus s, BmsSnapshot snap, BmsConventions c) {
    ObjectNode j = head("ant", "legacy_status");
    j.put("pack_v", milli(s.packMillivolts()));
    j.put("cell_count", s.cellCount());
    cells(j, s.cellMillivolts());
    j.put("current_wire_a", milli(s.currentWireMilliamps()));
    j.put("current_a", milli(snap.currentMilliamps()));
    j.put("current_sign_convention", c.antLegacyCurrentSign().name().toLowerCase(Locale.ROOT));
    j.put("soc_pct", s.socPercent());
    j.put("capacity_nominal_ah", micro(s.nominalMicroampHours()));
    j.put("capacity_remaining_ah", micro(s.remainingMicroampHours()));
    j.put(
        "total_cycle_capacity_ah",
        BigDecimal.valueOf(s.cycleCapacityMilliampHours(), 3).stripTrailingZeros());
    j.put("runtime_s", s.runtimeSeconds());
    ArrayNode temps = j.putArray("temps_c");
    s.tempsCelsius().forEach(t -> temps.add(BigDecimal.valueOf(t)));
    j.put("charge_mosfet_status", s.chargeMosStatus());
    j.put("discharge_mosfet_status", s.dischargeMosStatus());
    j.put("balancer_status", s.balancerStatus());
    j.put("charge_fet", snap.chargeFet());
    j.put("discharge_fet", snap.dischargeFet());
    j.put("power_w", s.powerWatts());
    j.put("max_cell_no", s.maxCell());
    j.put("max_cell_v", milli(s.maxCellMillivolts()));
    j.put("min_cell_no", s.minCell());
    j.put("min_cell_v", milli(s.minCellMillivolts()));
    j.put("avg_cell_v", milli(s.avgCellMillivolts()));
    j.put("balance_bitmask", s.balanceBits());
    alarms(j, snap.alarms());
    return j;
  }

  // ---------------------------------------------------------------- snapshots

  /** One snapshot as a JSON line for {@code bms read}: fixture keys plus names and extras. */
  public static ObjectNode snapshot(String family, BmsSnapshot s) {
    ObjectNode j = head(family, "snapshot");
    cells(j, s.cellMillivolts());
    j.put("cell_count", s.cellCount());
    j.put("pack_v", milli(s.packMillivolts()));
    j.put("current_a", milli(s.currentMilliamps()));
    FamilyExtras x = s.extras();
    if (x instanceof FamilyExtras.Daly d) {
      j.put("current_wire_a", milli(d.currentWireMilliamps()));
    } else if (x instanceof FamilyExtras.Ant a && a.protocol().equals("legacy")) {
      j.put("current_wire_a", milli(a.currentWireMilliamps()));
    }
    Integer soc = s.socPercent();
    if (soc == null) {
      j.putNull("soc_pct");
    } else {
      j.put("soc_pct", soc);
    }
    ArrayNode temps = j.putArray("temps_c");
    s.tempDeciCelsius().forEach(t -> temps.add(deci(t)));
    ObjectNode named = j.putObject("temperatures_c");
    for (Temperature t : s.temperatures()) {
      named.put(t.name(), deci(t.deciCelsius()));
    }
    Integer mos = s.mosfetTempDeciCelsius();
    if (mos != null) {
      j.put("mosfet_temp_c", deci(mos));
    }
    j.put("charge_fet", s.chargeFet());
    j.put("discharge_fet", s.dischargeFet());
    j.put("balancing", s.balancing() || s.balanceState() != org.chargebay.bms.BalanceState.OFF);
    j.put("balance_state", s.balanceState().name().toLowerCase(Locale.ROOT));
    j.put("balance_bitmask", s.balanceBits());
    j.put("cycles", s.cycles());
    j.put("capacity_remaining_ah", milli(s.remainingMilliampHours()));
    j.put("capacity_nominal_ah", milli(s.nominalMilliampHours()));
    j.put("protection_bitmask", s.protectionBits());
    alarms(j, s.alarms());
    return j;
  }

  // ---------------------------------------------------------------- helpers

  private static ObjectNode head(String family, String frame) {
    ObjectNode j = NODES.objectNode();
    j.put("family", family);
    j.put("frame", frame);
    return j;
  }

  private static void cells(ObjectNode j, List<Integer> mv) {
    ArrayNode a = j.putArray("cells_v");
    mv.forEach(v -> a.add(milli(v)));
  }

  private static void alarms(ObjectNode j, java.util.Set<BmsAlarm> alarms) {
    ArrayNode a = j.putArray("alarms");
    alarms.forEach(x -> a.add(x.name().toLowerCase(Locale.ROOT)));
  }

  private static void putNullable(ObjectNode j, String key, @Nullable String value) {
    if (value == null) {
      j.putNull(key);
    } else {
      j.put(key, value);
    }
  }

  static BigDecimal milli(long value) {
    return BigDecimal.valueOf(value, 3).stripTrailingZeros();
  }

  static BigDecimal deci(long value) {
    return BigDecimal.valueOf(value, 1).stripTrailingZeros();
  }

  static BigDecimal micro(long value) {
    return BigDecimal.valueOf(value, 6).stripTrailingZeros();
  }
}
