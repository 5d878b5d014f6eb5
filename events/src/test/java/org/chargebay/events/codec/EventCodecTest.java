package org.chargebay.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CutOff;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SampleEvents;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventCodec codec = EventCodec.standard();

  static List<Class<? extends ChargeEvent>> types() {
    return SampleEvents.types();
  }

  private static EventEnvelope envelope(String type, int version, String payload) {
    return new EventEnvelope("bay-7", 42, 1042, type, version, Instant.EPOCH, payload);
  }

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private String stoppedPayload() {
    return codec.encode(SampleEvents.of(ChargeStopped.class)).payload();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void payload_fields_are_the_record_components_in_order(Class<? extends ChargeEvent> type)
      throws Exception {
    JsonNode payload = tree(codec.encode(SampleEvents.of(type)).payload());

    assertThat(fieldNames(payload))
        .containsExactlyElementsOf(
            Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
  }

  @Test
  void encode_names_the_type_and_its_current_schema_version() {
    EventCodec.Encoded encoded = codec.encode(SampleEvents.of(CutOff.class));

    assertThat(encoded.type()).isEqualTo("CutOff");
    assertThat(encoded.schemaVersion()).isEqualTo(2); // v2: + paths (issue 12)
  }

  @Test
  void instants_are_iso_strings_enums_are_names_and_nulls_are_written() throws Exception {
    ChargeSuspended suspended =
        new ChargeSuspended(
            "s-9",
            Instant.parse("2025-06-30T23:59:59.5Z"),
            org.chargebay.events.Phase.CV,
            "restart",
            Evidence.none());

    JsonNode payload = tree(codec.encode(suspended).payload());

    assertThat(payload.get("at").isTextual()).isTrue();
    assertThat(payload.get("at").asText()).isEqualTo("2025-06-30T23:59:59.500Z");
    assertThat(payload.get("resumePhase").asText()).isEqualTo("CV");
    assertThat(payload.get("evidence").has("bms")).isTrue();
    assertThat(payload.get("evidence").get("bms").isNull()).isTrue();
    assertThat(payload.get("evidence").get("supply").isNull()).isTrue();
    assertThat(codec.encode(suspended).payload()).doesNotContain("\n").doesNotContain("@");
  }

  @Test
  void derived_accessors_are_not_written() {
    String payload = codec.encode(SampleEvents.oneOfEach().get(0)).payload();

    assertThat(payload)
        .doesNotContain("packCeilingMillivolts")
        .doesNotContain("cellMaxMillivolts")
        .doesNotContain("cellMinMillivolts");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void decode_reverses_encode(Class<? extends ChargeEvent> type) {
    ChargeEvent sample = SampleEvents.of(type);
    EventCodec.Encoded encoded = codec.encode(sample);

    ChargeEvent decoded =
        codec.decode(envelope(encoded.type(), encoded.schemaVersion(), encoded.payload()));

    assertThat(decoded).isEqualTo(sample);
  }

  @Test
  void encoding_a_null_in_a_non_nullable_field_is_refused() {
    ChargeStopped stopped =
        new ChargeStopped("s-1", SampleEvents.T0, "ops", nothing(), Evidence.none());

    assertThatThrownBy(() -> codec.encode(stopped))
        .isInstanceOfSatisfying(
            EventCodecException.class,
            e -> {
              assertThat(e.type()).isEqualTo("ChargeStopped");
              assertThat(e.streamId()).isNull();
            })
        .hasMessage("cannot encode ChargeStopped: field 'reason' is null but is not @Nullable");
  }

  @Test
  void encoding_a_nested_null_names_its_path() {
    Evidence evidence =
        new Evidence(null, new Evidence.Supply(1, 2, 3, 4, 5, true, nothing()), 0, 0);
    ChargeStopped stopped = new ChargeStopped("s-1", SampleEvents.T0, "ops", "why", evidence);

    assertThatThrownBy(() -> codec.encode(stopped))
        .isInstanceOf(EventCodecException.class)
        .hasMessageContaining("'evidence.supply.mode'");
  }

  /** A null passed where the model says none may go, as a buggy caller would. */
  private static String nothing() {
    return null;
  }

  @Test
  void an_unknown_type_is_reported_with_stream_sequence_and_type() {
    assertThatThrownBy(() -> codec.decode(envelope("ChargeTeleported", 1, "{}")))
        .isInstanceOfSatisfying(
            EventCodecException.class,
            e -> {
              assertThat(e.streamId()).isEqualTo("bay-7");
              assertThat(e.sequence()).isEqualTo(42);
              assertThat(e.type()).isEqualTo("ChargeTeleported");
            })
        .hasMessageStartingWith(
            "cannot decode event at stream 'bay-7' sequence 42 (type ChargeTeleported,")
        .hasMessageContaining("unknown event type 'ChargeTeleported'")
        .hasMessageContaining("ChargeStarted");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON                | {"sessionId":                                  | not valid JSON
          empty                   | ''                                             | not a JSON object
          an array                | []                                             | not a JSON object
          trailing garbage        | {"sessionId":"s"} x                            | not valid JSON
          a missing field         | {"sessionId":"s","at":"2025-03-01T10:15:30Z"}  | corrupt payload
          """)
  void an_unreadable_payload_is_reported_with_stream_sequence_and_type(
      String problem, String payload, String message) {
    assertThatThrownBy(() -> codec.decode(envelope("FaultLatched", 1, payload)))
        .isInstanceOf(EventCodecException.class)
        .hasMessageStartingWith(
            "cannot decode event at stream 'bay-7' sequence 42 (type FaultLatched,")
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown field       | /          | extra         | "surprise"
          null string         | /          | by            | null
          null instant        | /          | at            | null
          null primitive      | /evidence/bms | ageMillis  | null
          null long           | /evidence  | chargedMilliampHours | null
          string for number   | /evidence  | chargedMilliampHours | "12"
          float for integer   | /evidence  | chargedMilliampHours | 12.5
          number for boolean  | /evidence/bms | chargeFet  | 1
          bad instant         | /          | at            | "yesterday"
          epoch for instant   | /          | at            | 1740824130
          null list element   | /evidence/bms | cellMillivolts | [4100, null]
          null list           | /evidence/bms | cellMillivolts | null
          """)
  void a_corrupt_field_is_reported_not_defaulted(
      String problem, String pointer, String field, String value) throws Exception {
    ObjectNode payload = (ObjectNode) tree(stoppedPayload());
    ObjectNode target = pointer.equals("/") ? payload : (ObjectNode) payload.at(pointer);
    target.set(field, tree(value));

    assertThatThrownBy(
            () -> codec.decode(envelope("ChargeStopped", 1, JSON.writeValueAsString(payload))))
        .isInstanceOf(EventCodecException.class)
        .hasMessageContaining("'bay-7' sequence 42")
        .hasMessageContaining("corrupt payload");
  }

  @Test
  void a_duplicate_field_is_reported() {
    String payload =
        stoppedPayload().replace("\"by\":\"ops-console\"", "\"by\":\"a\",\"by\":\"b\"");

    assertThatThrownBy(() -> codec.decode(envelope("ChargeStopped", 1, payload)))
        .isInstanceOf(EventCodecException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("by");
  }

  @Test
  void enums_must_be_known_names() {
    String suspended = codec.encode(SampleEvents.of(ChargeSuspended.class)).payload();

    for (String bad : List.of("\"WARP\"", "2", "\"cv\"")) {
      String payload = suspended.replace("\"resumePhase\":\"CV\"", "\"resumePhase\":" + bad);
      assertThatThrownBy(() -> codec.decode(envelope("ChargeSuspended", 1, payload)))
          .as(bad)
          .isInstanceOf(EventCodecException.class)
          .hasMessageContaining("corrupt payload");
    }
  }

  @Test
  void a_profile_that_breaks_its_own_invariants_is_reported() {
    String payload =
        codec
            .encode(SampleEvents.oneOfEach().get(0))
            .payload()
            .replace("\"cellCount\":12", "\"cellCount\":0");

    assertThatThrownBy(() -> codec.decode(envelope("ChargeStarted", 1, payload)))
        .isInstanceOf(EventCodecException.class)
        .hasMessageContaining("cellCount must be 1..32, was 0");
  }

  @Test
  void a_schema_version_newer_than_this_build_is_reported() {
    assertThatThrownBy(() -> codec.decode(envelope("ChargeStopped", 2, stoppedPayload())))
        .isInstanceOf(EventCodecException.class)
        .hasMessageContaining("schema version 2 is newer than this build reads (version 1)");
  }

  @Test
  void a_schema_version_below_one_is_reported() {
    assertThatThrownBy(() -> codec.decode(envelope("ChargeStopped", 0, stoppedPayload())))
        .isInstanceOf(EventCodecException.class)
        .hasMessageContaining("schema version 0 is not valid");
  }

  // --- upcasting -------------------------------------------------------------------------------

  /** The upcasting steps run, in order. */
  private final List<String> steps = new ArrayList<>();

  /**
   * A codec with a made-up history of ChargeStopped: v1 called the operator {@code operator} and
   * the reason {@code why}; v2 renamed {@code operator} to {@code by}; v3 renamed {@code why} to
   * {@code reason}, which is today's record. The upcasters are listed out of order on purpose.
   */
  private EventCodec threeVersionCodec() {
    return new EventCodec(
        EventTypes.standard().withCurrentVersion(ChargeStopped.class, 3),
        withReleased(
            List.of(
                Upcaster.of(
                    "ChargeStopped",
                    2,
                    p -> {
                      steps.add("2->3");
                      p.set("reason", p.remove("why"));
                      return p;
                    }),
                Upcaster.of(
                    "ChargeStopped",
                    1,
                    p -> {
                      steps.add("1->2");
                      p.set("by", p.remove("operator"));
                      return p;
                    }))));
  }

  /** The given upcasters plus the released ones (the registry's other bumped types need them). */
  private static UpcasterChain withReleased(List<Upcaster> extra) {
    List<Upcaster> all = new ArrayList<>(UpcasterChain.standard().upcasters());
    all.addAll(extra);
    return UpcasterChain.of(all);
  }

  private String stoppedV1() {
    return stoppedPayload().replace("\"by\":", "\"operator\":").replace("\"reason\":", "\"why\":");
  }

  @Test
  void a_version_1_payload_is_upcast_step_by_step_in_order() {
    EventCodec codec3 = threeVersionCodec();

    ChargeEvent decoded = codec3.decode(envelope("ChargeStopped", 1, stoppedV1()));

    assertThat(decoded).isEqualTo(SampleEvents.of(ChargeStopped.class));
    assertThat(steps).containsExactly("1->2", "2->3");
  }

  @Test
  void a_version_2_payload_gets_only_the_remaining_step() {
    EventCodec codec3 = threeVersionCodec();
    String v2 = stoppedPayload().replace("\"reason\":", "\"why\":");

    ChargeEvent decoded = codec3.decode(envelope("ChargeStopped", 2, v2));

    assertThat(decoded).isEqualTo(SampleEvents.of(ChargeStopped.class));
    assertThat(steps).containsExactly("2->3");
  }

  @Test
  void a_current_payload_is_not_upcast_and_encode_writes_the_current_version() {
    EventCodec codec3 = threeVersionCodec();
    EventCodec.Encoded encoded = codec3.encode(SampleEvents.of(ChargeStopped.class));

    ChargeEvent decoded =
        codec3.decode(envelope("ChargeStopped", encoded.schemaVersion(), encoded.payload()));

    assertThat(encoded.schemaVersion()).isEqualTo(3);
    assertThat(decoded).isEqualTo(SampleEvents.of(ChargeStopped.class));
    assertThat(steps).isEmpty();
  }

  @Test
  void an_upcaster_that_fails_is_reported_with_stream_sequence_and_type() {
    EventCodec failing =
        new EventCodec(
            EventTypes.standard().withCurrentVersion(ChargeStopped.class, 2),
            withReleased(
                List.of(
                    Upcaster.of(
                        "ChargeStopped",
                        1,
                        p -> {
                          throw new IllegalStateException("no operator field");
                        }))));

    assertThatThrownBy(() -> failing.decode(envelope("ChargeStopped", 1, stoppedV1())))
        .isInstanceOf(EventCodecException.class)
        .hasMessageContaining("'bay-7' sequence 42 (type ChargeStopped")
        .hasMessageContaining("upcasting from version 1 to 2 failed: no operator field");
  }

  @Test
  void a_codec_with_a_gap_in_its_upcasters_is_refused_up_front() {
    EventTypes types = EventTypes.standard().withCurrentVersion(ChargeStopped.class, 3);
    UpcasterChain onlyFirst = withReleased(List.of(Upcaster.of("ChargeStopped", 1, p -> p)));

    assertThatThrownBy(() -> new EventCodec(types, onlyFirst))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ChargeStopped is at version 3 but no upcaster reads version 2");
  }

  @Test
  void an_upcaster_for_an_unknown_type_or_version_is_refused_up_front() {
    assertThatThrownBy(
            () ->
                new EventCodec(
                    EventTypes.standard(),
                    UpcasterChain.of(List.of(Upcaster.of("ChargeTeleported", 1, p -> p)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown event type");
    assertThatThrownBy(
            () ->
                new EventCodec(
                    EventTypes.standard(),
                    UpcasterChain.of(List.of(Upcaster.of("ChargeStopped", 1, p -> p)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("current version of ChargeStopped is 1");
  }

  @Test
  void two_upcasters_for_the_same_step_are_refused() {
    assertThatThrownBy(
            () ->
                UpcasterChain.of(
                    List.of(
                        Upcaster.of("ChargeStopped", 1, p -> p),
                        Upcaster.of("ChargeStopped", 1, p -> p))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two upcasters for ChargeStopped from version 1");
  }

  @Test
  void the_released_chain_covers_the_released_registry() {
    assertThat(UpcasterChain.standard().upcasters())
        .extracting(u -> u.type() + " v" + u.fromVersion())
        .containsExactly("ChargeStarted v1", "ChargeStarted v2", "ChargeStarted v3", "CutOff v1");
    assertThat(EventTypes.standard().typeNames())
        .allSatisfy(
            type ->
                assertThat(EventTypes.standard().currentVersion(type))
                    .isEqualTo(type.equals("ChargeStarted") ? 4 : type.equals("CutOff") ? 2 : 1));
  }
}
