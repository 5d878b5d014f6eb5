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
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A recording made before the supply's capabilities were recorded (and before {@code ChargeStarted}
 * v2: see {@code replay/pre-capabilities/SOURCE.md}) still replays identical: the replay hands the
 * decider no capabilities, which decides the start as that code did, and the recorded v1 events are
 * compared after upcasting.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PreCapabilitiesReplayTest {
  private static final EventCodec CODEC = EventCodec.standard();

  private static List<String> lines(String name) {
    try (InputStream in =
        PreCapabilitiesReplayTest.class.getResourceAsStream("/replay/pre-capabilities/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<EventEnvelope> envelopes() {
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    return lines("events.jsonl").stream()
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

  @Test
  void an_old_format_recording_replays_to_identical_decisions_without_io_mismatches() {
    List<TickRecord> ticks = lines("ticks.jsonl").stream().map(TickRecordJson::read).toList();
    List<EventEnvelope> recorded = envelopes();

    BayReplay.Result result =
        BayReplay.replay("demo-1", ticks, recorded, null, UnaryOperator.identity(), CODEC);

    assertThat(recorded)
        .extracting(EventEnvelope::type)
        .containsExactly("ChargeStarted", "SetpointChanged", "SetpointChanged", "ChargeStopped");
    assertThat(recorded.get(0).schemaVersion()).isEqualTo(1);
    assertThat(result.ticks()).isEqualTo(15);
    assertThat(result.identical()).as(result.toString()).isTrue();
    assertThat(result.decisions()).hasSize(4);
    assertThat(result.ioMismatches()).isEmpty();
    assertThat(result.notes()).isEmpty();
    // the replayed start sets the OVP/OCP at the margins, as recorded, and says so by supply = null
    ChargeStarted replayed =
        (ChargeStarted)
            CODEC.decode(
                new EventEnvelope(
                    "bay-demo-1",
                    1,
                    1,
                    "ChargeStarted",
                    2,
                    recorded.get(0).occurredAt(),
                    result.decisions().get(0).replayedPayload()));
    assertThat(replayed.supply()).isNull();
  }

  @Test
  void the_old_format_recording_replayed_with_a_changed_setting_still_reports_differences() {
    List<TickRecord> ticks = lines("ticks.jsonl").stream().map(TickRecordJson::read).toList();

    BayReplay.Result result =
        BayReplay.replay(
            "demo-1",
            ticks,
            envelopes(),
            null,
            s -> TickRecordJson.withSetting(s, "decider.steerGainPercentOfCells", "10"),
            CODEC);

    assertThat(result.identical()).isFalse();
    assertThat(result.decisions().get(0).same()).as("the start itself is unchanged").isTrue();
  }
}
