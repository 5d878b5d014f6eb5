package org.chargebay.bms.daly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.bms.vectors.SnapshotOracle.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.DroppedBytes;
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.vectors.FrameTarget;
import org.chargebay.bms.vectors.Fuzz;
import org.chargebay.bms.vectors.Harness;
import org.chargebay.bms.vectors.Mutations;
import org.chargebay.bms.vectors.Mutations.Field;
import org.chargebay.bms.vectors.Prng;
import org.chargebay.bms.vectors.SnapshotOracle;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware fuzz of the Daly codec ({@link Fuzz}): single 13-byte frames mutated in their
 * data fields, data ID, address and length byte with the sum8 repaired; and multi-frame 0x95/0x96
 * replies mutated frame by frame (values and frame numbers with each frame's checksum repaired,
 * frames dropped, duplicated, swapped, cut short, noise between them).
 */
class DalyFuzzTest {

  /** 255 frame numbers of 3 cells. */
  static final int MAX_CELLS = 255 * 3;

  @Test
  void fuzzed_single_frames_never_throw_and_every_accepted_frame_round_trips_within_range() {
    Fuzz.Report report = Fuzz.run(new Single(), Fuzz.frames(), Fuzz.seed());
    assertThat(report.accepted()).as(report.line()).isGreaterThan(report.frames() / 3);
  }

  @Test
  void fuzzed_multi_frame_replies_never_throw_and_every_accepted_reply_is_whole_frames() {
    Fuzz.Report report = Fuzz.run(new Series(), Fuzz.frames(), Fuzz.seed());
    assertThat(report.accepted()).as(report.line()).isGreaterThan(report.frames() / 10);
    assertThat(report.pastChecksum()).as(report.line()).isGreaterThan(report.frames() / 10);
  }

  private static List<byte[]> splitFrames(byte[] stream) {
    List<byte[]> out = new ArrayList<>();
    for (int at = 0; at + 13 <= stream.length; at += 13) {
      out.add(Arrays.copyOfRange(stream, at, at + 13));
    }
    return out;
  }

  /** PROTOCOLS.md 3: sum8 of bytes 0-11 of a frame starting at {@code at}. */
  static int independentChecksum(byte[] b, int at) {
    int sum = 0;
    for (int i = at; i < at + 12; i++) {
      sum += b[i] & 0xFF;
    }
    return sum & 0xFF;
  }

  private static void repairFrame(byte[] b, int at) {
    if (at >= 0 && at + 13 <= b.length) {
      b[at + 12] = (byte) independentChecksum(b, at);
    }
  }

  private static final DalyFrame.PackStatus PACK = (DalyFrame.PackStatus) value("daly-01");
  private static final DalyFrame.MosStatus MOS = (DalyFrame.MosStatus) value("daly-06");
  private static final DalyFrame.StatusInfo STATUS = (DalyFrame.StatusInfo) value("daly-08");
  private static final DalySeries CELLS = series("daly-09", DalyFrames.CELL_VOLTAGES, 16);
  private static final DalySeries TEMPS = series("daly-10", DalyFrames.TEMPERATURES, 2);

  private static DalyFrame value(String id) {
    return ((Decoded<DalyFrame>) DalyDecoder.decode(FamilyVectors.get("daly", id).frame())).value();
  }

  /** A polling round built from the captures, for the snapshot of a mutated frame. */
  private static final class Round {
    DalyFrame.PackStatus pack = PACK;
    DalyFrame.MosStatus mos = MOS;
    DalyFrame.StatusInfo status = STATUS;
    DalyFrame.Balance balance = new DalyFrame.Balance(0);
    DalyFrame.Faults faults = new DalyFrame.Faults(0, 0);

    org.chargebay.bms.BmsSnapshot snapshot(DalySeries cells, DalySeries temps, byte[] raw) {
      return DalyBms.snapshot(
          new DalyReadings(
              pack, mos, status, cells, temps, balance, faults, List.of(RawFrame.of(raw))),
          BmsConventions.DEFAULTS);
    }
  }

  private static DalySeries series(String id, int command, int count) {
    return ((Decoded<DalySeries>)
            DalyDecoder.decodeSeries(
                FamilyVectors.get("daly", id).frame(), command, count, DalyStream.End.LINE_QUIET))
        .value();
  }

  /** Single 13-byte frames of every data ID captured. */
  static final class Single extends FrameTarget {

    private static final List<Field> FIELDS = fields();

    private static List<Field> fields() {
      List<Field> out = new ArrayList<>();
      for (int o = 4; o < 12; o++) {
        out.add(new Field(o, 1, true));
        if (o < 11) {
          out.add(new Field(o, 2, true));
        }
      }
      out.add(new Field(8, 4, true));
      return List.copyOf(out);
    }

    Single() {
      super("daly", captures());
    }

