package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every golden recording under {@code src/test/resources/replay/} (see each folder's {@code
 * SOURCE.md}) replays to identical decisions, with every recorded device call made again and no
 * other: the pins that a change of the bay runtime must not move.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GoldenReplayTest {
  private static final EventCodec CODEC = EventCodec.standard();

  static List<String> lines(String recording, String file) {
    String path = "/replay/" + recording + "/" + file;
    try (InputStream in = GoldenReplayTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<EventEnvelope> envelopes(String recording) {
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    return lines(recording, "events.jsonl").stream()
        .map(
            l -> {
              try {
                return json.readValue(l, EventEnvelope.class);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "pre-capabilities, 15, 4",
    "charge-complete, 583, 8",
    "cut-off-acknowledged, 1270, 31",
    "bms-silent, 38, 5",
    "restart-mid-charge, 63, 8",
    "cells-first-cut-off, 104, 10",
  })
  void the_recording_replays_to_identical_decisions_and_device_calls(
      String recording, long ticks, int events) {
    List<TickRecord> recordedTicks =
        lines(recording, "ticks.jsonl").stream().map(TickRecordJson::read).toList();
    List<EventEnvelope> recorded = envelopes(recording);

    BayReplay.Result result =
        BayReplay.replay("demo-1", recordedTicks, recorded, null, UnaryOperator.identity(), CODEC);

    assertThat(recorded).hasSize(events);
    assertThat(result.ticks()).isEqualTo(ticks);
    assertThat(result.decisions()).hasSize(events);
    assertThat(result.decisions()).allSatisfy(d -> assertThat(d.same()).as(d.toString()).isTrue());
    assertThat(result.ioMismatches()).isEmpty();
    assertThat(result.notes()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "charge-complete",
    "cut-off-acknowledged",
    "bms-silent",
    "restart-mid-charge",
    "cells-first-cut-off"
  })
  void a_recorded_tick_is_written_again_byte_for_byte(String recording) {
    for (String line : lines(recording, "ticks.jsonl")) {
      assertThat(TickRecordJson.write(TickRecordJson.read(line))).isEqualTo(line);
    }
  }

  /** The call kinds of the first tick of a recording that switched the supply off. */
  private static List<String> cutTick(String recording) {
    return lines(recording, "ticks.jsonl").stream()
        .map(TickRecordJson::read)
        .map(t -> t.calls().stream().map(c -> IoCallWire.of(c).kind().name()).toList())
        .filter(kinds -> kinds.contains("SUPPLY_OUTPUT_OFF"))
        .findFirst()
        .orElseThrow();
  }

  @org.junit.jupiter.api.Test
  void each_recording_replays_in_the_cycle_order_it_was_recorded_with() {
    assertThat(
            TickRecordJson.read(lines("cut-off-acknowledged", "ticks.jsonl").get(0))
                .boot()
                .cycleRevision())
        .isZero();
    assertThat(cutTick("cut-off-acknowledged"))
        .containsExactly("BMS_READ", "SUPPLY_READ", "SUPPLY_OUTPUT_OFF", "BMS_CHARGE_FET");
    assertThat(
            TickRecordJson.read(lines("cells-first-cut-off", "ticks.jsonl").get(0))
                .boot()
                .cycleRevision())
        .isEqualTo(1);
    assertThat(cutTick("cells-first-cut-off"))
        .containsExactly("BMS_READ", "SUPPLY_OUTPUT_OFF", "BMS_CHARGE_FET", "SUPPLY_READ");
  }
}
