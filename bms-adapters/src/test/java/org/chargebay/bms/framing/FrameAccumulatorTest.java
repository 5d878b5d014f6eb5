package org.chargebay.bms.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrameSpec;
import org.chargebay.bms.jbd.JbdFrames;
import org.chargebay.bms.jbd.JbdVectors;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FrameAccumulatorTest {

  /**
   * Line noise with two false starts: {@code DD 03 00 05} announces a 12-byte frame that does not
   * end in 0x77, and {@code DD 11 22} has a status byte no response carries.
   */
  private static final byte[] GARBAGE = JbdVectors.hex("00 ff 77 dd 03 00 05 77 13 dd 11 22 5a");

  static List<JbdVectors.Vector> vectors() {
    return JbdVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void every_chunk_size_yields_the_same_frame_and_decode(JbdVectors.Vector vector) {
    byte[] frame = vector.frame();
    Object direct = JbdDecoder.decode(frame);

    for (int size = 1; size <= frame.length; size++) {
      FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.RESPONSE);

      List<byte[]> out = feedAll(accumulator, partitions(frame, size));

      assertThat(out).as("chunk size %d", size).hasSize(1);
      assertThat(out.get(0)).as("chunk size %d", size).isEqualTo(frame);
      assertThat(JbdDecoder.decode(out.get(0))).isEqualTo(direct);
      assertThat(accumulator.state()).isEqualTo(new FrameAccumulator.Hunting());
      assertThat(accumulator.buffered()).isZero();
      assertThat(accumulator.discardedBytes()).isZero();
    }
  }

  @Test
  void garbage_before_and_between_frames_is_skipped_at_every_chunk_size() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<byte[]> frames = new ArrayList<>();
    for (JbdVectors.Vector vector : JbdVectors.all()) {
      stream.writeBytes(GARBAGE);
      stream.writeBytes(vector.frame());
      frames.add(vector.frame());
    }
    byte[] bytes = stream.toByteArray();

    for (int size = 1; size <= bytes.length; size++) {
      FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.RESPONSE);

      List<byte[]> out = feedAll(accumulator, partitions(bytes, size));

      assertThat(out).as("chunk size %d", size).containsExactlyElementsOf(frames);
      assertThat(accumulator.discardedBytes())
          .as("chunk size %d", size)
          .isEqualTo((long) GARBAGE.length * frames.size());
    }
  }

  @Test
  void a_false_start_announcing_a_long_frame_gives_back_the_frames_it_covered() {
    byte[] falseStart = JbdVectors.hex("dd 03 00 ff"); // announces 262 bytes
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(falseStart);
    List<byte[]> frames = new ArrayList<>();
    while (stream.size() < JbdFrameSpec.RESPONSE.maxFrameLength() + 40) {
      for (JbdVectors.Vector vector : JbdVectors.all()) {
        stream.writeBytes(vector.frame());
        frames.add(vector.frame());
      }
    }
    FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.RESPONSE);

    List<byte[]> out = accumulator.feed(stream.toByteArray());

    assertThat(out).containsExactlyElementsOf(frames);
    assertThat(accumulator.discardedBytes()).isEqualTo(falseStart.length);
  }

  @Test
  void a_frame_cut_short_by_a_new_frame_is_dropped_and_the_new_one_kept() {
    byte[] first = JbdVectors.get("jbd-01").frame();
    byte[] second = JbdVectors.get("jbd-02").frame();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.write(first, 0, 10); // the gateway lost the rest of the first reply
    stream.writeBytes(second);
    stream.writeBytes(JbdVectors.get("jbd-06").frame()); // enough bytes to settle the first
    FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.RESPONSE);

    List<byte[]> out = accumulator.feed(stream.toByteArray());

    assertThat(out).containsExactly(second, JbdVectors.get("jbd-06").frame());
  }

  @Test
  void the_buffer_stays_bounded_under_endless_garbage() {
    FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.RESPONSE);
    byte[] noise = new byte[10_000];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (byte) (i % 7 == 0 ? 0xDD : i * 31); // many false starts
    }

    for (int round = 0; round < 20; round++) {
      assertThat(accumulator.feed(noise)).isEmpty();
      assertThat(accumulator.buffered()).isLessThan(JbdFrameSpec.RESPONSE.maxFrameLength());
    }
    assertThat(accumulator.discardedBytes() + accumulator.buffered()).isEqualTo(200_000L);
  }

  @Test
  void a_chunk_larger_than_the_buffer_is_processed_in_slices() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      for (JbdVectors.Vector vector : JbdVectors.all()) {
        stream.writeBytes(vector.frame());
        frames.add(vector.frame());
      }
    }
    FrameAccumulator accumulator =
        new FrameAccumulator(JbdFrameSpec.RESPONSE, JbdFrameSpec.RESPONSE.maxFrameLength());

    assertThat(accumulator.feed(stream.toByteArray())).containsExactlyElementsOf(frames);
  }

  @Test
  void states_follow_the_bytes() {
    FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.RESPONSE);

    assertThat(accumulator.state()).isEqualTo(new FrameAccumulator.Hunting());
    accumulator.feed(JbdVectors.hex("dd 03"));
    assertThat(accumulator.state()).isEqualTo(new FrameAccumulator.AwaitingHeader());
    accumulator.feed(JbdVectors.hex("00 1d"));
    assertThat(accumulator.state()).isEqualTo(new FrameAccumulator.AwaitingBody(36));
    assertThat(accumulator.buffered()).isEqualTo(4);
    accumulator.reset();
    assertThat(accumulator.state()).isEqualTo(new FrameAccumulator.Hunting());
    assertThat(accumulator.buffered()).isZero();
  }

  @Test
  void request_spec_cuts_host_requests() {
    byte[] read = JbdFrames.readBasicInfo();
    byte[] write = JbdFrames.writeMosfets(false, true);
    byte[] stream = concat(read, JbdVectors.hex("dd 03 00 00"), write);
    FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.REQUEST);

    List<byte[]> out = feedAll(accumulator, partitions(stream, 3));

    assertThat(out).containsExactly(read, write);
  }

  @Test
  void refuses_a_buffer_smaller_than_one_frame() {
    assertThatThrownBy(() -> new FrameAccumulator(JbdFrameSpec.RESPONSE, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** {@code bytes} cut into chunks of {@code size} (the last one may be shorter). */
  static List<byte[]> partitions(byte[] bytes, int size) {
    List<byte[]> chunks = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += size) {
      chunks.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size)));
    }
    return chunks;
  }

  private static List<byte[]> feedAll(FrameAccumulator accumulator, List<byte[]> chunks) {
    List<byte[]> out = new ArrayList<>();
    for (byte[] chunk : chunks) {
      out.addAll(accumulator.feed(chunk));
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
