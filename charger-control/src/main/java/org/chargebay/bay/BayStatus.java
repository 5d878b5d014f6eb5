package org.chargebay.bay;

import java.time.Instant;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.Phase;
import org.chargebay.events.StartRefused;
import org.chargebay.session.ChargeState;
import org.chargebay.supply.SupplyReading;
import org.jspecify.annotations.Nullable;

/**
 * What an operator sees of a bay: the projection served by {@code GET /api/bays}. Volts, amps,
 * amp-hours and watt-hours as decimals for people; the integer milli-units stay in the events.
 *
 * @param bmsAgeMillis age of the last good BMS reading, null if none yet
 * @param lastError the last device or journal error, null if the last poll was clean
 * @param lastRefusal the last refused start since this controller started ("REASON: detail"),
 *     cleared when a session starts
 * @param ceilingVolts the open session's per-cell ceiling (as started or adjusted live), else the
 *     configured one
 * @param supplyTerms how the current or last session uses the supply, e.g. whether the supply's own
 *     OVP/OCP backs it up; null before the first session or for sessions started without
 * @param startAt when a start that waits for its time ({@code startAt}, {@code finishBy}) starts,
 *     null if none waits
 * @param balanceWarning the balancer's warning for the session's (or the configured) ceiling, e.g.
 *     a passive balancer that starts above it; null if none
 */
public record BayStatus(
    String id,
    Phase phase,
    @Nullable String sessionId,
    @Nullable Double packVolts,
    @Nullable Double currentAmps,
    @Nullable Double cellMaxVolts,
    @Nullable Double cellMinVolts,
    double ceilingVolts,
    double ampHours,
    double wattHours,
    @Nullable Double supplyVolts,
    @Nullable Double supplyAmps,
    @Nullable Boolean supplyOutputOn,
    @Nullable String supplyMode,
    @Nullable String fault,
    @Nullable Long bmsAgeMillis,
    @Nullable Long supplyAgeMillis,
    @Nullable String lastError,
    @Nullable String lastRefusal,
    @Nullable String supplyTerms,
    @Nullable Instant startAt,
    @Nullable String balanceWarning,
    Instant updatedAt) {

  /** The status of a bay at {@code now}: a pure projection of its state and telemetry. */
  public static BayStatus of(
      BaySettings settings,
      ChargeState state,
      Telemetry telemetry,
      Instant now,
      @Nullable String lastError,
      @Nullable String lastRefusal) {
    long nowMillis = now.toEpochMilli();
    BmsSnapshot b = telemetry.bms();
    SupplyReading s = telemetry.supply();
    return new BayStatus(
        settings.id(),
        state.phase(),
        state.sessionId(),
        b == null ? null : b.packMillivolts() / 1000.0,
        b == null ? null : b.currentMilliamps() / 1000.0,
        b == null ? null : b.cellMaxMillivolts() / 1000.0,
        b == null ? null : b.cellMinMillivolts() / 1000.0,
        state.sessionCeilingMillivolts(settings.profile().cellCeilingMillivolts()) / 1000.0,
        telemetry.chargeMilliampMillis() / 3_600_000.0 / 1000.0,
        telemetry.energyMicrowattMillis() / 3_600_000.0 / 1e6,
        s == null ? null : s.outMillivolts() / 1000.0,
        s == null ? null : s.outMilliamps() / 1000.0,
        s == null ? null : s.outputOn(),
        s == null ? null : s.mode(),
        state.fault() == null ? null : state.fault().name(),
        b == null ? null : nowMillis - telemetry.bmsAtMillis(),
        s == null ? null : nowMillis - telemetry.supplyAtMillis(),
        lastError,
        lastRefusal,
        state.supply() == null ? null : state.supply().detail(),
        state.scheduled() == null ? null : state.scheduled().startAt(),
        settings.decider().balance() == null
            ? null
            : settings
                .decider()
                .balance()
                .warning(
                    state.sessionCeilingMillivolts(settings.profile().cellCeilingMillivolts())),
        now);
  }

  /** The last refusal after {@code event}: set by a refused start, cleared by a started one. */
  public static @Nullable String refusalAfter(ChargeEvent event, @Nullable String lastRefusal) {
    if (event instanceof StartRefused e) {
      return e.reason() + ": " + e.detail();
    }
    return event instanceof ChargeStarted ? null : lastRefusal;
  }
}
