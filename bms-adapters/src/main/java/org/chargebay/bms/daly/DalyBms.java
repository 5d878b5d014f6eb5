package org.chargebay.bms.daly;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.chargebay.bms.BalanceState;
import org.chargebay.bms.BmsAlarm;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.FamilyExtras;
import org.chargebay.bms.FrameError.BadField;
import org.chargebay.bms.Temperature;

/** Assembles Daly multi-frame replies and maps a polling round onto {@link BmsSnapshot}. */
public final class DalyBms {

  /**
   * Below this magnitude the 0x93 state byte is not compared with the current's sign (the state
   * byte lags and idles at small currents).
   */
  public static final int SIGN_CHECK_MIN_MILLIAMPS = 500;

  /**
   * 0x98 bytes 0-6, bits 0-7 each, per the Daly V1.2 PDF fault table (as transcribed by
   * python-daly-bms and dbus-serialbattery); level 1 and level 2 of a fault map to the same alarm.
   */
  private static final BmsAlarm[] FAULTS = {
    // byte 0
    BmsAlarm.CELL_OVERVOLTAGE,
    BmsAlarm.CELL_OVERVOLTAGE,
    BmsAlarm.CELL_UNDERVOLTAGE,
    BmsAlarm.CELL_UNDERVOLTAGE,
    BmsAlarm.PACK_OVERVOLTAGE,
    BmsAlarm.PACK_OVERVOLTAGE,
    BmsAlarm.PACK_UNDERVOLTAGE,
    BmsAlarm.PACK_UNDERVOLTAGE,
    // byte 1
    BmsAlarm.CHARGE_OVERTEMPERATURE,
    BmsAlarm.CHARGE_OVERTEMPERATURE,
    BmsAlarm.CHARGE_UNDERTEMPERATURE,
    BmsAlarm.CHARGE_UNDERTEMPERATURE,
    BmsAlarm.DISCHARGE_OVERTEMPERATURE,
    BmsAlarm.DISCHARGE_OVERTEMPERATURE,
    BmsAlarm.DISCHARGE_UNDERTEMPERATURE,
    BmsAlarm.DISCHARGE_UNDERTEMPERATURE,
    // byte 2
    BmsAlarm.CHARGE_OVERCURRENT,
    BmsAlarm.CHARGE_OVERCURRENT,
    BmsAlarm.DISCHARGE_OVERCURRENT,
    BmsAlarm.DISCHARGE_OVERCURRENT,
    BmsAlarm.SOC_HIGH,
    BmsAlarm.SOC_HIGH,
    BmsAlarm.SOC_LOW,
    BmsAlarm.SOC_LOW,
    // byte 3
    BmsAlarm.CELL_VOLTAGE_DIFFERENCE,
    BmsAlarm.CELL_VOLTAGE_DIFFERENCE,
    BmsAlarm.TEMPERATURE_DIFFERENCE,
    BmsAlarm.TEMPERATURE_DIFFERENCE,
    BmsAlarm.VENDOR_SPECIFIC,
    BmsAlarm.VENDOR_SPECIFIC,
    BmsAlarm.VENDOR_SPECIFIC,
    BmsAlarm.VENDOR_SPECIFIC,
    // byte 4
    BmsAlarm.MOSFET_OVERTEMPERATURE,
    BmsAlarm.MOSFET_OVERTEMPERATURE,
    BmsAlarm.TEMPERATURE_SENSOR_FAULT,
    BmsAlarm.TEMPERATURE_SENSOR_FAULT,
    BmsAlarm.CHARGE_MOSFET_FAULT,
    BmsAlarm.DISCHARGE_MOSFET_FAULT,
    BmsAlarm.CHARGE_MOSFET_FAULT,
    BmsAlarm.DISCHARGE_MOSFET_FAULT,
    // byte 5
    BmsAlarm.FRONT_END_IC_ERROR,
    BmsAlarm.VOLTAGE_SENSE_FAULT,
    BmsAlarm.TEMPERATURE_SENSOR_FAULT,
    BmsAlarm.EEPROM_FAULT,
    BmsAlarm.RTC_FAULT,
    BmsAlarm.PRECHARGE_FAULT,
    BmsAlarm.COMMUNICATION_FAULT,
    BmsAlarm.COMMUNICATION_FAULT,
    // byte 6
    BmsAlarm.CURRENT_SENSOR_FAULT,
    BmsAlarm.VOLTAGE_SENSE_FAULT,
    BmsAlarm.SHORT_CIRCUIT,
    BmsAlarm.LOW_VOLTAGE_CHARGE_FORBIDDEN,
    BmsAlarm.VENDOR_SPECIFIC,
    BmsAlarm.VENDOR_SPECIFIC,
    BmsAlarm.VENDOR_SPECIFIC,
    BmsAlarm.VENDOR_SPECIFIC
  };

  private DalyBms() {}

  /** Named alarms of the 0x98 fault bits. */
  public static Set<BmsAlarm> alarms(long faultBits) {
    EnumSet<BmsAlarm> set = EnumSet.noneOf(BmsAlarm.class);
    for (int bit = 0; bit < FAULTS.length; bit++) {
      if ((faultBits >>> bit & 1) != 0) {
        set.add(FAULTS[bit]);
      }
    }
    return set;
  }

