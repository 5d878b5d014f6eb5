package org.chargebay.events.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
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
import org.chargebay.events.SampleEvents;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.replay.SessionHistory.Outcome;
import org.chargebay.events.replay.SessionHistory.Session;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SessionHistoryTest {

  private static final ChargeProfile NMC = SampleEvents.PROFILE;
  private static final ChargeProfile LFP = new ChargeProfile("LFP", 16, 3550, 20_000, 1_000);

  private static Instant at(int minute) {
    return SampleEvents.T0.plusSeconds(60L * minute);
  }

  /** Evidence without readings that says how much was charged (1 mAh ~ 40 mWh here). */
  private static Evidence charged(long milliampHours) {
    return new Evidence(null, null, milliampHours, milliampHours * 40);
  }

  private static SessionHistory history(ChargeEvent... events) {
    return SessionHistory.of(List.of(events));
  }

  private static ChargeStarted started(String session, int minute) {
    return new ChargeStarted(session, at(minute), NMC, charged(0));
  }

  @Test
  void a_stream_of_sessions_yields_one_summary_each_in_start_order() {
    SessionHistory history =
        history(
            new StartRefused(
                "s-1",
                at(0),
                LFP,
                RefusalReason.CELL_COUNT_MISMATCH,
                "pack reports 15 cells",
                charged(0)),
            started("s-2", 1),
            new SetpointChanged("s-2", at(1), 49_800, 10_000, true, "start", charged(0)),
            new PhaseChanged("s-2", at(40), Phase.CC, Phase.CV, "ceiling", charged(1_200)),
            new ChargeCompleted("s-2", at(70), 1_500, 61_000, charged(1_480)),
            started("s-3", 100),
            new CutOff(
                "s-3",
                at(130),
                CutOffReason.CELL_OVER_VOLTAGE,
                "cell 7 at 4262 mV",
                List.of("supply-output-off: ok"),
                charged(800)),
            new FaultLatched("s-3", at(130), CutOffReason.CELL_OVER_VOLTAGE, "cell 7 at 4262 mV"),
            new FaultAcknowledged("s-3", at(200), "j.doe", "re-seated"),
            started("s-4", 210),
            new ChargeStopped("s-4", at(220), "ops-console", "pack needed", charged(150)),
            started("s-5", 230),
            new SetpointChanged("s-5", at(231), 49_800, 10_000, true, "start", charged(250)));

    assertThat(history.sessions())
        .containsExactly(
            new Session(
                "s-1",
                at(0),
                LFP,
                Outcome.REFUSED,
                Phase.IDLE,
                at(0),
                "CELL_COUNT_MISMATCH",
                0,
                0,
                null),
            new Session(
                "s-2",
                at(1),
                NMC,
                Outcome.COMPLETED,
                Phase.COMPLETE,
                at(70),
                null,
                1_500,
                61_000,
                null),
            new Session(
                "s-3",
                at(100),
                NMC,
                Outcome.CUT_OFF,
                Phase.FAULT,
                at(130),
                "CELL_OVER_VOLTAGE",
                800,
                32_000,
                CutOffReason.CELL_OVER_VOLTAGE),
            new Session(
                "s-4",
                at(210),
                NMC,
                Outcome.STOPPED,
                Phase.IDLE,
                at(220),
                "pack needed",
                150,
                6_000,
                null),
            new Session(
                "s-5", at(230), NMC, Outcome.OPEN, Phase.CC, null, null, 250, 10_000, null));
    assertThat(history.current().map(Session::sessionId)).contains("s-5");
  }

  @Test
  void started_x_phase_changed_moves_the_open_session_to_the_new_phase() {
    SessionHistory history =
        history(
            started("s-1", 0),
            new PhaseChanged("s-1", at(30), Phase.CC, Phase.CV, "ceiling", charged(900)));

    Session session = history.current().orElseThrow();
    assertThat(session.phase()).isEqualTo(Phase.CV);
    assertThat(session.outcome()).isEqualTo(Outcome.OPEN);
    assertThat(session.isOpen()).isTrue();
    assertThat(session.chargedMilliampHours()).isEqualTo(900);
    assertThat(session.endedAt()).isNull();
  }

  @Test
  void suspended_x_resumed_keeps_the_charge_counted_before_the_restart() {
    SessionHistory suspended =
        history(
            started("s-1", 0),
            new SetpointChanged("s-1", at(10), 49_800, 10_000, true, "steer", charged(700)),
            new ChargeSuspended("s-1", at(20), Phase.CV, "controller restart", Evidence.none()));

    assertThat(suspended.current().orElseThrow().phase()).isEqualTo(Phase.SUSPENDED);
    assertThat(suspended.current().orElseThrow().chargedMilliampHours()).isEqualTo(700);

    SessionHistory resumed =
        suspended.evolve(new ChargeResumed("s-1", at(21), Phase.CV, charged(705)));

    assertThat(resumed.current().orElseThrow().phase()).isEqualTo(Phase.CV);
    assertThat(resumed.current().orElseThrow().chargedMilliampHours()).isEqualTo(705);
    assertThat(resumed.current().orElseThrow().chargedMilliwattHours()).isEqualTo(28_200);
  }

  @Test
  void charging_x_fault_latched_without_cut_off_ends_the_session_as_faulted() {
    SessionHistory history =
        history(
            started("s-1", 0),
            new FaultLatched(
                "s-1", at(5), CutOffReason.SUPPLY_OVER_SETPOINT, "set 49.8 V, read 51.2 V"));

    assertThat(history.sessions())
        .containsExactly(
            new Session(
                "s-1",
                at(0),
                NMC,
                Outcome.FAULTED,
                Phase.FAULT,
                at(5),
                "SUPPLY_OVER_SETPOINT",
                0,
                0,
                null));
    assertThat(history.current()).isEmpty();
  }

  @Test
  void cut_off_x_fault_latched_keeps_the_cut_off_as_the_end() {
    SessionHistory history =
        history(
            started("s-1", 0),
            new CutOff(
                "s-1",
                at(5),
                CutOffReason.BMS_STALE,
                "no frame for 2000 ms",
                List.of(),
                charged(40)),
            new FaultLatched("s-1", at(6), CutOffReason.OVER_CURRENT, "later"));

    Session session = history.session("s-1").orElseThrow();
    assertThat(session.outcome()).isEqualTo(Outcome.CUT_OFF);
    assertThat(session.cutOffReason()).isEqualTo(CutOffReason.BMS_STALE);
    assertThat(session.endReason()).isEqualTo("BMS_STALE");
    assertThat(session.endedAt()).isEqualTo(at(5));
  }

  @Test
  void events_for_unknown_or_ended_sessions_change_nothing() {
    SessionHistory ended =
        history(
            started("s-1", 0), new ChargeStopped("s-1", at(5), "ops", "test over", charged(10)));

    SessionHistory after =
        Fold.fold(
            ended,
            List.<ChargeEvent>of(
                new SetpointChanged("s-1", at(6), 0, 0, false, "off", charged(99)),
                new PhaseChanged("s-1", at(6), Phase.CC, Phase.CV, "late", charged(99)),
                new ChargeCompleted("s-1", at(7), 999, 999, charged(999)),
                new CutOff(
                    "s-9",
                    at(8),
                    CutOffReason.OUTPUT_NOT_OFF,
                    "unknown session",
                    List.of(),
                    charged(1)),
                new ChargeResumed("s-9", at(8), Phase.CC, charged(1)),
                started("s-1", 9)),
            SessionHistory::evolve);

    assertThat(after).isEqualTo(ended);
    assertThat(after.sessions()).hasSize(1);
    assertThat(after.sessions().get(0).outcome()).isEqualTo(Outcome.STOPPED);
    assertThat(after.sessions().get(0).chargedMilliampHours()).isEqualTo(10);
  }

  @Test
  void evolve_is_pure_and_leaves_the_previous_history_unchanged() {
    SessionHistory before = history(started("s-1", 0));
    List<Session> sessionsBefore = before.sessions();

    SessionHistory after =
        before.evolve(new ChargeCompleted("s-1", at(60), 1_000, 40_000, charged(1_000)));

    assertThat(before.sessions()).isEqualTo(sessionsBefore);
    assertThat(before.current()).isPresent();
    assertThat(after.current()).isEmpty();
    assertThat(after.sessions().get(0).outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void the_empty_history_has_no_sessions() {
    assertThat(SessionHistory.empty().sessions()).isEmpty();
    assertThat(SessionHistory.empty().current()).isEmpty();
    assertThat(SessionHistory.of(List.of())).isEqualTo(SessionHistory.empty());
  }

  @Test
  void every_event_type_is_handled() {
    for (ChargeEvent sample : SampleEvents.oneOfEach()) {
      SessionHistory opened =
          history(new ChargeStarted(sample.sessionId(), at(0), NMC, charged(0)));

      SessionHistory next = opened.evolve(sample);

      assertThat(next.sessions()).as(sample.getClass().getSimpleName()).hasSize(1);
    }
    assertThat(SampleEvents.oneOfEach()).hasSize(ChargeEvent.class.getPermittedSubclasses().length);
  }

  @Test
  void the_samples_replay_to_a_refused_start_and_a_cut_off_session() {
    SessionHistory history = SessionHistory.of(SampleEvents.oneOfEach());

    assertThat(history.sessions())
        .extracting(Session::sessionId, Session::outcome, Session::phase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s-0001", Outcome.CUT_OFF, Phase.FAULT),
            org.assertj.core.groups.Tuple.tuple("s-0000", Outcome.REFUSED, Phase.IDLE));
  }
}
