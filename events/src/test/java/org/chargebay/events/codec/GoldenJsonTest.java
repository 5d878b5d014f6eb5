package org.chargebay.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.NoBmsTerms;
import org.chargebay.events.PathOutcome;
import org.chargebay.events.SampleEvents;
import org.chargebay.events.SupplyTerms;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON contract: each event type's sample encodes to exactly the committed file {@code
 * golden/<Type>.v<version>.json} (the payload plus one newline), and that file decodes back to the
 * sample. Files of older versions stay forever and must keep decoding through the upcasters.
 *
 * <p>A failure here means the stored format changed. That is only acceptable as a new schema
 * version with an upcaster, never by editing a released golden file.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GoldenJsonTest {

  private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z]+)\\.v([0-9]+)\\.json");

  private final EventCodec codec = EventCodec.standard();

  static Stream<Class<? extends ChargeEvent>> types() {
    return SampleEvents.types().stream();
  }

  private String goldenName(Class<? extends ChargeEvent> type) {
    return type.getSimpleName() + ".v" + codec.types().currentVersion(type) + ".json";
  }

  private static String read(String name) throws IOException {
    try (InputStream in = GoldenJsonTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        return "";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static EventEnvelope envelope(String type, int version, String payload) {
    return new EventEnvelope("bay-golden", 1, 1, type, version, Instant.EPOCH, payload);
  }

  @Test
  void every_permitted_event_type_has_exactly_one_sample() {
    assertThat(SampleEvents.oneOfEach())
        .extracting(e -> (Object) e.getClass())
        .containsExactlyElementsOf(List.of((Object[]) ChargeEvent.class.getPermittedSubclasses()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void the_sample_encodes_to_exactly_the_golden_json(Class<? extends ChargeEvent> type)
      throws IOException {
    EventCodec.Encoded encoded = codec.encode(SampleEvents.of(type));

    assertThat(read(goldenName(type)))
        .as(
            "golden/%s; if %s is a new type, review this JSON and save it with a trailing"
                + " newline:%n%s",
            goldenName(type), type.getSimpleName(), encoded.payload())
        .isEqualTo(encoded.payload() + "\n");
    assertThat(encoded.type()).isEqualTo(type.getSimpleName());
    assertThat(encoded.schemaVersion()).isEqualTo(codec.types().currentVersion(type));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void the_golden_json_decodes_to_the_sample(Class<? extends ChargeEvent> type) throws IOException {
    String golden = read(goldenName(type));

    ChargeEvent decoded =
        codec.decode(
            envelope(type.getSimpleName(), codec.types().currentVersion(type), golden.strip()));

    assertThat(decoded).isEqualTo(SampleEvents.of(type));
  }

  @Test
  void a_charge_started_of_version_1_reads_as_the_sample_without_supply_terms() throws IOException {
    ChargeStarted sample = SampleEvents.of(ChargeStarted.class);

    ChargeEvent decoded =
        codec.decode(envelope("ChargeStarted", 1, read("ChargeStarted.v1.json").strip()));

    assertThat(decoded)
        .isEqualTo(
            new ChargeStarted(
                sample.sessionId(), sample.at(), sample.profile(), sample.evidence()));
    assertThat(((ChargeStarted) decoded).supply()).isNull();
  }

  @Test
  void a_cut_off_of_version_1_reads_with_its_paths_taken_from_its_actions() throws IOException {
    CutOff decoded = (CutOff) codec.decode(envelope("CutOff", 1, read("CutOff.v1.json").strip()));

    assertThat(decoded).isEqualTo(SampleEvents.of(CutOff.class));
    assertThat(decoded.paths())
        .containsExactly(
            new PathOutcome("supply-output-off", PathOutcome.Result.CONFIRMED, null),
            new PathOutcome("bms-charge-fet-off", PathOutcome.Result.CONFIRMED, null));
  }

  @Test
  void a_cut_off_with_a_failed_and_an_unavailable_path_round_trips() {
    CutOff sample = SampleEvents.of(CutOff.class);
    CutOff cut =
        new CutOff(
            sample.sessionId(),
            sample.at(),
            CutOffReason.NO_TAPER,
            sample.detail(),
            List.of(
                "supply-output-off: failed: no reply within 500 ms",
                "bms-charge-fet-off: not available: JK PB has no charge-MOSFET command"),
            sample.evidence());

    EventCodec.Encoded encoded = codec.encode(cut);

    assertThat(encoded.payload())
        .contains(
            "\"paths\":[{\"path\":\"supply-output-off\",\"result\":\"FAILED\","
                + "\"detail\":\"no reply within 500 ms\"},{\"path\":\"bms-charge-fet-off\","
                + "\"result\":\"NOT_AVAILABLE\",\"detail\":\"JK PB has no charge-MOSFET"
                + " command\"}]");
    assertThat(codec.decode(envelope("CutOff", 2, encoded.payload()))).isEqualTo(cut);
  }

  @Test
  void a_charge_started_of_version_2_reads_as_the_sample_without_who_asked() throws IOException {
    ChargeStarted sample = SampleEvents.of(ChargeStarted.class);

    ChargeEvent decoded =
        codec.decode(envelope("ChargeStarted", 2, read("ChargeStarted.v2.json").strip()));

    assertThat(decoded)
        .isEqualTo(
            new ChargeStarted(
                sample.sessionId(),
                sample.at(),
                sample.profile(),
                sample.evidence(),
                sample.supply()));
    assertThat(((ChargeStarted) decoded).by()).isNull();
    assertThat(sample.by()).isEqualTo("ana");
  }

  @Test
  void a_charge_started_without_a_bms_round_trips_with_its_pack_ceiling_and_maximum_time() {
    ChargeStarted sample = SampleEvents.of(ChargeStarted.class);
    ChargeStarted dumb =
        new ChargeStarted(
            sample.sessionId(),
            sample.at(),
            sample.profile(),
            new Evidence(null, sample.evidence().supply(), 0, 0),
            sample.supply(),
            new NoBmsTerms(
                49_200,
                28_800,
                sample.at().plusSeconds(28_800),
                "no BMS: pack ceiling 12 x (4150 - 50) mV = 49200 mV, at most 8 h"));

    EventCodec.Encoded encoded = codec.encode(dumb);

    assertThat(encoded.payload())
        .contains(
            "\"noBms\":{\"packCeilingMillivolts\":49200,\"maxChargeSeconds\":28800,"
                + "\"chargeUntil\":\"2025-03-01T18:15:30Z\"");
    assertThat(codec.decode(envelope("ChargeStarted", 4, encoded.payload()))).isEqualTo(dumb);
  }

  @Test
  void a_charge_started_without_a_hardware_backstop_round_trips() {
    ChargeStarted sample = SampleEvents.of(ChargeStarted.class);
    ChargeStarted relay =
        new ChargeStarted(
            sample.sessionId(),
            sample.at(),
            sample.profile(),
            sample.evidence(),
            new SupplyTerms(
                "WAVESHARE-RELAY",
                false,
                null,
                null,
                49_800,
                "no hardware backstop (capabilities: WAVESHARE-RELAY fixed 49800 mV / 5000 mA)"));

    EventCodec.Encoded encoded = codec.encode(relay);

    assertThat(encoded.payload())
        .endsWith(
            "\"supply\":{\"supplyModel\":\"WAVESHARE-RELAY\",\"hardwareBackstop\":false,"
                + "\"ovpMillivolts\":null,\"ocpMilliamps\":null,\"fixedMillivolts\":49800,"
                + "\"detail\":\"no hardware backstop (capabilities: WAVESHARE-RELAY fixed 49800 mV"
                + " / 5000 mA)\"},\"by\":null,\"noBms\":null}");
    assertThat(codec.decode(envelope("ChargeStarted", 4, encoded.payload()))).isEqualTo(relay);
  }

  @Test
  void every_golden_file_is_of_a_known_type_and_version_and_decodes()
      throws IOException, URISyntaxException {
    URL directory = GoldenJsonTest.class.getResource("/golden");
    assertThat(directory).isNotNull();
    List<Path> files;
    try (Stream<Path> listing = Files.list(Path.of(directory.toURI()))) {
      files = listing.sorted().toList();
    }

    assertThat(files).hasSizeGreaterThanOrEqualTo(SampleEvents.types().size());
    for (Path file : files) {
      Matcher name = FILE_NAME.matcher(file.getFileName().toString());
      assertThat(name.matches()).as("file name %s is <Type>.v<n>.json", file).isTrue();
      String type = name.group(1);
      int version = Integer.parseInt(name.group(2));
      assertThat(codec.types().classOf(type)).as("type of %s", file).isPresent();
      assertThat(version)
          .as("version of %s", file)
          .isBetween(EventTypes.INITIAL_VERSION, codec.types().currentVersion(type));

      ChargeEvent decoded = codec.decode(envelope(type, version, Files.readString(file).strip()));

      assertThat(decoded).isInstanceOf(codec.types().classOf(type).orElseThrow());
    }
  }
}