  /** Frames needed for {@code count} values at {@code perFrame} per frame. */
  public static int framesNeeded(int count, int perFrame) {
    return (count + perFrame - 1) / perFrame;
  }

  /**
   * The first {@code cellCount} voltages of a set of 0x95 frames (quirks 2 and 3): frames are
   * numbered from 1; zero-filled extra frames (daly-09 sends 16) are ignored; every frame 1 ..
   * ceil(cellCount / 3) must be present exactly once. For a reply still in bytes, {@link
   * DalyDecoder#decodeSeries} also finds the frames among noise and damaged frames.
   */
  public static DecodeResult<List<Integer>> assembleCells(
      List<DalyFrame.CellVoltages> frames, int cellCount) {
    List<List<Integer>> values = new ArrayList<>();
    for (DalyFrame.CellVoltages f : frames) {
      values.add(f.millivolts());
    }
    return assemble(
        "0x95",
        frames.stream().map(DalyFrame.CellVoltages::frameNumber).toList(),
        values,
        cellCount,
        DalyFrames.CELLS_PER_FRAME);
  }

  /**
   * The first {@code sensorCount} temperatures (°C) of a set of 0x96 frames; rules as for cells.
   */
  public static DecodeResult<List<Integer>> assembleTemps(
      List<DalyFrame.Temperatures> frames, int sensorCount) {
    List<List<Integer>> values = new ArrayList<>();
    for (DalyFrame.Temperatures f : frames) {
      values.add(f.celsius());
    }
    return assemble(
        "0x96",
        frames.stream().map(DalyFrame.Temperatures::frameNumber).toList(),
        values,
        sensorCount,
        DalyFrames.TEMPS_PER_FRAME);
  }

  private static DecodeResult<List<Integer>> assemble(
      String id, List<Integer> numbers, List<List<Integer>> values, int count, int perFrame) {
    int needed = framesNeeded(count, perFrame);
    List<Integer> out = new ArrayList<>(count);
    for (int n = 1; n <= needed; n++) {
      int found = -1;
      for (int i = 0; i < numbers.size(); i++) {
        if (numbers.get(i) == n) {
          if (found >= 0) {
            return DecodeResult.rejected(
                new BadField(id + " frame number", "frame " + n + " arrived twice"), new byte[0]);
          }
          found = i;
        }
      }
      if (found < 0) {
        return DecodeResult.rejected(
            new BadField(
                id + " frame number",
                String.format(
                    Locale.ROOT, "frame %d of %d is missing (frames count from 1)", n, needed)),
            new byte[0]);
      }
      for (int v : values.get(found)) {
        if (out.size() < count) {
          out.add(v);
        }
      }
    }
    return DecodeResult.decoded(out);
  }

  /**
   * The snapshot of one polling round. The current is mapped with {@link
   * BmsConventions#dalyCurrentSign()} and cross-checked against the 0x93 state byte: if the BMS
   * says "charging" (1) while the mapped current is below -{@value #SIGN_CHECK_MIN_MILLIAMPS} mA,
   * or "discharging" (2) while it is above +{@value #SIGN_CHECK_MIN_MILLIAMPS} mA, {@link
   * BmsAlarm#CURRENT_SIGN_MISMATCH} is raised. Nominal capacity (0x50) is not polled: 0.
   */
  public static BmsSnapshot snapshot(DalyReadings r, BmsConventions conventions) {
    int current = conventions.dalyCurrentSign().apply(r.pack().currentWireMilliamps());
    EnumSet<BmsAlarm> alarms = EnumSet.noneOf(BmsAlarm.class);
    alarms.addAll(alarms(r.faults().faultBits()));
    int state = r.mos().state();
    if ((state == 1 && current < -SIGN_CHECK_MIN_MILLIAMPS)
        || (state == 2 && current > SIGN_CHECK_MIN_MILLIAMPS)) {
      alarms.add(BmsAlarm.CURRENT_SIGN_MISMATCH);
    }
    List<Integer> deci = new ArrayList<>();
    for (int c : r.tempsCelsius()) {
      deci.add(c * 10);
    }
    long balance = r.balance().balanceBits();
    return new BmsSnapshot(
        r.cellMillivolts(),
        r.pack().packMillivolts(),
        current,
        Math.round(r.pack().socPermille() / 10.0f),
        deci,
        r.mos().chargeFet(),
        r.mos().dischargeFet(),
        balance,
        (int) (r.faults().faultBits() & 0xFFFF_FFFFL),
        r.status().cycles(),
        (int) Math.min(Integer.MAX_VALUE, r.mos().remainingMilliampHours()),
        0,
        r.status().cellCount(),
        Temperature.packProbes(deci),
        null,
        balance != 0 ? BalanceState.ACTIVE : BalanceState.OFF,
        alarms,
        new FamilyExtras.Daly(
            r.pack().currentWireMilliamps(),
            state,
            r.mos().bmsLife(),
            r.status().chargerConnected(),
            r.status().loadConnected(),
            r.faults().faultCode(),
            new FamilyExtras.Daly.Dropped(r.cells().dropped(), r.temps().dropped())),
        r.rawFrames());
  }
}
