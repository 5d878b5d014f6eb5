package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.chargebay.cli.EventsCli;
import org.chargebay.cli.ReplayCli;
import org.chargebay.events.CutOff;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.sqlite.SqliteSampleLog;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's stuck-supply fault is recorded once (journal + samples), then replayed: the
 * recorded cut-off is reproduced decision by decision, and a wider cell margin makes the replay
 * report the difference.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IncidentReplayIT {
  @TempDir static Path dir;
  private static Path journal;
  private static List<EventEnvelope> recorded;

  @BeforeAll
  static void record_the_incident() {
    PackModel pack = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 85.0, 40.0);
    try (BenchHarness h = new BenchHarness(dir, pack);
        SqliteSampleLog samples = SqliteSampleLog.open(dir.resolve("chargebay.db"));
        SampleRecorder recorder = new SampleRecorder(samples, Duration.ofDays(7))) {
      h.runtime.addListener(recorder);
      h.bench.faults().supplyIgnoresVoltageSetpoint(true);
      h.runUntil(r -> r.state().phase() == Phase.FAULT, Duration.ofHours(2));
      for (int i = 0; i < 5; i++) {
        h.tick();
      }
      recorder.close();
      assertThat(recorder.droppedCount()).isZero();
      journal = h.journal;
      recorded = h.envelopes();
    }
  }

  @AfterAll
  static void forget() {
    recorded = null;
  }

  private record Run(int exit, String out, String err) {}

  private static Run replay(String... extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[4 + extra.length];
    args[0] = "--journal";
    args[1] = journal.toString();
    args[2] = "--bay";
    args[3] = "demo-1";
    System.arraycopy(extra, 0, args, 4, extra.length);
    int exit =
        ReplayCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void the_recorded_cut_off_replays_to_identical_decisions() {
    Run run = replay();

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("CutOff identical")
        .contains("FaultLatched identical")
        .contains("identical: " + recorded.size() + " decisions reproduced")
        .doesNotContain("device calls that differ");
  }

  @Test
  void the_replay_engine_reproduces_every_event_payload() {
    try (SqliteSampleLog samples = SqliteSampleLog.open(journal)) {
      List<TickRecord> ticks =
          samples
              .read(
                  "bay-demo-1",
                  java.time.Instant.EPOCH,
                  java.time.Instant.ofEpochMilli(Long.MAX_VALUE))
              .stream()
              .map(s -> TickRecordJson.read(s.payload()))
              .toList();
      BayReplay.Result result =
          BayReplay.replay(
              "demo-1", ticks, recorded, null, UnaryOperator.identity(), EventCodec.standard());

      assertThat(result.identical()).isTrue();
      assertThat(result.decisions())
          .extracting(BayReplay.Decision::replayedPayload)
          .containsExactlyElementsOf(recorded.stream().map(EventEnvelope::payload).toList());
      assertThat(result.ioMismatches()).isEmpty();
    }
  }

  @Test
  void a_wider_cell_margin_in_the_replay_reports_the_missing_cut_off() {
    Run run = replay("--set", "limits.cellMarginMillivolts=60");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    long cutOffSequence =
        recorded.stream()
            .filter(e -> e.type().equals(CutOff.class.getSimpleName()))
            .findFirst()
            .orElseThrow()
            .sequence();
    assertThat(run.out())
        .contains("- #" + cutOffSequence + " recorded CutOff")
        .contains("+ #" + cutOffSequence + " replayed ")
        .contains("DIFFERENT: ")
        .contains("first at #" + cutOffSequence);
  }

  @Test
  void an_unknown_setting_is_a_usage_error_in_one_clear_line() {
    Run run = replay("--set", "limits.noSuchThing=1");

    assertThat(run.exit()).isEqualTo(64);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(2);
    assertThat(run.err())
        .startsWith(
            "chargebay replay: --set limits.noSuchThing=1: unknown setting 'limits.noSuchThing'")
        .contains("limits.cellMarginMillivolts");
  }

  @Test
  void events_prints_the_bays_events_as_json_lines() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        EventsCli.run(
            new String[] {"--journal", journal.toString(), "--bay", "demo-1"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(exit).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(recorded.size());
    assertThat(lines.get(0))
        .startsWith("{\"streamId\":\"bay-demo-1\",\"sequence\":1,\"globalPosition\":1,");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"type\":\"CutOff\"")
                    .contains("\"reason\":\"CELL_OVER_VOLTAGE\""));
  }
}
