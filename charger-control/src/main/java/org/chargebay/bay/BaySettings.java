package org.chargebay.bay;

import java.time.Duration;
import org.chargebay.events.ChargeProfile;
import org.chargebay.safety.SafetyLimits;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;
import org.chargebay.session.DeciderSettings;
import org.chargebay.session.NoBmsSettings;
import org.chargebay.session.PlanDefaults;
import org.chargebay.session.SleepSettings;

/**
 * Everything a bay runtime needs to know about its bay, already validated.
 *
 * @param id the bay id (the stream is {@code bay-<id>})
 * @param profile what a start charges to
 * @param limits what the safety supervisor enforces
 * @param pollInterval how often the loop reads both devices (default 200 ms)
 * @param autoStart start a session once, as soon as telemetry is fresh (demo mode)
 * @param hardwareVoltageMarginMillivolts the supply's own OVP is set to pack ceiling + this
 * @param hardwareCurrentMarginMilliamps the supply's own OCP is set to charge current + this
 * @param acceptNoHardwareLimits the operator accepts charging on a supply without settable OVP/OCP
 *     (JUNTEK, a relay-switched fixed charger): safety layer 1 is then missing; without this such a
 *     start is refused ({@code chargebay.bays.<id>.supply.accept-no-hardware-limits}). Also the
 *     margin a fixed charger's voltage may exceed the pack ceiling by is {@code
 *     hardwareVoltageMarginMillivolts}. Absent (false) in recordings made before it existed.
 * @param sleep how the bay sleeps and tops up after a completed charge; null: it does not (absent
 *     from recordings made before sleep existed, which replay as they ran)
 * @param noBms the bay has no smart BMS ({@code bms.family=none}, accepted by its operator): how it
 *     charges on the supply alone; null for a bay with a BMS (and in every recording made before
 *     bays without one existed)
 * @param plan the bay's charge policy for starts that ask for none (a target state of charge, a
 *     daily finish time); null: none (absent from recordings made before it)
 */
