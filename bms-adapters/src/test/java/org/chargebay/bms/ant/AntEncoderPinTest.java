package org.chargebay.bms.ant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.vectors.Pin;
import org.chargebay.bms.vectors.Pin.Gap;
import org.chargebay.bms.wire.Bytes;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link AntFrames} given the decoded values of each ANT capture reproduces it byte for byte,
 * except the bytes named here with the reason our value types do not carry them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AntEncoderPinTest {

  private static final List<Gap> LEGACY =
      List.of(
          new Gap(106, 111, "bytes 106-110, between the balancer status and the power: unnamed"),
          new Gap(124, 132, "bytes 124-131, after the cell count: not decoded"),
          new Gap(136, 138, "the system-log word at 136: not decoded"));

  @Test
  void legacy_captures_are_reproduced_but_for_the_named_undecoded_bytes() {
    Set<Gap> needed = new HashSet<>();
    int seen = 0;
    for (FamilyVectors.Vector v : FamilyVectors.of("ant")) {
      byte[] capture = v.frame();
      if ((capture[0] & 0xFF) != 0xAA) {
        continue;
      }
      AntLegacyStatus s = ((Decoded<AntLegacyStatus>) AntDecoder.decodeLegacy(capture)).value();
      needed.addAll(
          Pin.assertReproduced(
              v.id(),
              capture,
              AntFrames.encodeLegacy(s),
              LEGACY,
              138,
              f -> {
                Bytes.put16be(f, 138, AntFuzzTest.Legacy.independentSum(f));
                return f;
              }));
      seen++;
    }
    assertThat(seen).isEqualTo(3);
    Pin.assertEveryGapNeeded(LEGACY, needed);
  }

  /**
   * The status tail after the balanced-cell mask (max and min cell with their numbers, delta,
   * average, totals: PROTOCOLS.md 4a items 15-16) is not in {@link AntStatus}; the encoder writes
   * its 38 bytes as zero. The address bytes and everything else are reproduced.
   */
  @Test
  void status_captures_are_reproduced_but_for_the_undecoded_tail() {
    int seen = 0;
    for (FamilyVectors.Vector v : FamilyVectors.of("ant")) {
      byte[] capture = v.frame();
      if ((capture[0] & 0xFF) != 0x7E || capture[2] != 0x11) {
        continue;
      }
      AntStatus s = ((Decoded<AntStatus>) AntDecoder.decodeStatus(capture)).value();
      int len = capture[5] & 0xFF;
      int tail =
          6
              + AntFrames.STATUS_FIXED
              + 2 * s.cellMillivolts().size()
              + 2 * s.tempsCelsius().size()
              + AntFrames.STATUS_TAIL_DECODED;
      Gap gap = new Gap(tail, 6 + len, "status tail after the balanced-cell mask: not decoded");
      Set<Gap> needed =
          Pin.assertReproduced(
              v.id(),
              capture,
              AntFrames.encodeStatus(s),
              List.of(gap),
              6 + len,
              f -> {
                Bytes.put16le(f, 6 + len, AntFuzzTest.NewProtocol.independentCrc(f, 1, 5 + len));
                return f;
              });
      assertThat(needed).as(v.id()).containsExactly(gap);
      seen++;
    }
    assertThat(seen).isEqualTo(2);
  }

  @Test
  void device_info_capture_is_reproduced_byte_for_byte() {
    byte[] capture = FamilyVectors.get("ant", "ant-05").frame();
    AntDeviceInfo info = ((Decoded<AntDeviceInfo>) AntDecoder.decodeDeviceInfo(capture)).value();
    assertThat(AntFrames.encodeDeviceInfo(info)).isEqualTo(capture);
  }
}
