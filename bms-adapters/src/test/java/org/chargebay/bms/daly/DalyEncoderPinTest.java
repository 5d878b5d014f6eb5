package org.chargebay.bms.daly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.vectors.Pin;
import org.chargebay.bms.vectors.Pin.Gap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link DalyFrames#encode} given the decoded values of every captured frame (each frame of the
 * multi-frame replies too) reproduces it byte for byte, except the junk bytes PROTOCOLS.md 3 quirk
 * 5 says carry no value: the encoder writes them as zero.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DalyEncoderPinTest {

  private static final Gap CELL_EXTREMES_JUNK =
      new Gap(10, 12, "0x91 data bytes 6-7: junk after the min cell number (quirk 5)");
  private static final Gap TEMP_EXTREMES_JUNK =
      new Gap(8, 12, "0x92 data bytes 4-7: junk after the min sensor number (quirk 5)");
  private static final Gap STATUS_JUNK = new Gap(11, 12, "0x94 data byte 7: junk (quirk 5)");
  private static final Gap CELLS_SPARE = new Gap(11, 12, "0x95 spare byte 7: junk (quirk 5)");

  private static final Map<Integer, List<Gap>> GAPS =
      Map.of(
          0x91, List.of(CELL_EXTREMES_JUNK),
          0x92, List.of(TEMP_EXTREMES_JUNK),
          0x94, List.of(STATUS_JUNK),
          0x95, List.of(CELLS_SPARE));

  @Test
  void every_captured_frame_is_reproduced_but_for_its_junk_bytes() {
    Set<Gap> needed = new HashSet<>();
    Set<Integer> ids = new HashSet<>();
    for (FamilyVectors.Vector v : FamilyVectors.of("daly")) {
      byte[] all = v.frame();
      for (int at = 0; at + 13 <= all.length; at += 13) {
        byte[] capture = Arrays.copyOfRange(all, at, at + 13);
        int id = capture[2] & 0xFF;
        ids.add(id);
        DalyFrame value = ((Decoded<DalyFrame>) DalyDecoder.decode(capture)).value();
        needed.addAll(
            Pin.assertReproduced(
                v.id() + " frame at " + at,
                capture,
                DalyFrames.encode(value),
                GAPS.getOrDefault(id, List.of()),
                12,
                f -> {
                  f[12] = (byte) DalyFuzzTest.independentChecksum(f, 0);
                  return f;
                }));
      }
    }
    assertThat(ids).containsExactlyInAnyOrder(0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96);
    Pin.assertEveryGapNeeded(
        List.of(CELL_EXTREMES_JUNK, TEMP_EXTREMES_JUNK, STATUS_JUNK, CELLS_SPARE), needed);
  }
}
