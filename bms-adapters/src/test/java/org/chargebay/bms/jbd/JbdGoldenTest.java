package org.chargebay.bms.jbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.cli.JbdJson;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes every captured JBD frame and compares every key of the fixture's {@code expected} object,
 * within 1 mV, 0.01 A, 0.01 Ah and 0.1 °C.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JbdGoldenTest {

  static List<JbdVectors.Vector> vectors() {
    return JbdVectors.all();
  }

  @Test
  void all_twelve_jbd_vectors_are_present() {
    assertThat(JbdVectors.all())
        .extracting(JbdVectors.Vector::id)
        .containsExactly(
            "jbd-01", "jbd-02", "jbd-03", "jbd-04", "jbd-05", "jbd-06", "jbd-09", "jbd-10",
            "jbd-12", "jbd-13", "jbd-15", "jbd-16");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodes_every_expected_key_of_the_vector(JbdVectors.Vector vector) {
    DecodeResult<JbdFrame> result = JbdDecoder.decode(vector.frame());

    assertThat(result).isInstanceOf(Decoded.class);
    ObjectNode actual = JbdJson.toJson(((Decoded<JbdFrame>) result).value());
    assertThat(vector.expected().size()).isPositive();
    for (Map.Entry<String, JsonNode> entry : vector.expected().properties()) {
      String key = entry.getKey();
      assertThat(actual.has(key)).as("%s has key %s", vector.id(), key).isTrue();
      assertMatches(vector.id() + "." + key, tolerance(key), entry.getValue(), actual.get(key));
    }
  }

  @Test
  void basic_info_of_the_sp04s034_capture_in_milli_units() {
    JbdBasicInfo info = basicInfo("jbd-01");

    assertThat(info)
        .isEqualTo(
            new JbdBasicInfo(
                15_600,
                0,
                4_980,
                5_000,
                0,
                LocalDate.of(2022, 3, 28),
                0L,
                0,
                0x80,
                100,
                true,
                true,
                4,
                List.of(224, 223, 217)));
  }

  @Test
  void discharge_current_is_negative() {
    JbdBasicInfo info = basicInfo("jbd-09");

    assertThat(info.currentMilliamps()).isEqualTo(-2_870);
    assertThat(info.cycles()).isEqualTo(42);
  }

  @Test
  void board_without_ntc_has_no_temperatures() {
    JbdBasicInfo info = basicInfo("jbd-12");

    assertThat(info.tempDeciCelsius()).isEmpty();
    assertThat(info.cellCount()).isEqualTo(16);
    assertThat(info.chargeFet()).isTrue();
    assertThat(info.dischargeFet()).isFalse();
    assertThat(info.productionDate()).isEqualTo(LocalDate.of(2022, 2, 16));
  }

  @Test
  void cell_overvoltage_protection_sets_bit_zero_and_opens_the_charge_fet() {
    JbdBasicInfo info = basicInfo("jbd-15");

    assertThat(info.protectionBits()).isEqualTo(0x0001);
    assertThat(info.fetBits()).isEqualTo(0b10);
    assertThat(info.remainingMilliampHours()).isEqualTo(280_000);
  }

  @Test
  void protection_word_is_big_endian_so_the_software_lock_is_bit_twelve() {
    assertThat(basicInfo("jbd-16").protectionBits()).isEqualTo(1 << 12);
  }

  @Test
  void cells_are_millivolts_in_order_and_a_dead_cell_reads_zero() {
    JbdCells cells = decoded("jbd-13", JbdCells.class);

    assertThat(cells.cellMillivolts()).hasSize(16).endsWith(3_600, 0);
  }

  @Test
  void hardware_string_is_the_model() {
    assertThat(decoded("jbd-03", JbdHardware.class).model()).isEqualTo("JBD-SP04S034-L4S-200A-B-U");
  }

  @Test
  void error_counters_are_in_the_documented_order() {
    assertThat(decoded("jbd-04", JbdErrorCounts.class))
        .isEqualTo(new JbdErrorCounts(0, 0, 0, 122, 2, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void snapshot_combines_basic_info_and_cells() {
    BmsSnapshot snapshot = JbdBms.snapshot(basicInfo("jbd-01"), decoded("jbd-02", JbdCells.class));

    assertThat(snapshot)
        .isEqualTo(
            new BmsSnapshot(
                List.of(3_909, 3_901, 3_895, 3_901),
                15_600,
                0,
                100,
                List.of(224, 223, 217),
                true,
                true,
                0L,
                0,
                0,
                4_980,
                5_000,
                4));
    assertThat(snapshot.cellMaxMillivolts() - snapshot.cellMinMillivolts()).isEqualTo(14);
  }

  private static JbdBasicInfo basicInfo(String id) {
    return decoded(id, JbdBasicInfo.class);
  }

  private static <T extends JbdFrame> T decoded(String id, Class<T> type) {
    DecodeResult<JbdFrame> result = JbdDecoder.decode(JbdVectors.get(id).frame());
    assertThat(result).isInstanceOf(Decoded.class);
    return type.cast(((Decoded<JbdFrame>) result).value());
  }

  /** Tolerance by key unit: 1 mV, 0.01 A, 0.01 Ah, 0.1 °C; integers and flags exact. */
  private static double tolerance(String key) {
    if (key.endsWith("_v")) {
      return 0.001;
    }
    if (key.endsWith("_a") || key.endsWith("_ah")) {
      return 0.01;
    }
    if (key.endsWith("_c")) {
      return 0.1;
    }
    return 0.0;
  }

  private static void assertMatches(String where, double tolerance, JsonNode want, JsonNode got) {
    if (want.isArray()) {
      assertThat(got.isArray()).as(where + " is an array").isTrue();
      assertThat(got.size()).as(where + " size").isEqualTo(want.size());
      for (int i = 0; i < want.size(); i++) {
        assertMatches(where + "[" + i + "]", tolerance, want.get(i), got.get(i));
      }
    } else if (want.isObject()) {
      assertThat(got.isObject()).as(where + " is an object").isTrue();
      assertThat(got.size()).as(where + " size").isEqualTo(want.size());
      for (Map.Entry<String, JsonNode> entry : want.properties()) {
        assertMatches(
            where + "." + entry.getKey(), tolerance, entry.getValue(), got.get(entry.getKey()));
      }
    } else if (want.isNumber()) {
      assertThat(got).as(where).isNotNull();
      assertThat(got.isNumber()).as(where + " is a number").isTrue();
      // 1e-9 absorbs binary floating-point noise in the fixture's decimals
      assertThat(got.doubleValue())
          .as(where)
          .isCloseTo(want.doubleValue(), within(tolerance + 1e-9));
    } else {
      assertThat(got).as(where).isEqualTo(want);
    }
  }
}
