package org.chargebay.bms.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.cli.FamilyJson;
import org.chargebay.bms.jk.JkChecksum;
import org.chargebay.bms.wire.Bytes;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JK, Daly and ANT vector of the shared fixtures decodes to every value of its {@code
 * expected} object (tolerance 1 mV, 0.01 A, 0.1 °C, 1 mAh; everything else exact), through the same
 * JSON rendering {@code bms decode} prints. Frames marked {@code checksum_valid: false} are
 * rejected with a checksum error; with the checksum repaired they must decode to their expected
 * values too.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FamilyGoldenTest {

  static Stream<FamilyVectors.Vector> vectors() {
    return Stream.of("jk", "daly", "ant").flatMap(f -> FamilyVectors.of(f).stream());
  }

  @Test
  void every_family_has_its_vectors_with_source_lines() {
    assertThat(FamilyVectors.of("jk")).hasSize(6);
    assertThat(FamilyVectors.of("daly")).hasSize(8);
    assertThat(FamilyVectors.of("ant")).hasSize(6);
    vectors().forEach(v -> assertThat(v.source()).as(v.id()).contains("@"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodes_to_the_expected_values(FamilyVectors.Vector v) {
    byte[] frame = v.frame();
    if (!v.checksumValid()) {
      DecodeResult<ObjectNode> refused = decode(v, frame);
      assertThat(refused).isInstanceOf(Rejected.class);
      assertThat(((Rejected<ObjectNode>) refused).error())
          .isInstanceOf(FrameError.ChecksumMismatch.class);
      frame = repairedTlvChecksum(frame);
    }
    DecodeResult<ObjectNode> result = decode(v, frame);
    assertThat(result).as(v.id() + " " + result).isInstanceOf(Decoded.class);
    JsonNode actual = ((Decoded<ObjectNode>) result).value();
    List<String> checked = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = v.expected().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      assertThat(actual.has(key)).as(v.id() + " has " + key + " in " + actual).isTrue();
      compare(v.id() + "." + key, key, e.getValue(), actual.get(key));
      checked.add(key);
    }
    assertThat(checked).isNotEmpty();
  }

  private static DecodeResult<ObjectNode> decode(FamilyVectors.Vector v, byte[] frame) {
    return FamilyJson.decode(v.family(), frame, BmsConventions.DEFAULTS, null);
  }

  /** jk-03: the vendor PDF printed a wrong checksum; recompute it so the fields can be checked. */
  static byte[] repairedTlvChecksum(byte[] frame) {
    byte[] fixed = frame.clone();
    Bytes.put16be(fixed, fixed.length - 2, JkChecksum.tlvCompute(fixed));
    return fixed;
  }

  private static void compare(String where, String key, JsonNode expected, JsonNode actual) {
    if (expected.isArray()) {
      assertThat(actual.isArray()).as(where).isTrue();
      assertThat(actual.size()).as(where + " size").isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        compare(where + "[" + i + "]", key, expected.get(i), actual.get(i));
      }
    } else if (expected.isNumber()) {
      assertThat(actual.isNumber()).as(where + " is a number: " + actual).isTrue();
      assertThat(actual.decimalValue().doubleValue())
          .as(where)
          .isCloseTo(expected.doubleValue(), within(tolerance(key)));
    } else {
      assertThat(actual).as(where).isEqualTo(expected);
    }
  }

  /** PROTOCOLS.md section 5 and the issue: 1 mV, 0.01 A, 0.1 °C; 1 mAh for capacities. */
  private static double tolerance(String key) {
    if (key.endsWith("_v") || key.startsWith("cells_v")) {
      return 0.0011;
    }
    if (key.endsWith("_a")) {
      return 0.011;
    }
    if (key.endsWith("_c") || key.startsWith("temps_c")) {
      return 0.11;
    }
    if (key.endsWith("_ah")) {
      return 0.0011;
    }
    return 1e-9;
  }
}
