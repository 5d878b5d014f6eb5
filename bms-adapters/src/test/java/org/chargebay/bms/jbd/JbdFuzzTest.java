package org.chargebay.bms.jbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.bms.vectors.SnapshotOracle.require;

import java.util.ArrayList;
import java.util.List;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.vectors.FrameTarget;
import org.chargebay.bms.vectors.Fuzz;
import org.chargebay.bms.vectors.Mutations;
import org.chargebay.bms.vectors.Mutations.Field;
import org.chargebay.bms.vectors.Prng;
import org.chargebay.bms.vectors.SnapshotOracle;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware fuzz of the JBD {@code DD} codec ({@link Fuzz}): the captures of every register
 * mutated in their fields, NTC and cell counts, length byte, register and status bytes, with the
 * length and checksum repaired so the mutation reaches the field parser.
 */
class JbdFuzzTest {

  /** 0x04 carries its voltages in a one-byte length: at most 127 cells. */
  static final int MAX_CELLS = 127;

  @Test
  void fuzzed_frames_never_throw_and_every_accepted_frame_round_trips_within_range() {
    Fuzz.Report report = Fuzz.run(new Target(), Fuzz.frames(), Fuzz.seed());
    assertThat(report.accepted()).as(report.line()).isGreaterThan(report.frames() / 10);
    assertThat(report.pastChecksum()).as(report.line()).isGreaterThan(report.frames() / 50);
  }

  static final class Target extends FrameTarget {

    private final byte[] seedInfo = JbdVectors.get("jbd-01").frame();
    private final byte[] seedCells = JbdVectors.get("jbd-02").frame();

    Target() {
      super("jbd", captures());
    }

    private static List<byte[]> captures() {
      List<byte[]> out = new ArrayList<>();
      for (JbdVectors.Vector v : JbdVectors.all()) {
        out.add(v.frame());
      }
      return out;
    }

    @Override
    protected byte[] structural(Prng r, byte[] f) {
      switch (r.between(0, 7)) {
        case 0: // ntc or cell count, with the data resized to match half the time
          {
            if (f.length < 7 + 23 || (f[1] & 0xFF) != JbdFrames.REG_BASIC_INFO) {
              Mutations.mutateField(r, f, fields(f));
              return repair(f);
            }
            int at = 4 + (r.nextBoolean() ? 22 : 21);
            int old = f[at] & 0xFF;
            int now = (int) Mutations.interesting(r, 1, old);
            f[at] = (byte) now;
            if (at == 26 && r.nextBoolean()) {
              int delta = 2 * (now - old);
              int end = 4 + 23 + 2 * old;
              if (delta > 0) {
                f = Mutations.splice(f, Math.min(end, f.length - 3), 0, r.bytes(delta));
              } else if (end + delta >= 27 && end <= f.length - 3) {
                f = Mutations.splice(f, end + delta, -delta, new byte[0]);
              }
            }
            return repair(f);
          }
        case 1: // length byte alone
          f[3] = (byte) Mutations.interesting(r, 1, f[3] & 0xFF);
          return checksumOnly(f);
        case 2: // register byte (outside the checksum)
          int[] regs = {0x03, 0x04, 0x05, 0xAA, 0x00, 0x01, 0xE1, r.between(0, 255)};
          f[1] = (byte) regs[r.between(0, regs.length - 1)];
          return r.nextBoolean() ? f : repair(f);
        case 3: // status byte
          f[2] = (byte) (r.nextBoolean() ? 0x80 : r.between(0, 255));
          return repair(f);
        case 4: // a span of the data deleted, inserted or duplicated
          return repair(Mutations.spanOp(r, f, 4, Math.max(4, f.length - 3)));
        case 5: // end marker
          f[f.length - 1] = (byte) r.between(0, 255);
          return checksumOnly(f);
        default: // one to three fields
          for (int k = r.between(1, 3); k > 0; k--) {
            Mutations.mutateField(r, f, fields(f));
          }
          return repair(f);
      }
    }

