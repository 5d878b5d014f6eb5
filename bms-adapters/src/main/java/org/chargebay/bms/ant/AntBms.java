package org.chargebay.bms.ant;

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
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.Temperature;

/** Maps ANT replies onto {@link BmsSnapshot}, applying the bay's {@link BmsConventions}. */
public final class AntBms {

  /** A probe reading -40 °C is an absent sensor (PROTOCOLS.md 4a). */
  public static final int ABSENT_SENSOR_CELSIUS = -40;

  private AntBms() {}

  /**
   * Alarms of the MOS status codes. Code 1 is "on" and 0 "off"; 2 is over-charge protection on the
   * charge byte and over-discharge on the discharge byte (PROTOCOLS.md 4a quirk 1, 4b table); the
   * other codes follow ESPHome's {@code ant_bms_old} status texts: 3 over-current, 4 battery full
   * (charge), 6 battery over-temperature, 7 MOSFET over-temperature, 12 short circuit (discharge),
   * 15 switched off manually. Any other code above 1 is {@link BmsAlarm#VENDOR_SPECIFIC}.
   */
  public static Set<BmsAlarm> mosAlarms(int charge, int discharge) {
    EnumSet<BmsAlarm> set = EnumSet.noneOf(BmsAlarm.class);
    mos(set, charge, true);
    mos(set, discharge, false);
    return set;
  }

  private static void mos(Set<BmsAlarm> set, int code, boolean charge) {
    switch (code) {
      case 0:
      case 1:
        return;
      case 2:
        set.add(charge ? BmsAlarm.PACK_OVERVOLTAGE : BmsAlarm.PACK_UNDERVOLTAGE);
        return;
      case 3:
        set.add(charge ? BmsAlarm.CHARGE_OVERCURRENT : BmsAlarm.DISCHARGE_OVERCURRENT);
        return;
      case 4:
        set.add(charge ? BmsAlarm.BATTERY_FULL : BmsAlarm.VENDOR_SPECIFIC);
        return;
      case 6:
        set.add(BmsAlarm.BATTERY_OVERTEMPERATURE);
        return;
      case 7:
        set.add(BmsAlarm.MOSFET_OVERTEMPERATURE);
        return;
      case 12:
        set.add(charge ? BmsAlarm.VENDOR_SPECIFIC : BmsAlarm.SHORT_CIRCUIT);
        return;
      case 15:
        set.add(BmsAlarm.MOSFET_SWITCHED_OFF_MANUALLY);
        return;
      default:
        set.add(BmsAlarm.VENDOR_SPECIFIC);
    }
  }

  /** The (charge, discharge) MOS status codes of a new-protocol status under the convention. */
  public static int[] mosCodes(AntStatus s, BmsConventions c) {
    return c.antMosByteOrder() == BmsConventions.AntMosByteOrder.CHARGE_FIRST
        ? new int[] {s.mosByteA(), s.mosByteB()}
        : new int[] {s.mosByteB(), s.mosByteA()};
  }