    private static List<byte[]> captures() {
      List<byte[]> out = new ArrayList<>();
      for (FamilyVectors.Vector v : FamilyVectors.of("daly")) {
        out.addAll(splitFrames(v.frame()));
      }
      return out;
    }

    @Override
    protected byte[] structural(Prng r, byte[] f) {
      switch (r.between(0, 4)) {
        case 0: // data ID
          int[] ids = {0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0xD9, 0xDA, 0x50};
          f[2] = (byte) (r.between(0, 3) == 0 ? r.between(0, 255) : ids[r.between(0, 11)]);
          return repair(f);
        case 1: // address or length byte
          f[r.nextBoolean() ? 1 : 3] = (byte) Mutations.interesting(r, 1, 8);
          return repair(f);
        default:
          for (int k = r.between(1, 3); k > 0; k--) {
            Mutations.mutateField(r, f, FIELDS);
          }
          return repair(f);
      }
    }

    @Override
    protected byte[] repair(byte[] f) {
      if (f.length == 13) {
        repairFrame(f, 0);
      }
      return f;
    }

    @Override
    protected byte[] randomInEnvelope(Prng r, byte[] seed) {
      byte[] f = r.bytes(13);
      System.arraycopy(seed, 0, f, 0, 4);
      return repair(f);
    }

    @Override
    public @Nullable String check(byte[] f) {
      DecodeResult<DalyFrame> result = DalyDecoder.decode(f);
      DalyDecoder.decode(f, DalyFrames.CELL_VOLTAGES);
      DalyDecoder.decodeRequest(f);
      if (result instanceof Rejected<DalyFrame> rejected) {
        return rejected.error().code();
      }
      require(
          f.length == 13 && independentChecksum(f, 0) == (f[12] & 0xFF),
          "accepted with a wrong checksum");
      DalyFrame value = ((Decoded<DalyFrame>) result).value();
      byte[] again = DalyFrames.encode(value);
      require(
          DalyDecoder.decode(again).equals(result),
          "re-encoded as " + Harness.hex(again) + " which does not decode to " + value);
      Round round = new Round();
      DalySeries cells = CELLS;
      DalySeries temps = TEMPS;
      if (value instanceof DalyFrame.PackStatus v) {
        round.pack = v;
      } else if (value instanceof DalyFrame.MosStatus v) {
        round.mos = v;
      } else if (value instanceof DalyFrame.StatusInfo v) {
        round.status = v;
      } else if (value instanceof DalyFrame.Balance v) {
        round.balance = v;
      } else if (value instanceof DalyFrame.Faults v) {
        round.faults = v;
      }
      SnapshotOracle.check(round.snapshot(cells, temps, f), MAX_CELLS, 0xFFFF * 100);
      return null;
    }
  }

  /** Multi-frame replies: 0x95 (16 frames, daly-09) and 0x96 (2 frames, daly-10). */
  static final class Series implements Fuzz.Target {

    private static final List<byte[]> CAPTURES =
        List.of(
            FamilyVectors.get("daly", "daly-09").frame(),
            FamilyVectors.get("daly", "daly-10").frame());

    private @Nullable Integer count;
    private DalyStream.End end = DalyStream.End.MAY_BE_CUT;

    @Override
    public String name() {
      return "daly-multi";
    }

    @Override
    public List<byte[]> seeds() {
      return CAPTURES;
    }

    @Override
    public byte[] next(Prng r, byte[] seed) {
      count = r.between(0, 3) == 0 ? null : r.between(0, 3) == 0 ? r.between(0, 60) : natural(seed);
      end = r.nextBoolean() ? DalyStream.End.MAY_BE_CUT : DalyStream.End.LINE_QUIET;
      byte[] s = seed;
      for (int k = r.between(1, 3); k > 0; k--) {
        s = mutate(r, s);
      }
      return s;
    }

    /** The count the capture was taken for: 16 cells (daly-09), 2 sensors (daly-10). */
    private static int natural(byte[] seed) {
      return (seed[2] & 0xFF) == DalyFrames.CELL_VOLTAGES ? 16 : 2;
    }

