package org.chargebay.packs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BaySample;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.Evidence;
import org.chargebay.events.PackIdentified;
import org.chargebay.events.Phase;
import org.chargebay.events.ResistanceMeasured;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PackRecorderTest {
  private static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  @TempDir java.nio.file.Path dir;
  private SqliteEventStore store;
  private PackRecorder recorder;

  @BeforeEach
  void open() {
    store = SqliteEventStore.open(dir.resolve("j.db"));
    recorder = new PackRecorder(store, Runnable::run);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static BmsSnapshot bms(int packMv, int ma) {
    return new BmsSnapshot(
        List.of(3_700), packMv, ma, 30, List.of(250), true, true, 0, 0, 41, 600, 2_000, 13);
  }

  private static BaySample sample(long millis, int packMv, int ma) {
    return new BaySample("b1", T0.plusMillis(millis), bms(packMv, ma), null, Phase.CC);
  }

  private static void started(BayListener l, String session, long millis) {
    l.onEvents(
        "b1",
        List.of(),
        List.of(new ChargeStarted(session, T0.plusMillis(millis), PROFILE, Evidence.none())));
  }

  private List<ChargeEvent> pack(String id) {
    return store.readStream(PackIdentified.streamOf(id), 1).stream()
        .map(EventCodec.standard()::decode)
        .toList();
  }

  @Test
  void the_bms_hardware_id_wins_over_the_labels_and_the_steps_are_recorded_under_it() {
    recorder.labelSession("s1", "given-label");
    BayListener l =
        recorder.observe("b1", () -> Optional.of(" JBD SN 0042 "), () -> "bay-label", 400);
    l.onSample(sample(0, 47_000, 0));
    started(l, "s1", 0);
    l.onSample(sample(200, 47_780, 2_000));
    l.onEvents(
        "b1",
        List.of(),
        List.of(new ChargeStopped("s1", T0.plusMillis(300), "op", "r", Evidence.none())));
    l.onSample(sample(400, 47_010, 0));
    l.onSample(sample(600, 47_010, 0));
    l.onSample(sample(800, 47_010, 0));
    l.onSample(sample(1_000, 47_790, 2_000)); // after the session: not recorded

    assertThat(recorder.packOf("s1")).contains("JBD_SN_0042");
    List<ChargeEvent> events = pack("JBD_SN_0042");
    assertThat(events.get(0))
        .isEqualTo(new PackIdentified("s1", T0, "b1", "JBD_SN_0042", "bms", 41, 2_000));
    assertThat(events.subList(1, events.size()))
        .extracting(
            e -> ((ResistanceMeasured) e).cause(), e -> ((ResistanceMeasured) e).milliohms())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("current applied", 390),
            org.assertj.core.groups.Tuple.tuple("current removed", 385));
  }

  @Test
  void without_a_hardware_id_the_start_label_then_the_bay_label_names_the_pack() {
    BayListener l = recorder.observe("b1", Optional::empty, () -> "bay-label", 400);
    recorder.labelSession("s1", "blue-42");
    started(l, "s1", 0);
    started(l, "s2", 1_000);
    assertThat(recorder.packOf("s1")).contains("blue-42");
    assertThat(recorder.packOf("s2")).contains("bay-label");
    assertThat(((PackIdentified) pack("blue-42").get(0)).source()).isEqualTo("label");
  }

  @Test
  void a_pack_that_cannot_be_identified_is_in_no_history() {
    BayListener l =
        recorder.observe(
            "b1",
            () -> {
              throw new BmsException("no answer within 300 ms");
            },
            () -> null,
            400);
    started(l, "s1", 0);
    l.onSample(sample(200, 47_000, 0));
    l.onSample(sample(400, 47_780, 2_000));
    assertThat(recorder.packOf("s1")).isEmpty();
    assertThat(store.streamIds()).isEmpty();
  }
}
