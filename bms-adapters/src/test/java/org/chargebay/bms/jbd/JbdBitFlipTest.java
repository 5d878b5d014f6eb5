package org.chargebay.bms.jbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.FrameError.BadLength;
import org.chargebay.bms.FrameError.BadStart;
import org.chargebay.bms.FrameError.ChecksumMismatch;
import org.chargebay.bms.FrameError.Truncated;
import org.chargebay.bms.FrameError.UnexpectedRegister;
import org.chargebay.bms.Rejected;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every single-bit flip of every captured frame is rejected, never decoded (after Kafka's {@code
 * testCrcValidation}). Which error depends on where the bit is, because the checks run in order:
 *
 * <ul>
 *   <li>offset 0, the start byte: {@link BadStart};
 *   <li>offset 1, the register, which the checksum does not cover: {@link UnexpectedRegister} from
 *       the register-specific decoder;
 *   <li>offset 3, the length: the frame no longer has the declared size, so {@link BadLength}
 *       (shorter length) or {@link Truncated} (longer length), before the checksum is looked at;
 *   <li>offset 2 (status), the data and the two checksum bytes: {@link ChecksumMismatch} with the
 *       exact expected and stored values, because a one-bit change moves a 16-bit sum by a non-zero
 *       amount below 2^8;
 *   <li>the last byte, the end marker: {@link BadLength} (the length byte points at a byte that is
 *       not 0x77).
 * </ul>
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JbdBitFlipTest {

  static List<JbdVectors.Vector> vectors() {
    return JbdVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void every_single_bit_flip_is_rejected_by_the_register_specific_decoder(
      JbdVectors.Vector vector) {
    byte[] original = vector.frame();
    int len = original[3] & 0xFF;
    int checksumAt = 4 + len;
    int storedChecksum = JbdChecksum.stored(original);
    Function<byte[], DecodeResult<?>> decoder = decoderFor(vector.register());

    for (int offset = 0; offset < original.length; offset++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = original.clone();
        flipped[offset] ^= (byte) (1 << bit);
        String where = vector.id() + " byte " + offset + " bit " + bit;

        DecodeResult<?> result = decoder.apply(flipped);

        assertThat(result).as(where).isInstanceOf(Rejected.class);
        FrameError error = ((Rejected<?>) result).error();
        if (offset == 0) {
          assertThat(error).as(where).isEqualTo(new BadStart(0, flipped[0] & 0xFF, "0xDD"));
        } else if (offset == 1) {
          assertThat(error).as(where).isInstanceOf(UnexpectedRegister.class);
          assertThat(((UnexpectedRegister) error).register()).isEqualTo(flipped[1] & 0xFF);
        } else if (offset == 3) {
          assertThat(error)
              .as(where)
              .isInstanceOf((flipped[3] & 0xFF) > len ? Truncated.class : BadLength.class);
        } else if (offset == original.length - 1) {
          assertThat(error).as(where).isInstanceOf(BadLength.class);
        } else if (offset >= checksumAt) {
          int flippedStored = storedChecksum ^ (1 << (bit + (offset == checksumAt ? 8 : 0)));
          assertThat(error)
              .as(where)
              .isEqualTo(new ChecksumMismatch(storedChecksum, flippedStored));
        } else {
          // status or data byte: the stored checksum is intact, the computed one moved
          assertThat(error).as(where).isInstanceOf(ChecksumMismatch.class);
          assertThat(((ChecksumMismatch) error).actual()).isEqualTo(storedChecksum);
          assertThat(((ChecksumMismatch) error).expected()).isNotEqualTo(storedChecksum);
        }
      }
    }
  }

  /**
   * Through the dispatching {@link JbdDecoder#decode(byte[])}, a flip of bit 0 of the register
   * turns a valid 0x04 cells frame into a valid-looking 0x05 hardware frame: the register byte is
   * outside the checksum, so the protocol itself cannot tell. Every other flip is rejected.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void dispatching_decoder_rejects_every_flip_except_cells_to_hardware_register(
      JbdVectors.Vector vector) {
    byte[] original = vector.frame();
    List<String> accepted = new ArrayList<>();

    for (int offset = 0; offset < original.length; offset++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = original.clone();
        flipped[offset] ^= (byte) (1 << bit);
        DecodeResult<JbdFrame> result = JbdDecoder.decode(flipped);
        if (result.isDecoded()) {
          accepted.add(offset + ":" + bit + "->0x" + Integer.toHexString(flipped[offset] & 0xFF));
        }
      }
    }

    if (vector.register() == JbdFrames.REG_CELLS) {
      assertThat(accepted).containsExactly("1:0->0x5");
    } else {
      assertThat(accepted).isEmpty();
    }
  }

  private static Function<byte[], DecodeResult<?>> decoderFor(int register) {
    switch (register) {
      case JbdFrames.REG_BASIC_INFO:
        return JbdDecoder::decodeBasicInfo;
      case JbdFrames.REG_CELLS:
        return JbdDecoder::decodeCells;
      case JbdFrames.REG_HARDWARE:
        return JbdDecoder::decodeHardware;
      case JbdFrames.REG_ERROR_COUNTS:
        return JbdDecoder::decodeErrorCounts;
      default:
        throw new IllegalArgumentException("no vector register 0x" + Integer.toHexString(register));
    }
  }
}