public record BaySettings(
    String id,
    ChargeProfile profile,
    SafetyLimits limits,
    DeciderSettings decider,
    Duration pollInterval,
    boolean autoStart,
    int hardwareVoltageMarginMillivolts,
    int hardwareCurrentMarginMilliamps,
    boolean acceptNoHardwareLimits,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @org.jspecify.annotations.Nullable
        SleepSettings sleep,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @org.jspecify.annotations.Nullable
        NoBmsSettings noBms,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @org.jspecify.annotations.Nullable
        PlanDefaults plan) {

  public BaySettings {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException(
          "bay id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    if (pollInterval.toMillis() < 20 || pollInterval.toMillis() > 60_000) {
      throw new IllegalArgumentException(
          "bay "
              + id
              + ": poll interval must be 20 ms..60 s, was "
              + pollInterval.toMillis()
              + " ms");
    }
    if (limits.cellCount() != profile.cellCount()
        || limits.cellCeilingMillivolts() != profile.cellCeilingMillivolts()) {
      throw new IllegalArgumentException("bay " + id + ": safety limits do not match the profile");
    }
    if ((noBms == null) != (limits.noBms() == null)) {
      throw new IllegalArgumentException(
          "bay " + id + ": the safety limits and the settings disagree on whether it has a BMS");
    }
  }

  /** Settings of a bay with a BMS. */
  public BaySettings(
      String id,
      ChargeProfile profile,
      SafetyLimits limits,
      DeciderSettings decider,
      Duration pollInterval,
      boolean autoStart,
      int hardwareVoltageMarginMillivolts,
      int hardwareCurrentMarginMilliamps,
      boolean acceptNoHardwareLimits,
      @org.jspecify.annotations.Nullable SleepSettings sleep) {
    this(
        id,
        profile,
        limits,
        decider,
        pollInterval,
        autoStart,
        hardwareVoltageMarginMillivolts,
        hardwareCurrentMarginMilliamps,
        acceptNoHardwareLimits,
        sleep,
        null,
        null);
  }

  /** Settings without sleep. */
  public BaySettings(
      String id,
      ChargeProfile profile,
      SafetyLimits limits,
      DeciderSettings decider,
      Duration pollInterval,
      boolean autoStart,
      int hardwareVoltageMarginMillivolts,
      int hardwareCurrentMarginMilliamps,
      boolean acceptNoHardwareLimits) {
    this(
        id,
        profile,
        limits,
        decider,
        pollInterval,
        autoStart,
        hardwareVoltageMarginMillivolts,
        hardwareCurrentMarginMilliamps,
        acceptNoHardwareLimits,
        null);
  }

  /** The same settings with this sleep after completion (null: none). */
  public BaySettings withSleep(@org.jspecify.annotations.Nullable SleepSettings s) {
    return new BaySettings(
        id,
        profile,
        limits,
        decider,
        pollInterval,
        autoStart,
        hardwareVoltageMarginMillivolts,
        hardwareCurrentMarginMilliamps,
        acceptNoHardwareLimits,
        s,
        noBms,
        plan);
  }

  /** Settings without the opt-in to a supply without OVP/OCP. */
  public BaySettings(
      String id,
      ChargeProfile profile,
      SafetyLimits limits,
      DeciderSettings decider,
      Duration pollInterval,
      boolean autoStart,
      int hardwareVoltageMarginMillivolts,
      int hardwareCurrentMarginMilliamps) {
    this(
        id,
        profile,
        limits,
        decider,
        pollInterval,
        autoStart,
        hardwareVoltageMarginMillivolts,
        hardwareCurrentMarginMilliamps,
        false);
  }

  /** The same settings with the opt-in to a supply without OVP/OCP set as given. */
  public BaySettings withAcceptNoHardwareLimits(boolean accept) {
    return new BaySettings(
        id,
        profile,
        limits,
        decider,
        pollInterval,
        autoStart,
        hardwareVoltageMarginMillivolts,
        hardwareCurrentMarginMilliamps,
        accept,
        sleep,
        noBms,
        plan);
  }

  /**
   * Defaults around a profile: limits from {@link SafetyLimits#defaults} with the chemistry's cell
   * plausibility range and charge temperature maximum (when the chemistry is known), 200 ms poll.
   */
  public static BaySettings of(String id, ChargeProfile profile, boolean autoStart) {
    SafetyLimits limits =
        SafetyLimits.defaults(
            profile.cellCount(), profile.cellCeilingMillivolts(), profile.chargeCurrentMilliamps());
    Chemistry chemistry = Chemistries.of(profile.chemistry()).orElse(null);
    if (chemistry != null) {
      limits =
          limits.withChemistry(
              chemistry.cells().minPlausibleMillivolts(),
              chemistry.cells().maxPlausibleMillivolts(),
              chemistry.temperature().maxDeciCelsius());
    }
    return new BaySettings(
        id,
        profile,
        limits,
        DeciderSettings.defaults(),
        Duration.ofMillis(200),
        autoStart,
        profile.cellCount() * 50,
        Math.max(500, profile.chargeCurrentMilliamps() / 5));
  }

  /**
   * The same settings for a bay without a BMS charging as {@code n} says (the supervisor's limits
   * judge the supply's side at the pack ceiling; no sleep: nothing would see the cells drop), or
   * with a BMS when {@code n} is null.
   */
  public BaySettings withNoBms(@org.jspecify.annotations.Nullable NoBmsSettings n) {
    SafetyLimits l =
        limits.withNoBms(
            n == null
                ? null
                : new SafetyLimits.NoBms(
                    n.packCeilingMillivolts(profile),
                    profile.cellCount() * limits.cellMarginMillivolts(),
                    Long.MAX_VALUE));
    return new BaySettings(
        id,
        profile,
        l,
        decider,
        pollInterval,
        autoStart,
        hardwareVoltageMarginMillivolts,
        hardwareCurrentMarginMilliamps,
        acceptNoHardwareLimits,
        n == null ? sleep : null,
        n,
        plan);
  }

  /** The same settings with this decider tuning (e.g. a ramp-down). */
  public BaySettings withDecider(DeciderSettings d) {
    return new BaySettings(
        id,
        profile,
        limits,
        d,
        pollInterval,
        autoStart,
        hardwareVoltageMarginMillivolts,
        hardwareCurrentMarginMilliamps,
        acceptNoHardwareLimits,
        sleep,
        noBms,
        plan);
  }

  /** The same settings with this charge policy for starts that ask for none. */
  public BaySettings withPlan(@org.jspecify.annotations.Nullable PlanDefaults p) {
    return new BaySettings(
        id,
        profile,
        limits,
        decider,
        pollInterval,
        autoStart,
        hardwareVoltageMarginMillivolts,
        hardwareCurrentMarginMilliamps,
        acceptNoHardwareLimits,
        sleep,
        noBms,
        p);
  }

  /** True if the bay has a smart BMS the controller reads. */
  public boolean hasBms() {
    return noBms == null;
  }

  public String streamId() {
    return "bay-" + id;
  }
}
