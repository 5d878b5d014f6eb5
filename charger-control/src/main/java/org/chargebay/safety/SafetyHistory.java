package org.chargebay.safety;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the supervisor remembers from poll to poll, for the rules that judge a charge over time: a
 * small immutable value, folded from each poll by {@link #fold} (pure) and handed back in the next
 * {@link SafetyInputs}. The bay owns it; the supervisor never keeps state.
 *
 * @param chargingSinceMillis when the current stretch of charging began, -1 while not charging
 * @param failedReads failed BMS reads in a row (any phase)
 * @param last the last good BMS reading folded in, null before the first
 * @param sameReadings consecutive BMS readings with the same cells and current while current flows
 *     and the bay charges (1 for a reading unlike the one before it), 0 otherwise
 * @param ceilingSinceMillis when the highest cell first reached the ceiling band in this stretch of
 *     charging, -1 if it has not
 * @param ceilingMilliamps the BMS current at that moment (the current the taper is measured from)
 * @param alarmToggleMillis when a BMS alarm bit came or went while charging, within the flapping
 *     window, oldest first (one entry per bit that changed)
 * @param supplyBmsDisagreements consecutive polls in which the supply and the BMS disagreed
 * @param reboot what showed that the BMS restarted (its counters went back), null if nothing did
 *     since the current stretch of charging began
 * @param chargeMillis the charging time of this stretch up to {@code chargeAtMillis}, as it counts
 *     towards the maximum charge time: time the site's allocation holds the current below the
 *     profile's counts in proportion (held at 0 mA, waiting for a planned slot, it does not count)
 * @param chargeAtMillis the time {@code chargeMillis} was counted to, -1 while not charging
 * @param chargeWeightPermille how the time from {@code chargeAtMillis} counts: 1000 in full, less
 *     while the site's allocation is below the profile's current
 */
public record SafetyHistory(
    long chargingSinceMillis,
    int failedReads,
    SafetyInputs.@Nullable Bms last,
    int sameReadings,
    long ceilingSinceMillis,
    int ceilingMilliamps,
    List<Long> alarmToggleMillis,
    int supplyBmsDisagreements,
    @Nullable String reboot,
    long chargeMillis,
    long chargeAtMillis,
    int chargeWeightPermille) {

  /** Nothing seen yet. */
  public static final SafetyHistory NONE =
      new SafetyHistory(-1, 0, null, 0, -1, 0, List.of(), 0, null, 0, -1, 1000);

  /** A history whose charging time counts in full from {@code chargingSinceMillis}. */
  public SafetyHistory(
      long chargingSinceMillis,
      int failedReads,
      SafetyInputs.@Nullable Bms last,
      int sameReadings,
      long ceilingSinceMillis,
      int ceilingMilliamps,
      List<Long> alarmToggleMillis,
      int supplyBmsDisagreements,
      @Nullable String reboot) {
    this(
        chargingSinceMillis,
        failedReads,
        last,
        sameReadings,
        ceilingSinceMillis,
        ceilingMilliamps,
        alarmToggleMillis,
        supplyBmsDisagreements,
        reboot,
        0,
        chargingSinceMillis,
        1000);
  }

  /**
   * The charging time of this stretch at {@code nowMillis} as it counts towards the maximum charge
   * time (see {@code chargeMillis}); 0 while not charging.
   */
  public long chargeMillisAt(long nowMillis) {
    if (chargingSinceMillis < 0 || chargeAtMillis < 0) {
      return 0;
    }
    return chargeMillis + Math.max(0, nowMillis - chargeAtMillis) * chargeWeightPermille / 1000;
  }

  /**
   * How this poll's time counts towards the maximum charge time: in full without a site limit, in
   * proportion to the allocation below the profile's current with one (0 while held at 0 mA).
   */
  static int chargeWeightPermille(SafetyInputs in, SafetyLimits limits) {
    Integer site = in.allocationMilliamps();
    int own = limits.chargeCurrentMilliamps();
    if (site == null || own <= 0 || site >= own) {
      return 1000;
    }
    return (int) Math.max(0, (long) site * 1000 / own);
  }

  /**
   * Polls in a row the supply and the BMS must disagree before that is a cut-off: the two devices
   * are read one after the other, so a step in the current (a start, a ramp) shows on one reading
   * before the other.
   */
  public static final int SUPPLY_BMS_POLLS = 3;

  /** Alarm bits that report a state rather than a fault; their coming and going is not flapping. */
  static final Set<String> STATUS_ALARMS =
      Set.of("BATTERY_FULL", "SOC_HIGH", "SOC_LOW", "LOW_CAPACITY", "MOSFET_SWITCHED_OFF_MANUALLY");

  public SafetyHistory {
    alarmToggleMillis = List.copyOf(alarmToggleMillis);
  }

  /**
   * The history after one poll. Without {@link SafetyLimits#rules()} it stays {@link #NONE} (the
   * rules are off).
   *
   * @param in the inputs of this poll (its BMS reading is fresh if taken at {@code nowMillis})
   * @param bmsReadFailed the BMS read of this poll failed
   * @param limits the session's limits
   */
  public static SafetyHistory fold(
      SafetyHistory h, SafetyInputs in, boolean bmsReadFailed, SafetyLimits limits) {
    SafetyLimits.Rules rules = limits.rules();
    if (rules == null) {
      return NONE;
    }
    long now = in.nowMillis();
    boolean charging = in.charging();
    boolean started = charging && h.chargingSinceMillis() < 0;
    long since = charging ? (started ? now : h.chargingSinceMillis()) : -1;
    SafetyInputs.Bms b = in.bms();
    boolean fresh = !bmsReadFailed && b != null && b.atMillis() == now;
    int failed = bmsReadFailed ? h.failedReads() + 1 : fresh ? 0 : h.failedReads();
    String reboot = started ? null : h.reboot();
    SafetyInputs.Bms last = h.last();
    int same = charging ? h.sameReadings() : 0;
    long ceilingSince = charging && !started ? h.ceilingSinceMillis() : -1;
    int ceilingMa = ceilingSince >= 0 ? h.ceilingMilliamps() : 0;
    List<Long> toggles = new ArrayList<>();
    if (charging && !started) {
      for (long t : h.alarmToggleMillis()) {
        if (now - t <= rules.flapWindowMillis()) {
          toggles.add(t);
        }
      }
    }
    int disagreements = 0;
    if (fresh) {
      if (last != null) {
        String why = rebootSign(last, b);
        if (reboot == null && why != null) {
          reboot = why;
        }
        if (charging) {
          for (int i = 0; i < changedFaultAlarms(last.alarms(), b.alarms()); i++) {
            toggles.add(now);
          }
        }
      }
      boolean flowing = b.currentMilliamps() > limits.outputOffCurrentMilliamps();
      if (charging && flowing) {
        boolean unchanged =
            last != null
                && same > 0
                && last.currentMilliamps() == b.currentMilliamps()
                && last.cellMillivolts().equals(b.cellMillivolts());
        same = unchanged ? same + 1 : 1;
      } else {
        same = 0;
      }
      if (charging
          && ceilingSince < 0
          && b.cellMaxMillivolts()
              >= limits.cellCeilingMillivolts() - rules.ceilingBandMillivolts()) {
        ceilingSince = now;
        ceilingMa = b.currentMilliamps();
      }
      last = b;
    }
    if (charging && SafetySupervisor.supplyBmsDisagreement(in, rules) != null) {
      disagreements = h.supplyBmsDisagreements() + 1;
    }
    long chargeMs = charging && !started ? h.chargeMillisAt(now) : 0;
    return new SafetyHistory(
        since,
        failed,
        last,
        same,
        ceilingSince,
        ceilingMa,
        toggles,
        disagreements,
        reboot,
        chargeMs,
        charging ? now : -1,
        chargeWeightPermille(in, limits));
  }

  /**
   * Why {@code now} looks like a BMS that restarted since {@code before}, or null: its cycle
   * counter went back, or its coulomb counter fell by more than a tenth of the design capacity
   * while charging (a counter never falls while charging). Families that report neither counter
   * (ANT's new protocol reports no cycles) show a restart only through these when they do.
   */
  static @Nullable String rebootSign(SafetyInputs.Bms before, SafetyInputs.Bms now) {
    if (now.cycles() < before.cycles()) {
      return "the BMS's cycle counter went back from "
          + before.cycles()
          + " to "
          + now.cycles()
          + ": it restarted";
    }
    int nominal = Math.max(before.nominalMilliampHours(), now.nominalMilliampHours());
    if (nominal > 0
        && before.currentMilliamps() > 0
        && now.remainingMilliampHours() < before.remainingMilliampHours() - nominal / 10) {
      return "the BMS's coulomb counter fell from "
          + before.remainingMilliampHours()
          + " mAh to "
          + now.remainingMilliampHours()
          + " mAh while charging: it restarted";
    }
    return null;
  }

  private static int changedFaultAlarms(Set<String> before, Set<String> now) {
    Set<String> changed = new HashSet<>(before);
    for (String a : now) {
      if (!changed.remove(a)) {
        changed.add(a);
      }
    }
    changed.removeAll(STATUS_ALARMS);
    return changed.size();
  }
}
