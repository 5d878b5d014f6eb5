package org.chargebay.bms.ant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.bms.vectors.SnapshotOracle.require;

import java.util.ArrayList;
import java.util.List;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.Rejected;
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
 * Structure-aware fuzz of the ANT codecs ({@link Fuzz}): new-protocol {@code 7E A1} replies mutated
 * in their fields, cell and sensor counts (with the data resized to match or not), length byte and
 * function, with the length and CRC repaired; legacy 140-byte replies mutated field by field, cell
 * count included, with the sum16 repaired.
 */
class AntFuzzTest {

  /** The legacy reply has 32 cell slots. */
  static final int LEGACY_MAX_CELLS = 32;

  /** The new protocol's one-byte cell count. */
  static final int NEW_MAX_CELLS = 255;

  @Test
  void fuzzed_new_protocol_frames_never_throw_and_every_accepted_frame_round_trips_within_range() {
    Fuzz.Report report = Fuzz.run(new NewProtocol(), Fuzz.frames(), Fuzz.seed());
    assertThat(report.accepted()).as(report.line()).isGreaterThan(report.frames() / 10);
  }

  @Test
  void fuzzed_legacy_frames_never_throw_and_every_accepted_frame_round_trips_within_range() {
    Fuzz.Report report = Fuzz.run(new Legacy(), Fuzz.frames(), Fuzz.seed());
    assertThat(report.accepted()).as(report.line()).isGreaterThan(report.frames() / 3);
  }

  private static List<byte[]> captures(int firstByte) {
    List<byte[]> out = new ArrayList<>();
    for (FamilyVectors.Vector v : FamilyVectors.of("ant")) {
      if ((v.frame()[0] & 0xFF) == firstByte) {
        out.add(v.frame());
      }
    }
    return out;
  }

  /** The new protocol's 0x11 status and 0x12 device-info replies. */
  static final class NewProtocol extends FrameTarget {

    NewProtocol() {
      super("ant-new", captures(0x7E));
    }

    private static int extra(byte[] f) {
      return f.length > 2 && (f[2] & 0xFF) == AntFrames.REPLY_DEVICE_INFO ? 6 : 0;
    }

    private static List<Field> fields(byte[] f) {
      List<Field> out = new ArrayList<>();
      out.add(new Field(2, 1, false));
      out.add(new Field(3, 2, false));
      int dataEnd = f.length - 4 - extra(f);
      for (int o = 6; o < dataEnd; o++) {
        out.add(new Field(o, 1, false));
        if (o + 2 <= dataEnd && o % 2 == 0) {
          out.add(new Field(o, 2, false));
        }
        if (o + 4 <= dataEnd && o % 4 == 2) {
          out.add(new Field(o, 4, false));
        }
      }
      return out;
    }

    @Override
    protected byte[] structural(Prng r, byte[] f) {
      switch (r.between(0, 4)) {
        case 0: // cell or sensor count, with the data resized to match half the time
          {
            if (f.length < 40 || extra(f) > 0) {
              Mutations.mutateField(r, f, fields(f));
              return repair(f);
            }
            boolean cells = r.nextBoolean();
            int at = cells ? 9 : 8;
            int old = f[at] & 0xFF;
            int now = (int) Mutations.interesting(r, 1, old);
            f[at] = (byte) now;
            if (r.nextBoolean()) {
              int n = f[9] & 0xFF;
              int end = 34 + 2 * (cells ? old : n + old);
              int delta = 2 * (now - old);
              if (delta > 0) {
                f = Mutations.splice(f, Math.min(end, f.length - 4), 0, r.bytes(delta));
              } else if (end + delta >= 34 && end <= f.length - 4) {
                f = Mutations.splice(f, end + delta, -delta, new byte[0]);
              }
            }
            return repair(f);
          }
        case 1: // length byte alone
          f[5] = (byte) Mutations.interesting(r, 1, f[5] & 0xFF);
          return crcOnly(f);
        case 2: // a span of the data deleted, inserted or duplicated
          return repair(Mutations.spanOp(r, f, 6, Math.max(6, f.length - 4 - extra(f))));
        default:
          for (int k = r.between(1, 3); k > 0; k--) {
            Mutations.mutateField(r, f, fields(f));
          }
          return repair(f);
      }
    }

    @Override
    protected byte[] repair(byte[] f) {
      int length = f.length - 10 - extra(f);
      if (f.length >= 10 && length >= 0 && length <= 0xFF) {
        f[0] = 0x7E;
        f[1] = (byte) 0xA1;
        f[5] = (byte) length;
        f[f.length - 2] = (byte) 0xAA;
        f[f.length - 1] = 0x55;
      }
      return crcOnly(f);
    }

    /** The CRC where the declared length puts it. */
    private static byte[] crcOnly(byte[] f) {
      if (f.length < 6) {
        return f;
      }
      int len = f[5] & 0xFF;
      if (8 + len <= f.length) {
        Bytes.put16le(f, 6 + len, independentCrc(f, 1, 5 + len));
      }
      return f;
    }

    @Override
    protected byte[] randomInEnvelope(Prng r, byte[] seed) {
      byte[] f = r.bytes(10 + r.between(0, 200) + extra(seed));
      f[2] = seed[2];
      return repair(f);
    }

