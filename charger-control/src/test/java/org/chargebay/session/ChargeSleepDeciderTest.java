package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.session.ChargeDeciderTest.PROFILE;
import static org.chargebay.session.ChargeDeciderTest.T0;
import static org.chargebay.session.ChargeDeciderTest.cells;
import static org.chargebay.session.ChargeDeciderTest.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chargebay.events.BaySlept;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.Evidence;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.TopUpStarted;
import org.chargebay.session.ChargeCommand.Observe;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Sleep after completion, wake on the timer, top-ups capped per plug-in. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChargeSleepDeciderTest {
  static final SleepSettings SLEEP =
      new SleepSettings(Duration.ofSeconds(60), Duration.ofHours(24), 50, 2);
  static final ChargeDecider DECIDER = new ChargeDecider(DeciderSettings.defaults(), SLEEP);

  static Observation resting(int cellMv, Instant at) {
    List<Integer> c = cells(cellMv);
    int pack = c.stream().mapToInt(Integer::intValue).sum();
    return new Observation(evidence(c, 0, pack, false, "CV"), true, List.of(0, 0, 0, 0, 0));
  }

  static ChargeState inCv() {
    return DECIDER.fold(
        List.of(
            new ChargeStarted("s1", T0, PROFILE, Evidence.none()),
            new SetpointChanged("s1", T0, 53_950, 2000, true, "start", Evidence.none()),
            new PhaseChanged("s1", T0, Phase.CC, Phase.CV, "cv", Evidence.none())));
  }

  static ChargeState asleep() {
    ChargeState s = inCv();
    List<Integer> c = cells(4148);
    Observation tapered =
        new Observation(evidence(c, 90, 53_924, true, "CV"), true, List.of(90, 90, 90, 90, 90));
    return DECIDER.fold(s, DECIDER.decide(new Observe(T0, tapered, null), s));
  }

  @Test
  void cv_x_tapered_yields_completed_then_slept_with_the_timer_and_the_reference() {
    ChargeState s = inCv();
    Observation tapered =
        new Observation(
            evidence(cells(4148), 90, 53_924, true, "CV"), true, List.of(90, 90, 90, 90, 90));
    List<ChargeEvent> out = DECIDER.decide(new Observe(T0, tapered, null), s);
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isInstanceOf(ChargeCompleted.class);
    BaySlept slept = (BaySlept) out.get(1);
    assertThat(slept.wakeAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
    assertThat(slept.referenceMillivolts()).isEqualTo(4148);
    assertThat(slept.topUps()).isZero();
    ChargeState after = DECIDER.fold(s, out);
    assertThat(after.asleep()).isTrue();
    // without sleep settings, completion is final as before
    assertThat(
            new ChargeDecider(DeciderSettings.defaults()).decide(new Observe(T0, tapered, null), s))
        .singleElement()
        .isInstanceOf(ChargeCompleted.class);
  }

  @Test
  void asleep_x_before_the_timer_yields_nothing() {
    Instant early = T0.plus(Duration.ofHours(23));
    assertThat(DECIDER.decide(new Observe(early, resting(4000, early), null), asleep())).isEmpty();
  }

  @Test
  void asleep_x_timer_with_a_small_drop_yields_sleep_again() {
    Instant wake = T0.plus(Duration.ofHours(24));
    List<ChargeEvent> out = DECIDER.decide(new Observe(wake, resting(4100, wake), null), asleep());
    BaySlept again = (BaySlept) out.get(0);
    assertThat(out).hasSize(1);
    assertThat(again.wakeAt()).isEqualTo(wake.plus(Duration.ofHours(24)));
    assertThat(again.referenceMillivolts()).isEqualTo(4148);
    assertThat(again.cause())
        .isEqualTo("woke: highest cell dropped 48 mV (top-up after more than 50 mV); sleeping on");
  }

  @Test
  void asleep_x_timer_with_a_large_drop_yields_a_top_up_session_until_the_cap() {
    Instant wake = T0.plus(Duration.ofHours(24));
    List<ChargeEvent> out = DECIDER.decide(new Observe(wake, resting(4090, wake), null), asleep());
    assertThat(out).hasSize(3);
    TopUpStarted topUp = (TopUpStarted) out.get(0);
    assertThat(topUp.sessionId()).isEqualTo("s1-top-up-1");
    assertThat(topUp.afterSessionId()).isEqualTo("s1");
    assertThat(topUp.dropMillivolts()).isEqualTo(58);
    assertThat(topUp.topUp()).isEqualTo(1);
    assertThat(((ChargeStarted) out.get(1)).sessionId()).isEqualTo("s1-top-up-1");
    assertThat(((SetpointChanged) out.get(2)).outputOn()).isTrue();

    // the cap: after two top-ups the bay sleeps on, saying why
    ChargeState twoDone =
        DECIDER.fold(
            asleep(),
            List.of(new BaySlept("s1-top-up-2", T0, wake, 4148, 2, "c", Evidence.none())));
    List<ChargeEvent> capped =
        DECIDER.decide(new Observe(wake, resting(4000, wake), null), twoDone);
    assertThat(capped).singleElement().isInstanceOf(BaySlept.class);
    assertThat(((BaySlept) capped.get(0)).cause())
        .isEqualTo(
            "woke: highest cell dropped 148 mV but the 2 top-ups of this plug-in are done; sleeping on");
  }

  @Test
  void an_operator_start_begins_a_new_count_and_a_top_up_keeps_it() {
    ChargeState topped =
        DECIDER.fold(
            asleep(),
            List.of(
                new TopUpStarted("s1-top-up-1", T0, "s1", 60, 1, Evidence.none()),
                new ChargeStarted("s1-top-up-1", T0, PROFILE, Evidence.none())));
    assertThat(topped.rest().topUps()).isEqualTo(1);
    ChargeState fresh =
        DECIDER.fold(asleep(), List.of(new ChargeStarted("s2", T0, PROFILE, Evidence.none())));
    assertThat(fresh.rest()).isNull();
  }
}
