package org.chargebay.bms.jk;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.chargebay.bms.BalanceState;
import org.chargebay.bms.BmsAlarm;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.FamilyExtras;
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.Temperature;

/** Maps JK frames onto the family-independent {@link BmsSnapshot}. */
public final class JkBms {

  /** Tag 0x8B bits 0-11 in order (PROTOCOLS.md 2a; ESPHome {@code jk_rs485_bms.cpp} ERRORS). */
  private static final BmsAlarm[] TLV_ALARMS = {
    BmsAlarm.LOW_CAPACITY,
    BmsAlarm.MOSFET_OVERTEMPERATURE,
    BmsAlarm.PACK_OVERVOLTAGE,
    BmsAlarm.PACK_UNDERVOLTAGE,
    BmsAlarm.BATTERY_OVERTEMPERATURE,
    BmsAlarm.CHARGE_OVERCURRENT,
    BmsAlarm.DISCHARGE_OVERCURRENT,
    BmsAlarm.CELL_VOLTAGE_DIFFERENCE,
    BmsAlarm.BOX_OVERTEMPERATURE,
    BmsAlarm.BATTERY_UNDERTEMPERATURE,
    BmsAlarm.CELL_OVERVOLTAGE,
    BmsAlarm.CELL_UNDERVOLTAGE
  };

  private JkBms() {}

  /** Named alarms of the TLV alarm word (0x8B) and status word (0x8C bit 3, battery dropped). */
  public static Set<BmsAlarm> tlvAlarms(int alarmBits, int statusBits) {
    EnumSet<BmsAlarm> set = EnumSet.noneOf(BmsAlarm.class);
    for (int bit = 0; bit < 16; bit++) {
      if ((alarmBits >>> bit & 1) != 0) {
        set.add(bit < TLV_ALARMS.length ? TLV_ALARMS[bit] : BmsAlarm.VENDOR_SPECIFIC);
      }
    }
    if ((statusBits & 0x08) != 0) {
      set.add(BmsAlarm.BATTERY_DROPPED);
    }
    return set;
  }

  /**
   * A snapshot of a TLV read-all reply. Remaining capacity is not on the wire; it is derived as
   * nominal x SoC (as ESPHome does). No per-cell balance flags are sent: while the balancer is on
   * and the cell spread is non-zero the state is {@link BalanceState#ACTIVE}.
   */
  public static BmsSnapshot snapshot(JkTlvStatus s, byte[] raw) {
    List<Integer> probes = List.of(s.t1DeciCelsius(), s.t2DeciCelsius());
    List<Temperature> named = new ArrayList<>(Temperature.packProbes(probes));
    named.add(new Temperature(Temperature.MOS, s.mosTempDeciCelsius()));
    long nominalMah = s.nominalCapacityAh() * 1000;
    return new BmsSnapshot(
        s.cellMillivolts(),
        s.packMillivolts(),
        s.currentMilliamps(),
        s.socPercent(),
        probes,
        s.chargeFet(),
        s.dischargeFet(),
        0,
        s.alarmBits(),
        s.cycles(),
        (int) Math.min(Integer.MAX_VALUE, nominalMah * s.socPercent() / 100),
        (int) Math.min(Integer.MAX_VALUE, nominalMah),
        s.cellCount(),
        named,
        s.mosTempDeciCelsius(),
        s.balancerEnabled() ? BalanceState.ACTIVE : BalanceState.OFF,
        tlvAlarms(s.alarmBits(), s.statusBits()),
        new FamilyExtras.Jk(
            s.protocolVersion(),
            s.softwareVersion(),
            s.totalCycleCapacityAh(),
            s.balancerEnabled(),
            null,
            null,
            "tlv"),
        List.of(RawFrame.of(raw)));
  }

  /**
   * A snapshot of a PB status frame. The alarm word's bits are not named by the cited sources, so a
   * non-zero word raises {@link BmsAlarm#VENDOR_SPECIFIC} and is kept in {@code protectionBits}
   * (low 31 bits).
   */
  public static BmsSnapshot snapshot(JkPbStatus s, byte[] raw) {
    List<Integer> probes = List.of(s.t1DeciCelsius(), s.t2DeciCelsius());
    List<Temperature> named = new ArrayList<>(Temperature.packProbes(probes));
    named.add(new Temperature(Temperature.MOS, s.mosTempDeciCelsius()));
    Long alarms = s.alarmBits();
    Set<BmsAlarm> set = alarms != null && alarms != 0 ? Set.of(BmsAlarm.VENDOR_SPECIFIC) : Set.of();
    BalanceState balance =
        s.balanceState() == 0
            ? BalanceState.OFF
            : s.balanceState() == 1
                ? BalanceState.CHARGING
                : s.balanceState() == 2 ? BalanceState.DISCHARGING : BalanceState.UNKNOWN;
    return new BmsSnapshot(
        s.cellMillivolts(),
        (int) Math.min(Integer.MAX_VALUE, s.packMillivolts()),
        s.currentMilliamps(),
        s.socPercent(),
        probes,
        s.chargeFet(),
        s.dischargeFet(),
        0,
        alarms == null ? 0 : (int) (alarms & 0x7FFF_FFFFL),
        (int) Math.min(Integer.MAX_VALUE, s.cycles()),
        (int) Math.min(Integer.MAX_VALUE, s.remainingMilliampHours()),
        (int) Math.min(Integer.MAX_VALUE, s.nominalMilliampHours()),
        s.cellMillivolts().size(),
        named,
        s.mosTempDeciCelsius(),
        balance,
        set,
        new FamilyExtras.Jk(
            null,
            null,
            null,
            null,
            s.sohPercent(),
            s.balanceCurrentMilliamps(),
            s.layout().name().toLowerCase(java.util.Locale.ROOT)),
        List.of(RawFrame.of(raw)));
  }
}
