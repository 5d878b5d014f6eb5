package org.chargebay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.chargebay.events.BaySlept;
import org.chargebay.events.CeilingAdjusted;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.Evidence;
import org.chargebay.events.FaultAcknowledged;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RefusalReason;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.TopUpStarted;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BayReadingsTest {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  private static final Evidence NONE = new Evidence(null, null, 0, 0);
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.250Z");

  private static List<ChargeEvent> oneOfEach(Instant at) {
    return List.of(
        org.chargebay.events.SampleEvents.of(org.chargebay.events.BayConfigured.class),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.BayRemoved.class),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.PackIdentified.class),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.ResistanceMeasured.class),
        new ChargeStarted("s", at, PROFILE, NONE),
        new StartRefused("s", at, PROFILE, RefusalReason.ALREADY_FULL, "full", NONE),
        new PhaseChanged("s", at, Phase.CC, Phase.CV, "ceiling", NONE),
        new SetpointChanged("s", at, 53_000, 2000, true, "cv", NONE),
        new CutOff("s", at, CutOffReason.BMS_STALE, "stale", List.of(), NONE),
        new FaultLatched("s", at, CutOffReason.BMS_STALE, "stale"),
        new FaultAcknowledged("s", at, "op", "checked"),
        new ChargeCompleted("s", at, 1500, 70_000, NONE),
        new ChargeStopped("s", at, "op", "done", NONE),
        new ChargeSuspended("s", at, Phase.CC, "restart", NONE),
        new ChargeResumed("s", at, Phase.CC, NONE),
        new CeilingAdjusted("s", at, 4150, 4100, "op", NONE),
        new BaySlept("s", at, at, 4150, 0, "c", NONE),
        new TopUpStarted("s-top-up-1", at, "s", 60, 1, NONE),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.PlanComputed.class),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.AllocationChanged.class),
        new org.chargebay.events.CommandAudited(at, "ana", "local", "a", "t", "done", "d"),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.ChargePlanned.class),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.RampDownStarted.class),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.BalanceHoldStarted.class),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.BalanceWarned.class),
        org.chargebay.events.SampleEvents.of(org.chargebay.events.DepartureSet.class));
  }

  @Test
  void every_event_type_is_classified_and_only_setpoints_refusals_and_ceilings_keep_the_phase() {
    List<ChargeEvent> events = oneOfEach(T0);
    assertThat(events.stream().map(Object::getClass).toList())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.asList(ChargeEvent.class.getPermittedSubclasses()));
    assertThat(
            events.stream()
                .filter(e -> !BayReadings.changesPhase(e))
                .map(Object::getClass)
                .toList())
        .containsExactlyInAnyOrder(
            SetpointChanged.class,
            StartRefused.class,
            org.chargebay.events.BayConfigured.class,
            org.chargebay.events.BayRemoved.class,
            org.chargebay.events.PackIdentified.class,
            org.chargebay.events.ResistanceMeasured.class,
            org.chargebay.events.CommandAudited.class,
            CeilingAdjusted.class,
            BaySlept.class,
            TopUpStarted.class,
            org.chargebay.events.PlanComputed.class,
            org.chargebay.events.AllocationChanged.class,
            org.chargebay.events.ChargePlanned.class,
            org.chargebay.events.RampDownStarted.class,
            org.chargebay.events.BalanceHoldStarted.class,
            org.chargebay.events.BalanceWarned.class,
            org.chargebay.events.DepartureSet.class);
  }

  @Test
  void nothing_seen_yet_reads_nan() {
    BayReadings r = new BayReadings();
    assertThat(r.phaseStartSeconds()).isNaN();
    assertThat(r.sessionStartSeconds()).isNaN();
    assertThat(r.lastCutOffSeconds()).isNaN();
    assertThat(r.cellVolts(1)).isNaN();
    assertThat(r.temperatureCelsius(1)).isNaN();
  }

  @Test
  void instants_are_the_events_own_in_unix_seconds_and_the_latest_wins_in_any_order() {
    BayReadings r = new BayReadings();
    Instant later = T0.plusSeconds(3600);
    r.seen(new PhaseChanged("s", later, Phase.CC, Phase.CV, "ceiling", NONE));
    r.seen(new ChargeStarted("s", T0, PROFILE, NONE)); // history read after a live event
    r.seen(new SetpointChanged("s", later.plusSeconds(5), 53_000, 2000, true, "cv", NONE));

    assertThat(r.phaseStartSeconds()).isEqualTo(later.toEpochMilli() / 1000.0);
    assertThat(r.sessionStartSeconds()).isEqualTo(1_772_359_200.25);
    assertThat(r.lastCutOffSeconds()).isNaN();

    r.seen(
        new CutOff(
            "s",
            later.plusSeconds(60),
            CutOffReason.CELL_OVER_VOLTAGE,
            "4.171 V",
            List.of(),
            NONE));
    assertThat(r.lastCutOffSeconds()).isEqualTo(later.plusSeconds(60).toEpochMilli() / 1000.0);
    assertThat(r.phaseStartSeconds()).isEqualTo(later.plusSeconds(60).toEpochMilli() / 1000.0);
  }
}