    @Override
    public @Nullable String check(byte[] f) {
      DecodeResult<AntStatus> status = AntDecoder.decodeStatus(f);
      DecodeResult<AntDeviceInfo> info = AntDecoder.decodeDeviceInfo(f);
      AntDecoder.decodeRequest(f);
      DecodeResult<?> result = extra(f) > 0 ? info : status;
      if (result instanceof Rejected<?> rejected) {
        return rejected.error().code();
      }
      int len = f[5] & 0xFF;
      require(
          independentCrc(f, 1, 5 + len) == Bytes.u16le(f, 6 + len), "accepted with a wrong CRC");
      if (status instanceof Decoded<AntStatus> d) {
        AntStatus s = d.value();
        byte[] again = AntFrames.encodeStatus(s);
        require(
            AntDecoder.decodeStatus(again).equals(status),
            "re-encoded as " + Harness.hex(again) + " which does not decode to " + s);
        SnapshotOracle.check(
            AntBms.snapshot(s, BmsConventions.DEFAULTS, f), NEW_MAX_CELLS, 0xFFFF * 10);
      }
      if (info instanceof Decoded<AntDeviceInfo> d) {
        byte[] again = AntFrames.encodeDeviceInfo(d.value());
        require(
            AntDecoder.decodeDeviceInfo(again).equals(info),
            "re-encoded as " + Harness.hex(again) + " which does not decode to " + d.value());
      }
      return null;
    }

    /** CRC-16/MODBUS (init 0xFFFF, reflected polynomial 0xA001), PROTOCOLS.md 4a. */
    static int independentCrc(byte[] f, int from, int length) {
      int crc = 0xFFFF;
      for (int i = from; i < from + length; i++) {
        crc ^= f[i] & 0xFF;
        for (int bit = 0; bit < 8; bit++) {
          crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
        }
      }
      return crc;
    }
  }

  /** The legacy 140-byte reply. */
  static final class Legacy extends FrameTarget {

    private static final List<Field> FIELDS = fields();

    private static List<Field> fields() {
      List<Field> out = new ArrayList<>();
      out.add(new Field(4, 2, true));
      for (int i = 0; i < 32; i++) {
        out.add(new Field(6 + 2 * i, 2, true));
      }
      for (int at : new int[] {70, 75, 79, 83, 87, 111, 132}) {
        out.add(new Field(at, 4, true));
      }
      for (int i = 0; i < 6; i++) {
        out.add(new Field(91 + 2 * i, 2, true));
      }
      for (int at : new int[] {116, 119, 121}) {
        out.add(new Field(at, 2, true));
      }
      for (int at : new int[] {74, 103, 104, 105, 115, 118, 123, 123, 123}) {
        out.add(new Field(at, 1, true));
      }
      return List.copyOf(out);
    }

    Legacy() {
      super("ant-legacy", captures(0xAA));
    }

    @Override
    protected byte[] structural(Prng r, byte[] f) {
      for (int k = r.between(1, 4); k > 0; k--) {
        Mutations.mutateField(r, f, FIELDS);
      }
      return repair(f);
    }

    @Override
    protected byte[] repair(byte[] f) {
      if (f.length == AntFrames.LEGACY_LENGTH) {
        Bytes.put16be(f, 138, independentSum(f));
      }
      return f;
    }

    @Override
    protected byte[] randomInEnvelope(Prng r, byte[] seed) {
      byte[] f = r.bytes(AntFrames.LEGACY_LENGTH);
      System.arraycopy(seed, 0, f, 0, 4);
      return repair(f);
    }

    @Override
    public @Nullable String check(byte[] f) {
      DecodeResult<AntLegacyStatus> result = AntDecoder.decodeLegacy(f);
      AntDecoder.decodeLegacyRequest(f);
      if (result instanceof Rejected<AntLegacyStatus> rejected) {
        return rejected.error().code();
      }
      require(
          f.length == 140 && independentSum(f) == Bytes.u16be(f, 138), "accepted with a bad sum");
      AntLegacyStatus s = ((Decoded<AntLegacyStatus>) result).value();
      require(
          Integer.signum(s.currentWireMilliamps()) == Integer.signum((int) Bytes.u32be(f, 70)),
          "current " + s.currentWireMilliamps() + " mA has another sign than the wire's int32");
      byte[] again = AntFrames.encodeLegacy(s);
      require(
          AntDecoder.decodeLegacy(again).equals(result),
          "re-encoded as " + Harness.hex(again) + " which does not decode to " + s);
      for (BmsConventions c :
          List.of(
              BmsConventions.DEFAULTS,
              BmsConventions.create(
                  b -> b.cellIndexPolicy(BmsConventions.CellIndexPolicy.REJECT)))) {
        DecodeResult<BmsSnapshot> snapshot = AntBms.snapshot(s, c, f);
        if (snapshot instanceof Decoded<BmsSnapshot> d) {
          SnapshotOracle.check(d.value(), LEGACY_MAX_CELLS, 0xFFFF * 100);
        }
      }
      return null;
    }

    /** PROTOCOLS.md 4b: sum16 of bytes 4-137. */
    static int independentSum(byte[] f) {
      int sum = 0;
      for (int i = 4; i < 138; i++) {
        sum += f[i] & 0xFF;
      }
      return sum & 0xFFFF;
    }
  }
}
