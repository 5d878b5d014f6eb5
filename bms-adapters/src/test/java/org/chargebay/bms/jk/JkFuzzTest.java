package org.chargebay.bms.jk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.bms.vectors.SnapshotOracle.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.jk.JkPbStatus.JkLayout;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.vectors.FrameTarget;
import org.chargebay.bms.vectors.Fuzz;
import org.chargebay.bms.vectors.Harness;
import org.chargebay.bms.vectors.Mutations;
import org.chargebay.bms.vectors.Mutations.Field;
import org.chargebay.bms.vectors.Prng;
import org.chargebay.bms.vectors.SnapshotOracle;
import org.chargebay.bms.wire.Bytes;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware fuzz of the JK codecs ({@link Fuzz}): TLV captures mutated record by record
 * (values, tags, the cell record's length, records deleted, duplicated, swapped or inserted) and PB
 * captures field by field (cells, cell mask, layout, values), each with its length and checksum
 * repaired.
 */
class JkFuzzTest {

  /** The 0x79 record's one-byte length holds 85 cells. */
  static final int TLV_MAX_CELLS = 85;

  @Test
  void fuzzed_tlv_frames_never_throw_and_every_accepted_frame_round_trips_within_range() {
    Fuzz.Report report = Fuzz.run(new Tlv(), Fuzz.frames(), Fuzz.seed());
    assertThat(report.accepted()).as(report.line()).isGreaterThan(report.frames() / 20);
    assertThat(report.pastChecksum()).as(report.line()).isGreaterThan(report.frames() / 5);
  }

  @Test
  void fuzzed_pb_frames_never_throw_and_every_accepted_frame_round_trips_within_range() {
    Fuzz.Report report = Fuzz.run(new Pb(), Fuzz.frames(), Fuzz.seed());
    assertThat(report.accepted()).as(report.line()).isGreaterThan(report.frames() / 3);
  }

  private static List<byte[]> captures(int firstByte) {
    List<byte[]> out = new ArrayList<>();
    for (FamilyVectors.Vector v : FamilyVectors.of("jk")) {
      if (v.checksumValid() && (v.frame()[0] & 0xFF) == firstByte) {
        out.add(v.frame());
      }
    }
    return out;
  }

  /** The TLV read-all reply. */
  static final class Tlv extends FrameTarget {

    Tlv() {
      super("jk-tlv", captures(0x4E));
    }

    /** Record start offsets between the header and the trailer, as far as they parse. */
    private static List<Integer> records(byte[] f) {
      List<Integer> out = new ArrayList<>();
      int end = f.length - JkFrames.TLV_TRAILER_LENGTH;
      int p = JkFrames.TLV_HEADER_LENGTH;
      while (p < end) {
        int len = recordLength(f, p);
        if (len < 0 || p + len > end) {
          break;
        }
        out.add(p);
        p += len;
      }
      return out;
    }

    /** Tag byte included; -1 for an unknown tag. */
    private static int recordLength(byte[] f, int p) {
      int tag = f[p] & 0xFF;
      if (tag == 0x79) {
        return p + 1 < f.length ? 2 + (f[p + 1] & 0xFF) : -1;
      }
      int len = JkDecoder.tlvLength(tag);
      return len < 0 ? -1 : 1 + len;
    }

    @Override
    protected byte[] structural(Prng r, byte[] f) {
      List<Integer> recs = records(f);
      if (recs.isEmpty()) {
        return repair(Mutations.flipBits(r, f));
      }
      int i = r.between(0, recs.size() - 1);
      int at = recs.get(i);
      int len = recordLength(f, at);
      switch (r.between(0, 9)) {
        case 0: // tag replaced: another known tag, an unknown one, or any byte
          int[] tags = {0x79, 0x80, 0x84, 0x8A, 0x8B, 0xB7, 0xC0, 0x8D, 0xFF, r.between(0, 255)};
          f[at] = (byte) tags[r.between(0, tags.length - 1)];
          return repair(f);
        case 1: // record deleted
          return repair(Mutations.splice(f, at, len, new byte[0]));
        case 2: // record duplicated
          return repair(Mutations.splice(f, at, 0, Arrays.copyOfRange(f, at, at + len)));
        case 3: // two records swapped
          {
            int j = r.between(0, recs.size() - 1);
            int bt = recs.get(j);
            if (bt == at) {
              return repair(f);
            }
            int first = Math.min(at, bt);
            int second = Math.max(at, bt);
            int l1 = recordLength(f, first);
            int l2 = recordLength(f, second);
            byte[] a = Arrays.copyOfRange(f, first, first + l1);
            byte[] b = Arrays.copyOfRange(f, second, second + l2);
            byte[] g = Mutations.splice(f, second, l2, a);
            return repair(Mutations.splice(g, first, l1, b));
          }
        case 4: // the cell record's length, with or without the cells to match
          {
            int cellAt = -1;
            for (int p : recs) {
              if ((f[p] & 0xFF) == 0x79) {
                cellAt = p;
              }
            }
            if (cellAt < 0) {
              return repair(f);
            }
            int old = f[cellAt + 1] & 0xFF;
            int now = r.nextBoolean() ? old + 3 * r.between(-4, 4) : r.between(0, 255);
            now = Math.max(0, Math.min(255, now));
            f[cellAt + 1] = (byte) now;
            if (r.nextBoolean()) {
              f =
                  now > old
                      ? Mutations.splice(f, cellAt + 2 + old, 0, r.bytes(now - old))
                      : Mutations.splice(f, cellAt + 2 + now, old - now, new byte[0]);
            }
            return repair(f);
          }
        case 5: // a known record inserted with random bytes
          {
            int tag = new int[] {0x84, 0x8A, 0xC0, 0x85, 0x86, 0xB6, 0xB7}[r.between(0, 6)];
            byte[] rec = r.bytes(1 + JkDecoder.tlvLength(tag));
            rec[0] = (byte) tag;
            return repair(Mutations.splice(f, at, 0, rec));
          }
        case 6: // header: command, source, type, terminal
          Mutations.mutateField(
              r,
              f,
              List.of(
                  new Field(8, 1, true),
                  new Field(9, 1, true),
                  new Field(10, 1, true),
                  new Field(4, 4, true)));
          return repair(f);
        case 7: // trailer: record number, end marker, the checksum's zero word
          Mutations.mutateField(
              r,
              f,
              List.of(
                  new Field(f.length - 9, 4, true),
                  new Field(f.length - 5, 1, true),
                  new Field(f.length - 4, 2, true)));
          return checksumOnly(f);
        case 8: // declared length alone
          Bytes.put16be(f, 2, (int) Mutations.interesting(r, 2, Bytes.u16be(f, 2)));
          return checksumOnly(f);
        default: // one to three record values
          for (int k = r.between(1, 3); k > 0; k--) {
            int p = recs.get(r.between(0, recs.size() - 1));
            int l = recordLength(f, p);
            int tag = f[p] & 0xFF;
            if (tag == 0x79) {
              int cells = (f[p + 1] & 0xFF) / 3;
              if (cells > 0) {
                int c = r.between(0, cells - 1);
                boolean index = r.between(0, 3) == 0;
                Field field = new Field(p + 2 + 3 * c + (index ? 0 : 1), index ? 1 : 2, true);
                field.put(f, Mutations.interesting(r, field.width(), field.get(f)));
              }
            } else if (l - 1 == 1 || l - 1 == 2 || l - 1 == 4) {
              Field field = new Field(p + 1, l - 1, true);
              field.put(f, Mutations.interesting(r, l - 1, field.get(f)));
            } else {
              Mutations.overwrite(r, f, p + 1, p + l);
            }
          }
          return repair(f);
      }
    }

    @Override
    protected byte[] repair(byte[] f) {
      if (f.length >= 4) {
        Bytes.put16be(f, 2, f.length - 2);
      }
      return checksumOnly(f);
    }

    private static byte[] checksumOnly(byte[] f) {
      if (f.length >= 2) {
        Bytes.put16be(f, f.length - 2, independentChecksum(f));
      }
      return f;
    }

    @Override
    protected byte[] randomInEnvelope(Prng r, byte[] seed) {
      byte[] body = r.bytes(r.between(0, 300));
      byte[] f = Mutations.splice(seed, 11, seed.length - 20, body);
      return repair(f);
    }

    @Override
    public @Nullable String check(byte[] f) {
      DecodeResult<JkTlvStatus> result = JkDecoder.decodeTlv(f);
      JkDecoder.decodeTlvMessage(f);
      if (result instanceof Rejected<JkTlvStatus> rejected) {
        return rejected.error().code();
      }
      require(
          f.length >= 20 && independentChecksum(f) == Bytes.u16be(f, f.length - 2),
          "accepted with a wrong checksum");
      JkTlvStatus s = ((Decoded<JkTlvStatus>) result).value();
      byte[] again = JkFrames.encodeTlv(s);
      require(
          JkDecoder.decodeTlv(again).equals(result),
          "re-encoded as " + Harness.hex(again) + " which does not decode to " + s);
      SnapshotOracle.check(JkBms.snapshot(s, f), TLV_MAX_CELLS, 655_350);
      return null;
    }

    /** PROTOCOLS.md 2a: sum16 of every byte before the stored checksum. */
    static int independentChecksum(byte[] f) {
      int sum = 0;
      for (int i = 0; i < f.length - 2; i++) {
        sum += f[i] & 0xFF;
      }
      return sum & 0xFFFF;
    }
  }

  /** The PB status frame (type 2). */
  static final class Pb extends FrameTarget {

    Pb() {
      super("jk-pb", captures(0x55));
    }

    /** The fields the decoder reads, in both layouts, little-endian. */
    private static final List<Field> FIELDS = fields();

    private static List<Field> fields() {
      List<Field> out = new ArrayList<>();
      for (int slot = 0; slot < 32; slot++) {
        out.add(new Field(6 + 2 * slot, 2, false));
      }
      for (int shift : new int[] {0, -32}) {
        out.add(new Field(70 + shift, 4, false));
        for (int at : new int[] {150, 154, 158, 166, 174, 178, 182, 194}) {
          out.add(new Field(at + shift, 4, false));
        }
        for (int at : new int[] {144, 162, 164, 170}) {
          out.add(new Field(at + shift, 2, false));
        }
        for (int at : new int[] {172, 173, 190, 198, 199}) {
          out.add(new Field(at + shift, 1, false));
        }
      }
      out.add(new Field(4, 1, false));
      out.add(new Field(5, 1, false));
      return List.copyOf(out);
    }

    @Override
    protected byte[] structural(Prng r, byte[] f) {
      switch (r.between(0, 4)) {
        case 0: // make it read as 24S: a low run at 54 as wide as the non-zero cells of 0-23
          {
            int nonZero = 0;
            for (int slot = 0; slot < 24; slot++) {
              if (Bytes.u16le(f, 6 + 2 * slot) != 0) {
                nonZero++;
              }
            }
            Bytes.put32le(f, 54, nonZero == 0 ? 1 : (1L << nonZero) - 1);
            return repair(f);
          }
        case 1: // cell mask (32S) set to a random or full mask
          Bytes.put32le(f, 70, r.nextBoolean() ? 0xFFFF_FFFFL : r.nextLong() & 0xFFFF_FFFFL);
          return repair(f);
        default:
          for (int k = r.between(1, 4); k > 0; k--) {
            Mutations.mutateField(r, f, FIELDS);
          }
          return repair(f);
      }
    }

    @Override
    protected byte[] repair(byte[] f) {
      if (f.length == JkFrames.PB_FRAME_LENGTH) {
        f[299] = (byte) independentChecksum(f);
      }
      return f;
    }

    @Override
    protected byte[] randomInEnvelope(Prng r, byte[] seed) {
      byte[] f = r.bytes(JkFrames.PB_FRAME_LENGTH);
      System.arraycopy(seed, 0, f, 0, 5);
      return repair(f);
    }

    @Override
    public @Nullable String check(byte[] f) {
      DecodeResult<JkPbStatus> result = JkDecoder.decodePb(f);
      JkDecoder.decodePb(f, JkLayout.JK02_24S);
      JkDecoder.decodePb(f, JkLayout.JK02_32S);
      JkDecoder.decodePbTrigger(f);
      JkDecoder.decodePbAck(f);
      if (result instanceof Rejected<JkPbStatus> rejected) {
        return rejected.error().code();
      }
      require(
          f.length == 300 && independentChecksum(f) == (f[299] & 0xFF),
          "accepted with a wrong checksum");
      JkPbStatus s = ((Decoded<JkPbStatus>) result).value();
      byte[] again = JkFrames.encodePb(s);
      require(
          JkDecoder.decodePb(again, s.layout()).equals(result),
          "re-encoded as " + Harness.hex(again) + " which does not decode to " + s);
      require(
          Long.signum(s.currentMilliamps())
              == Integer.signum((int) Bytes.u32le(f, s.layout().at(158))),
          "current " + s.currentMilliamps() + " mA has another sign than the wire's int32");
      SnapshotOracle.check(JkBms.snapshot(s, f), s.layout().slots(), Integer.MAX_VALUE);
      return null;
    }

    /** PROTOCOLS.md 2b: sum8 of bytes 0-298. */
    static int independentChecksum(byte[] f) {
      int sum = 0;
      for (int i = 0; i < 299; i++) {
        sum += f[i] & 0xFF;
      }
      return sum & 0xFF;
    }
  }
}