    /** The fields of a response: header, then BE words or bytes per register layout. */
    private static List<Field> fields(byte[] f) {
      List<Field> out = new ArrayList<>();
      int dataEnd = f.length - 3;
      if ((f[1] & 0xFF) == JbdFrames.REG_BASIC_INFO) {
        for (int o = 0; o <= 16 && 4 + o + 2 <= dataEnd; o += 2) {
          out.add(new Field(4 + o, 2, true));
        }
        for (int o = 18; o <= 22 && 4 + o < dataEnd; o++) {
          out.add(new Field(4 + o, 1, true));
        }
        for (int o = 23; 4 + o + 2 <= dataEnd; o += 2) {
          out.add(new Field(4 + o, 2, true));
        }
      } else {
        for (int o = 4; o + 2 <= dataEnd; o += 2) {
          out.add(new Field(o, 2, true));
        }
      }
      return out;
    }

    @Override
    protected byte[] repair(byte[] f) {
      if (f.length >= 7 && f.length - 7 <= 0xFF) {
        f[0] = (byte) 0xDD;
        f[3] = (byte) (f.length - 7);
        f[f.length - 1] = 0x77;
      }
      return checksumOnly(f);
    }

    /** Recomputes the checksum where the declared length puts it. */
    private static byte[] checksumOnly(byte[] f) {
      if (f.length < 4) {
        return f;
      }
      int len = f[3] & 0xFF;
      if (6 + len > f.length) {
        return f;
      }
      int chk = independentChecksum(f, len);
      f[4 + len] = (byte) (chk >>> 8);
      f[5 + len] = (byte) chk;
      return f;
    }

    @Override
    protected byte[] randomInEnvelope(Prng r, byte[] seed) {
      byte[] f = r.bytes(7 + r.between(0, 60));
      f[1] = seed[1];
      f[2] = 0;
      return repair(f);
    }

    @Override
    public @Nullable String check(byte[] f) {
      DecodeResult<JbdFrame> any = JbdDecoder.decode(f);
      DecodeResult<JbdBasicInfo> info = JbdDecoder.decodeBasicInfo(f);
      DecodeResult<JbdCells> cells = JbdDecoder.decodeCells(f);
      JbdDecoder.decodeHardware(f);
      JbdDecoder.decodeErrorCounts(f);
      JbdDecoder.decodeWriteAck(f, JbdFrames.REG_MOSFET_CONTROL);
      JbdDecoder.decodeRequest(f);
      if (any instanceof Rejected<JbdFrame> rejected) {
        return rejected.error().code();
      }
      int len = f[3] & 0xFF;
      require(
          independentChecksum(f, len) == ((f[4 + len] & 0xFF) << 8 | (f[5 + len] & 0xFF)),
          "accepted with a wrong checksum");
      JbdFrame value = ((Decoded<JbdFrame>) any).value();
      byte[] again = encode(value);
      require(
          JbdDecoder.decode(again).equals(DecodeResult.decoded(value)),
          "re-encoded as " + JbdVectors.hex(again) + " which does not decode to " + value);
      if (info instanceof Decoded<JbdBasicInfo> i) {
        JbdCells seed = ((Decoded<JbdCells>) JbdDecoder.decodeCells(seedCells)).value();
        SnapshotOracle.check(JbdBms.snapshot(i.value(), seed, f, seedCells), MAX_CELLS, 655_350);
      }
      if (cells instanceof Decoded<JbdCells> c) {
        JbdBasicInfo seed = ((Decoded<JbdBasicInfo>) JbdDecoder.decodeBasicInfo(seedInfo)).value();
        SnapshotOracle.check(JbdBms.snapshot(seed, c.value(), seedInfo, f), MAX_CELLS, 655_350);
      }
      return null;
    }

    private static byte[] encode(JbdFrame value) {
      if (value instanceof JbdBasicInfo v) {
        return JbdFrames.encodeBasicInfo(v);
      }
      if (value instanceof JbdCells v) {
        return JbdFrames.encodeCells(v);
      }
      if (value instanceof JbdHardware v) {
        return JbdFrames.encodeHardware(v);
      }
      if (value instanceof JbdErrorCounts v) {
        return JbdFrames.encodeErrorCounts(v);
      }
      if (value instanceof JbdWriteAck v) {
        return JbdFrames.encodeWriteAck(v);
      }
      throw new IllegalStateException("unhandled JbdFrame " + value);
    }

    /** PROTOCOLS.md 1: 0x10000 minus the sum of status, length and data bytes, 16 bits. */
    static int independentChecksum(byte[] f, int len) {
      int sum = 0;
      for (int i = 2; i < 4 + len; i++) {
        sum += f[i] & 0xFF;
      }
      return (0x10000 - sum) & 0xFFFF;
    }
  }
}