  /**
   * A snapshot of a new-protocol status. The current is published as sent (positive = charge, quirk
   * 3). A non-zero protection word raises {@link BmsAlarm#VENDOR_SPECIFIC} (its bits are not named
   * by the cited sources); warnings are not alarms.
   */
  public static BmsSnapshot snapshot(AntStatus s, BmsConventions c, byte[] raw) {
    int[] codes = mosCodes(s, c);
    EnumSet<BmsAlarm> alarms = EnumSet.noneOf(BmsAlarm.class);
    alarms.addAll(mosAlarms(codes[0], codes[1]));
    if (s.protectionBits() != 0) {
      alarms.add(BmsAlarm.VENDOR_SPECIFIC);
    }
    List<Integer> deci = present(s.tempsCelsius());
    List<Temperature> named = new ArrayList<>(Temperature.packProbes(deci));
    named.add(new Temperature(Temperature.MOS, s.mosTempCelsius() * 10));
    named.add(new Temperature(Temperature.BALANCER, s.balancerTempCelsius() * 10));
    return new BmsSnapshot(
        s.cellMillivolts(),
        s.packMillivolts(),
        s.currentWireMilliamps(),
        s.socPercent(),
        deci,
        codes[0] == 1,
        codes[1] == 1,
        s.balancedCells(),
        (int) (s.protectionBits() & 0x7FFF_FFFFL),
        0,
        (int) Math.min(Integer.MAX_VALUE, s.remainingMicroampHours() / 1000),
        (int) Math.min(Integer.MAX_VALUE, s.nominalMicroampHours() / 1000),
        s.cellMillivolts().size(),
        named,
        s.mosTempCelsius() * 10,
        balance(s.balancerStatus(), s.balancedCells()),
        alarms,
        new FamilyExtras.Ant(
            "new",
            s.currentWireMilliamps(),
            codes[0],
            codes[1],
            s.balancerStatus(),
            s.powerWatts(),
            s.sohPercent(),
            List.of(s.protectionBits(), s.warningBits())),
        List.of(RawFrame.of(raw)));
  }

  /**
   * A snapshot of a legacy reply, with the current mapped by {@link
   * BmsConventions#antLegacyCurrentSign()} and the min/max cell numbers checked against the cell
   * count under {@link BmsConventions#cellIndexPolicy()}.
   */
  public static DecodeResult<BmsSnapshot> snapshot(
      AntLegacyStatus s, BmsConventions c, byte[] raw) {
    EnumSet<BmsAlarm> alarms = EnumSet.noneOf(BmsAlarm.class);
    alarms.addAll(mosAlarms(s.chargeMosStatus(), s.dischargeMosStatus()));
    boolean outOfRange =
        s.maxCell() < 1
            || s.maxCell() > s.cellCount()
            || s.minCell() < 1
            || s.minCell() > s.cellCount();
    if (outOfRange) {
      if (c.cellIndexPolicy() == BmsConventions.CellIndexPolicy.REJECT) {
        return DecodeResult.rejected(
            new BadField(
                "min/max cell number",
                String.format(
                    Locale.ROOT,
                    "max cell %d / min cell %d outside 1..%d",
                    s.maxCell(),
                    s.minCell(),
                    s.cellCount())),
            raw);
      }
      alarms.add(BmsAlarm.CELL_INDEX_OUT_OF_RANGE);
    }
    List<Integer> deci = present(s.tempsCelsius());
    int current = c.antLegacyCurrentSign().apply(s.currentWireMilliamps());
    return DecodeResult.decoded(
        new BmsSnapshot(
            s.cellMillivolts(),
            s.packMillivolts(),
            current,
            s.socPercent(),
            deci,
            s.chargeMosStatus() == 1,
            s.dischargeMosStatus() == 1,
            s.balanceBits(),
            0,
            0,
            (int) Math.min(Integer.MAX_VALUE, s.remainingMicroampHours() / 1000),
            (int) Math.min(Integer.MAX_VALUE, s.nominalMicroampHours() / 1000),
            s.cellCount(),
            Temperature.packProbes(deci),
            null,
            balance(s.balancerStatus(), s.balanceBits()),
            alarms,
            new FamilyExtras.Ant(
                "legacy",
                s.currentWireMilliamps(),
                s.chargeMosStatus(),
                s.dischargeMosStatus(),
                s.balancerStatus(),
                s.powerWatts(),
                null,
                List.of()),
            List.of(RawFrame.of(raw))));
  }

  private static BalanceState balance(int status, long bits) {
    if (status == 0) {
      return bits != 0 ? BalanceState.ACTIVE : BalanceState.OFF;
    }
    return status == 2 ? BalanceState.CHARGING : BalanceState.ACTIVE;
  }

  private static List<Integer> present(List<Integer> celsius) {
    List<Integer> deci = new ArrayList<>();
    for (int t : celsius) {
      if (t != ABSENT_SENSOR_CELSIUS) {
        deci.add(t * 10);
      }
    }
    return deci;
  }
}
