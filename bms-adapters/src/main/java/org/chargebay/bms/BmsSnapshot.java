package org.chargebay.bms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One reading of a smart BMS, the same for every family (JBD, JK, Daly, ANT). Integer milli-units,
 * names carry the unit.
 *
 * <p>The first 13 components are the original model that the controller's safety code reads; the
 * {@linkplain #BmsSnapshot(List, int, int, Integer, List, boolean, boolean, long, int, int, int,
 * int, int) 13-argument constructor} is kept and fills the richer components with neutral values
 * (probes named {@code T1..Tn}, no MOSFET probe, no named alarms, {@link FamilyExtras.None}, no raw
 * frames).
 *
 * @param cellMillivolts per-cell voltages, cell 1 first; empty if the family reports them in a
 *     separate frame not read yet
 * @param packMillivolts pack voltage as the BMS measures it
 * @param currentMilliamps positive while charging, negative while discharging (after the bay's
 *     {@link BmsConventions} for families whose wire sign is disputed)
 * @param socPercent the BMS's own state of charge (never trusted for decisions), null if absent
 * @param tempDeciCelsius the pack temperature probes, in tenths of a degree Celsius (not the MOSFET
 *     or balancer probes, see {@link #temperatures()})
 * @param chargeFet true if the charge MOSFET is conducting
 * @param dischargeFet true if the discharge MOSFET is conducting
 * @param balanceBits bit n = cell n+1 is balancing
 * @param protectionBits the family's raw protection/alarm word (JBD: the 0x03 bitmask; JK: 0x8B or
 *     the PB alarm u32's low 31 bits; Daly: the first four 0x98 bytes; ANT: the low 31 protection
 *     bits); {@link #alarms()} names them
 * @param cycles charge cycles as counted by the BMS
 * @param remainingMilliampHours remaining capacity as the BMS counts it
 * @param nominalMilliampHours design capacity as configured in the BMS
 * @param cellCount the series count the BMS is configured for
 * @param temperatures every probe with its name (pack probes {@code T1..Tn} first, then {@code
 *     MOS}, {@code BALANCER}, ...)
 * @param mosfetTempDeciCelsius the MOSFET (power board) probe, null if the family has none
 * @param balanceState what the balancer is doing as far as the BMS says
 * @param alarms the protection and alarm bits of the family, by name; empty when all is well
 * @param extras the family-specific values that have no common meaning
 * @param rawFrames the frames this snapshot was decoded from, oldest first
 */
public record BmsSnapshot(
    List<Integer> cellMillivolts,
    int packMillivolts,
    int currentMilliamps,
    @Nullable Integer socPercent,
    List<Integer> tempDeciCelsius,
    boolean chargeFet,
    boolean dischargeFet,
    long balanceBits,
    int protectionBits,
    int cycles,
    int remainingMilliampHours,
    int nominalMilliampHours,
    int cellCount,
    List<Temperature> temperatures,
    @Nullable Integer mosfetTempDeciCelsius,
    BalanceState balanceState,
    Set<BmsAlarm> alarms,
    FamilyExtras extras,
    List<RawFrame> rawFrames) {

  public BmsSnapshot {
    cellMillivolts = List.copyOf(cellMillivolts);
    tempDeciCelsius = List.copyOf(tempDeciCelsius);
    temperatures = List.copyOf(temperatures);
    Objects.requireNonNull(balanceState, "balanceState");
    alarms =
        alarms.isEmpty()
            ? Collections.emptySet()
            : Collections.unmodifiableSet(EnumSet.copyOf(alarms));
    Objects.requireNonNull(extras, "extras");
    rawFrames = List.copyOf(rawFrames);
  }

  /** The original 13-component snapshot; see the class comment for the values filled in. */
  public BmsSnapshot(
      List<Integer> cellMillivolts,
      int packMillivolts,
      int currentMilliamps,
      @Nullable Integer socPercent,
      List<Integer> tempDeciCelsius,
      boolean chargeFet,
      boolean dischargeFet,
      long balanceBits,
      int protectionBits,
      int cycles,
      int remainingMilliampHours,
      int nominalMilliampHours,
      int cellCount) {
    this(
        cellMillivolts,
        packMillivolts,
        currentMilliamps,
        socPercent,
        tempDeciCelsius,
        chargeFet,
        dischargeFet,
        balanceBits,
        protectionBits,
        cycles,
        remainingMilliampHours,
        nominalMilliampHours,
        cellCount,
        Temperature.packProbes(tempDeciCelsius),
        null,
        balanceBits != 0 ? BalanceState.ACTIVE : BalanceState.OFF,
        Set.of(),
        new FamilyExtras.None(),
        List.of());
  }

  /** The highest cell, 0 if no cells are known. */
  public int cellMaxMillivolts() {
    return cellMillivolts.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The lowest cell, 0 if no cells are known. */
  public int cellMinMillivolts() {
    return cellMillivolts.stream().mapToInt(Integer::intValue).min().orElse(0);
  }

  /** True if any cell is balancing. */
  public boolean balancing() {
    return balanceBits != 0;
  }

  /**
   * Whether cell {@code cell} (1-based) is being balanced.
   *
   * @param cell 1-64; outside that range false
   */
  public boolean cellBalancing(int cell) {
    return cell >= 1 && cell <= 64 && (balanceBits >>> (cell - 1) & 1L) != 0;
  }

  /** One flag per configured cell, cell 1 first ({@link #cellBalancing(int)}). */
  public List<Boolean> cellBalanceFlags() {
    int n = Math.max(cellCount, cellMillivolts.size());
    List<Boolean> flags = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      flags.add(cellBalancing(i));
    }
    return List.copyOf(flags);
  }

  /** A copy with other raw frames (decoders attach what they read). */
  public BmsSnapshot withRawFrames(List<RawFrame> frames) {
    return copy(alarms, frames);
  }

  /** A copy with extra alarms added (e.g. a cross-check failed). */
  public BmsSnapshot withAlarms(Set<BmsAlarm> more) {
    EnumSet<BmsAlarm> all = EnumSet.noneOf(BmsAlarm.class);
    all.addAll(alarms);
    all.addAll(more);
    return copy(all, rawFrames);
  }

  private BmsSnapshot copy(Set<BmsAlarm> newAlarms, List<RawFrame> newFrames) {
    return new BmsSnapshot(
        cellMillivolts,
        packMillivolts,
        currentMilliamps,
        socPercent,
        tempDeciCelsius,
        chargeFet,
        dischargeFet,
        balanceBits,
        protectionBits,
        cycles,
        remainingMilliampHours,
        nominalMilliampHours,
        cellCount,
        temperatures,
        mosfetTempDeciCelsius,
        balanceState,
        newAlarms,
        extras,
        newFrames);
  }
}
