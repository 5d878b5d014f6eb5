package org.chargebay.app;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.chargebay.bay.BaySettings;
import org.chargebay.events.ChargeProfile;
import org.chargebay.safety.SafetyLimits;
import org.chargebay.session.BalanceSettings;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;
import org.chargebay.session.DeciderSettings;
import org.chargebay.session.NoBmsSettings;
import org.chargebay.session.PlanDefaults;
import org.chargebay.session.SleepSettings;

/** Turns configuration into validated bay settings, with errors that name the key. */
final class BayConfigs {
  /** The largest milli-unit value an {@code int} holds: 2147483.647 V or A. */
  private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Integer.MAX_VALUE);

  private BayConfigs() {}

  static BaySettings toSettings(String id, ChargebayConfig.Bay bay, Duration defaultPoll) {
    String prefix = "chargebay.bays." + id + ".";
    ChargebayConfig.Profile p = bay.profile();
    Chemistry chemistry =
        Chemistries.of(p.chemistry())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        prefix
                            + "profile.chemistry '"
                            + p.chemistry()
                            + "' is not one of "
                            + Chemistries.names()));
    int ceiling =
        p.cellCeilingVolts().isPresent()
            ? millis(p.cellCeilingVolts().get(), prefix + "profile.cell-ceiling-volts")
            : chemistry.ceilings().defaultMillivolts();
    Optional<String> ceilingProblem = chemistry.ceilingProblem(ceiling);
    if (ceilingProblem.isPresent()) {
      throw new IllegalArgumentException(
          prefix + "profile.cell-ceiling-volts: " + ceilingProblem.get());
    }
    int current = millis(p.currentAmps(), prefix + "profile.current-amps");
    int taper =
        p.taperAmps().isPresent()
            ? millis(p.taperAmps().get(), prefix + "profile.taper-amps")
            : Math.max(1, current / 20);
    // the profile's own rules, checked here first so that each error names its key
    if (p.cells() < 1 || p.cells() > 32) {
      throw new IllegalArgumentException(prefix + "profile.cells must be 1..32, was " + p.cells());
    }
    if (ceiling < 2000) {
      throw new IllegalArgumentException(
          prefix
              + "profile.cell-ceiling-volts must be at least 2.000, was "
              + p.cellCeilingVolts());
    }
    if (current <= 0) {
      throw new IllegalArgumentException(
          prefix + "profile.current-amps must be above 0, was " + p.currentAmps());
    }
    if (taper <= 0 || taper >= current) {
      throw new IllegalArgumentException(
          prefix
              + "profile.taper-amps must be above 0 and below profile.current-amps ("
              + p.currentAmps()
              + "), was "
              + p.taperAmps().map(Object::toString).orElse(taper / 1000.0 + " (current / 20)"));
    }
    ChargeProfile profile;
    try {
      profile = new ChargeProfile(chemistry.name(), p.cells(), ceiling, current, taper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + "profile: " + e.getMessage(), e);
    }
    BaySettings defaults = BaySettings.of(id, profile, bay.autoStart());
    int margin = millis(bay.safety().cellMarginVolts(), prefix + "safety.cell-margin-volts");
    if (margin > 100) {
      throw new IllegalArgumentException(
          prefix
              + "safety.cell-margin-volts must be at most 0.100, was "
              + bay.safety().cellMarginVolts());
    }
    long stale = bay.safety().staleAfter().toMillis();
    if (stale < 100 || stale > 5_000) {
      throw new IllegalArgumentException(
          prefix
              + "safety.stale-after must be 100ms..5s (a silent BMS must be cut quickly), was "
              + bay.safety().staleAfter());
    }
    SafetyLimits.Rules rules = rules(bay.safety(), defaults.limits().rules(), prefix + "safety.");
    SafetyLimits limits;
    try {
      limits = defaults.limits().withCellMargin(margin).withStaleAfter(stale).withRules(rules);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + "safety: " + e.getMessage(), e);
    }
    Duration poll = bay.pollInterval().orElse(defaultPoll);
    SleepSettings sleep = null;
    if (bay.sleep().enabled()) {
      int drop = millis(bay.sleep().topUpDropVolts(), prefix + "sleep.top-up-drop-volts");
      ChargebayConfig.Sleep sl = bay.sleep();
      if (sl.pollInterval().isNegative() || sl.pollInterval().isZero()) {
        throw new IllegalArgumentException(
            prefix + "sleep.poll-interval must be positive, was " + sl.pollInterval());
      }
      if (sl.wakeEvery().compareTo(sl.pollInterval()) < 0) {
        throw new IllegalArgumentException(
            prefix
                + "sleep.wake-every must be at least sleep.poll-interval ("
                + sl.pollInterval()
                + "), was "
                + sl.wakeEvery());
      }
      if (drop < 1) {
        throw new IllegalArgumentException(
            prefix + "sleep.top-up-drop-volts must be at least 0.001, was " + sl.topUpDropVolts());
      }
      if (sl.maxTopUps() < 0) {
        throw new IllegalArgumentException(
            prefix + "sleep.max-top-ups must not be negative, was " + sl.maxTopUps());
      }
      try {
        sleep =
            new SleepSettings(
                bay.sleep().pollInterval(), bay.sleep().wakeEvery(), drop, bay.sleep().maxTopUps());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(prefix + e.getMessage(), e);
      }
    }
    int rampDownSteps = bay.charge().rampDownSteps();
    if (rampDownSteps < 0 || rampDownSteps > DeciderSettings.MAX_RAMP_DOWN_STEPS) {
      throw new IllegalArgumentException(
          prefix
              + "charge.ramp-down-steps must be 0.."
              + DeciderSettings.MAX_RAMP_DOWN_STEPS
              + ", was "
              + rampDownSteps);
    }
    BalanceSettings balance = balance(bay.balance(), prefix, limits);
    PlanDefaults plan = plan(bay.charge(), prefix, profile);
    BaySettings settings =
        new BaySettings(
            id,
            profile,
            limits,
            defaults.decider().withRampDownSteps(rampDownSteps).withBalance(balance),
            poll,
            bay.autoStart(),
            defaults.hardwareVoltageMarginMillivolts(),
            defaults.hardwareCurrentMarginMilliamps(),
            bay.supply().acceptNoHardwareLimits(),
            sleep);
    if (hasNoBms(bay.bms())) {
      settings =
          settings.withNoBms(
              NoBmsSettings.defaults().withMaxChargeTime(bay.bms().noneMaxChargeTime()));
    }
    return settings.withPlan(plan);
  }

  /** True if the bay's {@code bms.family} is {@code none} (a pack without a smart BMS). */
  static boolean hasNoBms(ChargebayConfig.Bms bms) {
    return bms.family().trim().equalsIgnoreCase(ConfigChecks.NO_BMS);
  }

  /**
   * The supervisor's rules with the bay's thresholds; each key is checked against its safe bounds
   * ({@link SafetyLimits.Rules}) and its refusal names the key and the bounds.
   */
  static SafetyLimits.Rules rules(
      ChargebayConfig.Safety s,
      SafetyLimits.@org.jspecify.annotations.Nullable Rules d,
      String prefix) {
    if (d == null) {
      throw new IllegalStateException("the profile's default limits carry the rules");
    }
    int noTaper =
        s.noTaperFraction().isPresent()
            ? thousandths(
                s.noTaperFraction().get(),
                prefix + "no-taper-fraction",
                SafetyLimits.Rules.NO_TAPER_PERMILLE_RANGE)
            : d.noTaperPermille();
    long window =
        s.noTaperWindow().isPresent()
            ? duration(
                s.noTaperWindow().get(),
                prefix + "no-taper-window",
                SafetyLimits.Rules.NO_TAPER_WINDOW_MILLIS_RANGE,
                "1m..2h")
            : d.noTaperWindowMillis();
    int budget =
        s.chargeBudgetFactor().isPresent()
            ? thousandths(
                s.chargeBudgetFactor().get(),
                prefix + "charge-budget-factor",
                SafetyLimits.Rules.CHARGE_BUDGET_PERMILLE_RANGE)
            : d.chargeBudgetPermille();
    Integer capacity =
        s.capacityAmpHours().isPresent()
            ? milliBounded(
                s.capacityAmpHours().get(),
                prefix + "capacity-amp-hours",
                SafetyLimits.Rules.CAPACITY_MILLIAMP_HOURS_RANGE)
            : null;
    Long maxTime =
        s.maxChargeTime().isPresent()
            ? duration(
                s.maxChargeTime().get(),
                prefix + "max-charge-time",
                SafetyLimits.Rules.MAX_CHARGE_MILLIS_RANGE,
                "10m..48h")
            : null;
    int setMv =
        s.setpointToleranceVolts().isPresent()
            ? milliBounded(
                s.setpointToleranceVolts().get(),
                prefix + "setpoint-tolerance-volts",
                SafetyLimits.Rules.SETPOINT_TOLERANCE_MILLIVOLTS_RANGE)
            : d.setpointToleranceMillivolts();
    int setMa =
        s.setpointToleranceAmps().isPresent()
            ? milliBounded(
                s.setpointToleranceAmps().get(),
                prefix + "setpoint-tolerance-amps",
                SafetyLimits.Rules.SETPOINT_TOLERANCE_MILLIAMPS_RANGE)
            : d.setpointToleranceMilliamps();
    int bmsMv =
        s.supplyBmsToleranceVolts().isPresent()
            ? milliBounded(
                s.supplyBmsToleranceVolts().get(),
                prefix + "supply-bms-tolerance-volts",
                SafetyLimits.Rules.SUPPLY_BMS_TOLERANCE_MILLIVOLTS_RANGE)
            : d.supplyBmsToleranceMillivolts();
    int bmsMa =
        s.supplyBmsToleranceAmps().isPresent()
            ? milliBounded(
                s.supplyBmsToleranceAmps().get(),
                prefix + "supply-bms-tolerance-amps",
                SafetyLimits.Rules.SUPPLY_BMS_TOLERANCE_MILLIAMPS_RANGE)
            : d.supplyBmsToleranceMilliamps();
    int frozen =
        count(
            s.frozenSamples(),
            d.frozenSamples(),
            prefix + "frozen-samples",
            SafetyLimits.Rules.FROZEN_SAMPLES_RANGE);
    int dropout =
        count(
            s.bmsDropoutReads(),
            d.bmsDropoutReads(),
            prefix + "bms-dropout-reads",
            SafetyLimits.Rules.BMS_DROPOUT_READS_RANGE);
    int toggles =
        count(
            s.flapToggles(),
            d.flapToggles(),
            prefix + "flap-toggles",
            SafetyLimits.Rules.FLAP_TOGGLES_RANGE);
    long flapWindow =
        s.flapWindow().isPresent()
            ? duration(
                s.flapWindow().get(),
                prefix + "flap-window",
                SafetyLimits.Rules.FLAP_WINDOW_MILLIS_RANGE,
                "5s..10m")
            : d.flapWindowMillis();
    return d.withNoTaper(noTaper, window)
        .withBudget(budget, capacity, maxTime)
        .withTolerances(setMv, setMa, bmsMv, bmsMa)
        .withBmsWatch(frozen, dropout, toggles, flapWindow);
  }

  private static String decimals(long thousandths) {
    return BigDecimal.valueOf(thousandths, 3).toPlainString();
  }

  /** A value with up to three decimals within a range given in thousandths. */
  private static int milliBounded(BigDecimal value, String key, SafetyLimits.Range range) {
    BigDecimal m = value.movePointRight(3);
    if (m.stripTrailingZeros().scale() > 0
        || m.compareTo(BigDecimal.valueOf(range.min())) < 0
        || m.compareTo(BigDecimal.valueOf(range.max())) > 0) {
      throw new IllegalArgumentException(
          key
              + " must be "
              + decimals(range.min())
              + ".."
              + decimals(range.max())
              + " with at most 3 decimals, was "
              + value);
    }
    return m.intValueExact();
  }

  private static int thousandths(BigDecimal value, String key, SafetyLimits.Range range) {
    return milliBounded(value, key, range);
  }

  private static long duration(Duration value, String key, SafetyLimits.Range range, String says) {
    long ms = value.toMillis();
    if (value.isNegative() || !range.contains(ms)) {
      throw new IllegalArgumentException(key + " must be " + says + ", was " + value);
    }
    return ms;
  }

  private static int count(
      Optional<Integer> value, int fallback, String key, SafetyLimits.Range range) {
    if (value.isEmpty()) {
      return fallback;
    }
    int v = value.get();
    if (!range.contains(v)) {
      throw new IllegalArgumentException(
          key + " must be " + range.min() + ".." + range.max() + ", was " + v);
    }
    return v;
  }

  /** The bay's charge policy for starts that ask for none, null if none; errors name the key. */
  static @org.jspecify.annotations.Nullable PlanDefaults plan(
      ChargebayConfig.Charge c, String prefix, ChargeProfile profile) {
    java.time.ZoneId zone;
    try {
      zone = java.time.ZoneId.of(c.zone());
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          prefix
              + "charge.zone must be a time zone such as UTC or Europe/Berlin, was '"
              + c.zone()
              + "'");
    }
    Integer target = c.targetSocPct().orElse(null);
    if (target != null) {
      String problem = org.chargebay.session.ChargeDecider.targetProblem(profile, target);
      if (problem != null) {
        throw new IllegalArgumentException(prefix + "charge.target-soc-pct: " + problem);
      }
    }
    java.time.LocalTime finishBy = null;
    if (c.finishBy().isPresent()) {
      String raw = c.finishBy().get();
      if (!raw.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
        throw new IllegalArgumentException(
            prefix
                + "charge.finish-by must be a time of day HH:MM such as 07:00, was '"
                + raw
                + "'");
      }
      finishBy = java.time.LocalTime.parse(raw);
    }
    if (target == null && finishBy == null) {
      return null;
    }
    return new PlanDefaults(target, finishBy, zone);
  }

  /**
   * Whether bay {@code id} exports one voltage series per cell: {@code
   * chargebay.bays.<id>.metrics.per-cell}, on for the demo bay (which has no configuration).
   */
  static boolean perCellMetrics(String id, java.util.Map<String, ChargebayConfig.Bay> bays) {
    ChargebayConfig.Bay bay = bays.get(id);
    return bay == null || bay.metrics().perCell();
  }

  /** The bay's balancer, null for none; each key checked with an error naming it. */
  static @org.jspecify.annotations.Nullable BalanceSettings balance(
      ChargebayConfig.Balance b, String prefix, org.chargebay.safety.SafetyLimits limits) {
    BalanceSettings.Balancer kind;
    switch (b.kind()) {
      case "active" -> kind = BalanceSettings.Balancer.ACTIVE;
      case "passive" -> kind = BalanceSettings.Balancer.PASSIVE;
      case "none" -> kind = BalanceSettings.Balancer.NONE;
      default ->
          throw new IllegalArgumentException(
              prefix + "balance.kind must be active, passive or none, was '" + b.kind() + "'");
    }
    Integer start = null;
    if (b.startVolts().isPresent()) {
      String key = prefix + "balance.start-volts";
      start = millis(b.startVolts().get(), key);
      if (start < limits.minPlausibleCellMillivolts()
          || start > limits.maxPlausibleCellMillivolts()) {
        throw new IllegalArgumentException(
            key
                + " must be a plausible cell voltage ("
                + limits.minPlausibleCellMillivolts() / 1000.0
                + ".."
                + limits.maxPlausibleCellMillivolts() / 1000.0
                + " V), was "
                + b.startVolts().get());
      }
    }
    java.time.Duration hold = b.holdTimeout();
    if (hold.compareTo(java.time.Duration.ofMinutes(1)) < 0
        || hold.compareTo(java.time.Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException(
          prefix + "balance.hold-timeout must be 1 min..24 h, was " + hold);
    }
    if (kind == BalanceSettings.Balancer.NONE) {
      return null;
    }
    return new BalanceSettings(kind, start, hold);
  }

  /** Volts or amps to milli-units, exactly; more than three decimals is an error. */
  static int millis(BigDecimal value, String key) {
    BigDecimal m = value.movePointRight(3);
    if (m.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(key + " has more than 3 decimals: " + value);
    }
    if (m.signum() < 0) {
      throw new IllegalArgumentException(key + " must not be negative: " + value);
    }
    if (m.compareTo(MAX_MILLIS) > 0) {
      throw new IllegalArgumentException(key + " is out of range: " + value);
    }
    return m.intValueExact();
  }
}