    private static byte[] mutate(Prng r, byte[] s) {
      int frames = s.length / 13;
      if (frames == 0) {
        return Mutations.truncateOrExtend(r, s);
      }
      int at = 13 * r.between(0, frames - 1);
      switch (r.between(0, 9)) {
        case 0: // a frame dropped
          return Mutations.splice(s, at, 13, new byte[0]);
        case 1: // a frame duplicated
          return Mutations.splice(s, at, 0, Arrays.copyOfRange(s, at, at + 13));
        case 2: // a frame cut short by 1-12 bytes
          return cut(r, s, at);
        case 3: // noise between frames, perhaps with a frame start in it
          {
            byte[] noise = r.bytes(r.between(1, 20));
            if (r.nextBoolean() && noise.length >= 4) {
              noise[0] = (byte) 0xA5;
              noise[1] = 1;
              noise[2] = s[2];
              noise[3] = 8;
            }
            return Mutations.splice(s, at, 0, noise);
          }
        case 4: // a frame number: 0, a duplicate, the next, or anything; checksum repaired
          s[at + 4] = (byte) new int[] {0, 1, s[at + 4] + 1, r.between(0, 255)}[r.between(0, 3)];
          repairFrame(s, at);
          return s;
        case 5: // a frame's data ID, checksum repaired
          s[at + 2] =
              (byte) (r.nextBoolean() ? 0x95 + 0x96 - (s[at + 2] & 0xFF) : r.between(0, 255));
          repairFrame(s, at);
          return s;
        case 6: // two frames swapped
          {
            int bt = 13 * r.between(0, frames - 1);
            byte[] a = Arrays.copyOfRange(s, at, at + 13);
            System.arraycopy(s, bt, s, at, 13);
            System.arraycopy(a, 0, s, bt, 13);
            return s;
          }
        case 7: // bits flipped, not repaired
          return Mutations.flipBits(r, s);
        case 8: // the read stops early
          return Arrays.copyOf(s, r.between(0, s.length));
        default: // values of a frame, checksum repaired
          Mutations.overwrite(r, s, at + 5, at + 12);
          repairFrame(s, at);
          return s;
      }
    }

    private static byte[] cut(Prng r, byte[] s, int at) {
      int from = at + r.between(0, 11);
      return Mutations.splice(s, from, r.between(1, at + 13 - from), new byte[0]);
    }

    @Override
    public @Nullable String check(byte[] stream) {
      int command =
          stream.length > 2 && (stream[2] & 0xFF) == DalyFrames.TEMPERATURES
              ? DalyFrames.TEMPERATURES
              : DalyFrames.CELL_VOLTAGES;
      DalyStream.seriesCommand(stream);
      DecodeResult<DalySeries> result = DalyDecoder.decodeSeries(stream, command, count, end);
      if (result instanceof Rejected<DalySeries> rejected) {
        return rejected.error().code();
      }
      DalySeries s = ((Decoded<DalySeries>) result).value();
      int perFrame = DalySeries.perFrame(command);
      boolean[] covered = new boolean[stream.length];
      Set<Integer> numbers = new HashSet<>();
      for (DalyStream.Kept k : s.frames()) {
        int at = k.offset();
        require(at + 13 <= stream.length, "kept frame at " + at + " runs past the bytes");
        require(
            (stream[at] & 0xFF) == 0xA5
                && stream[at + 1] == 1
                && (stream[at + 2] & 0xFF) == command
                && stream[at + 3] == 8,
            "kept frame at " + at + " has no A5 01 " + command + " 08 header");
        require(
            independentChecksum(stream, at) == (stream[at + 12] & 0xFF),
            "kept frame at " + at + " has a wrong checksum");
        require(k.number() == (stream[at + 4] & 0xFF) && k.number() >= 1, "frame number");
        require(numbers.add(k.number()), "frame number " + k.number() + " kept twice");
        require(k.raw().equals(RawFrame.of(Arrays.copyOfRange(stream, at, at + 13))), "raw");
        cover(covered, at, 13);
      }
      for (DroppedBytes d : s.dropped()) {
        cover(covered, d.offset(), d.length());
      }
      for (int i = 0; i < covered.length; i++) {
        require(covered[i], "byte " + i + " is neither kept nor dropped");
      }
      int expectedValues =
          count != null
              ? count
              : numbers.stream().mapToInt(Integer::intValue).max().orElse(0) * perFrame;
      require(
          s.values().size() == expectedValues,
          s.values().size() + " values, expected " + expectedValues);
      for (int v = 0; v < s.values().size(); v++) {
        int number = v / perFrame + 1;
        int slot = v % perFrame;
        DalyStream.Kept k =
            s.frames().stream().filter(x -> x.number() == number).findFirst().orElseThrow();
        int raw =
            command == DalyFrames.CELL_VOLTAGES
                ? ((stream[k.offset() + 5 + 2 * slot] & 0xFF) << 8)
                    | (stream[k.offset() + 6 + 2 * slot] & 0xFF)
                : (stream[k.offset() + 5 + slot] & 0xFF) - 40;
        require(s.values().get(v) == raw, "value " + (v + 1) + " is not the one on the wire");
      }
      if (count != null) {
        Round round = new Round();
        DalySeries cells = command == DalyFrames.CELL_VOLTAGES ? s : CELLS;
        DalySeries temps = command == DalyFrames.TEMPERATURES ? s : TEMPS;
        SnapshotOracle.check(round.snapshot(cells, temps, stream), MAX_CELLS, 0xFFFF * 100);
      }
      return null;
    }

    private static void cover(boolean[] covered, int at, int length) {
      for (int i = at; i < at + length; i++) {
        require(i < covered.length, "range " + at + "+" + length + " runs past the bytes");
        require(!covered[i], "byte " + i + " is both kept and dropped, or dropped twice");
        covered[i] = true;
      }
    }
  }
}
