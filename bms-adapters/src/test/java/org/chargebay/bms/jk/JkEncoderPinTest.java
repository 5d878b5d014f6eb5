package org.chargebay.bms.jk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.jk.JkPbStatus.JkLayout;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.vectors.Harness;
import org.chargebay.bms.vectors.Pin;
import org.chargebay.bms.vectors.Pin.Gap;
import org.chargebay.bms.wire.Bytes;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link JkFrames} given the decoded values of each JK capture reproduces it byte for byte, except
 * the bytes named here with the reason our value types do not carry them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JkEncoderPinTest {

  private static final List<Gap> PB_32S =
      List.of(
          new Gap(
              74,
              78,
              "cell average (u16 at 74) and delta (u16 at 76): the encoder derives them from the"
                  + " cells (floor of the mean, max - min), the board from its own samples"),
          new Gap(
              78,
              144,
              "max and min cell numbers (78, 79) and the cell-wire resistances (80-143): not in"
                  + " JkPbStatus"),
          new Gap(186, 190, "u32 at 186, named by no cited source"),
          new Gap(
              200,
              299,
              "sensor bits, extra probes, mode and firmware fields after the FET bytes: not"
                  + " decoded (PROTOCOLS.md 2b)"));

  private static final List<Gap> PB_24S =
      List.of(
          new Gap(58, 62, "cell average and delta, derived by the encoder (see the 32S gap)"),
          new Gap(
              62,
              118,
              "max and min cell numbers and the cell-wire resistances of the 24S layout: not in"
                  + " JkPbStatus"),
          new Gap(154, 158, "u32 at 154 (32S: 186), named by no cited source"),
          new Gap(159, 162, "bytes after the SoH, not decoded"),
          new Gap(168, 299, "fields after the FET bytes: not decoded"));

  @Test
  void pb_captures_are_reproduced_but_for_the_named_undecoded_bytes() {
    Set<Gap> needed = new HashSet<>();
    int seen = 0;
    for (FamilyVectors.Vector v : FamilyVectors.of("jk")) {
      byte[] capture = v.frame();
      if ((capture[0] & 0xFF) != 0x55) {
        continue;
      }
      JkPbStatus s = ((Decoded<JkPbStatus>) JkDecoder.decodePb(capture)).value();
      List<Gap> gaps = s.layout() == JkLayout.JK02_32S ? PB_32S : PB_24S;
      needed.addAll(
          Pin.assertReproduced(
              v.id(),
              capture,
              JkFrames.encodePb(s),
              gaps,
              299,
              f -> {
                f[299] = (byte) JkFuzzTest.Pb.independentChecksum(f);
                return f;
              }));
      seen++;
    }
    assertThat(seen).isEqualTo(4);
    Pin.assertEveryGapNeeded(PB_32S, needed);
    Pin.assertEveryGapNeeded(PB_24S, needed);
  }

  /** The records of a TLV reply that {@link JkTlvStatus} does not carry, by tag. */
  private static final Map<Integer, String> TLV_NOT_CARRIED = notCarried();

  private static Map<Integer, String> notCarried() {
    Map<Integer, String> m = new java.util.TreeMap<>();
    for (int tag = 0x8E; tag <= 0xA8; tag++) {
      m.put(tag, "protection and balancer settings (0x8E-0xA8): configuration, not status");
    }
    m.put(0xA9, "setting (u8)");
    m.put(0xAB, "charge switch setting");
    m.put(0xAC, "discharge switch setting");
    m.put(0xAD, "current calibration setting");
    m.put(0xAE, "board address setting");
    m.put(0xAF, "battery type setting");
    m.put(0xB0, "sleep wait time setting");
    m.put(0xB1, "low-capacity alarm setting");
    m.put(0xB2, "password: never decoded");
    m.put(0xB3, "special charger switch setting");
    m.put(0xB5, "production date");
    m.put(0xB8, "calibration start flag");
    m.put(0xB9, "actual capacity (u32): not read");
    return m;
  }

  @Test
  void tlv_capture_records_are_reproduced_and_the_others_are_named() {
    FamilyVectors.Vector v = FamilyVectors.get("jk", "jk-01");
    byte[] capture = v.frame();
    JkTlvStatus s = ((Decoded<JkTlvStatus>) JkDecoder.decodeTlv(capture)).value();
    byte[] encoded = JkFrames.encodeTlv(s);
    List<byte[]> ours = records(encoded);
    List<byte[]> theirs = records(capture);
    Set<Integer> ourTags = new HashSet<>();
    for (byte[] r : ours) {
      ourTags.add(r[0] & 0xFF);
    }
    List<byte[]> theirsCarried = new ArrayList<>();
    for (byte[] r : theirs) {
      int tag = r[0] & 0xFF;
      if (ourTags.contains(tag)) {
        theirsCarried.add(r);
      } else {
        assertThat(TLV_NOT_CARRIED).as("record 0x%02X of %s", tag, v.id()).containsKey(tag);
      }
    }
    assertThat(ours.stream().map(Harness::hex).toList())
        .as("the records JkTlvStatus carries, byte for byte and in order")
        .isEqualTo(theirsCarried.stream().map(Harness::hex).toList());
    // Header (terminal, command, source, type) and trailer (record number, 68, zero word) match;
    // with the capture's records put back and the length and checksum recomputed, every byte does.
    ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
    rebuilt.write(encoded, 0, JkFrames.TLV_HEADER_LENGTH);
    for (byte[] r : theirs) {
      rebuilt.write(r, 0, r.length);
    }
    rebuilt.write(
        encoded, encoded.length - JkFrames.TLV_TRAILER_LENGTH, JkFrames.TLV_TRAILER_LENGTH);
    byte[] f = rebuilt.toByteArray();
    Bytes.put16be(f, 2, f.length - 2);
    Bytes.put16be(f, f.length - 2, JkFuzzTest.Tlv.independentChecksum(f));
    assertThat(Harness.hex(f)).isEqualTo(Harness.hex(capture));
  }

  private static List<byte[]> records(byte[] f) {
    List<byte[]> out = new ArrayList<>();
    int p = JkFrames.TLV_HEADER_LENGTH;
    int end = f.length - JkFrames.TLV_TRAILER_LENGTH;
    while (p < end) {
      int tag = f[p] & 0xFF;
      int len = tag == 0x79 ? 1 + (f[p + 1] & 0xFF) : JkDecoder.tlvLength(tag);
      out.add(java.util.Arrays.copyOfRange(f, p, p + 1 + len));
      p += 1 + len;
    }
    assertThat(p).isEqualTo(end);
    return out;
  }
}
