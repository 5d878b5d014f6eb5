package org.chargebay.bms.framing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts candidate frames out of a byte stream that arrives in chunks of any size: a serial read, a
 * TCP segment, a 20-byte BLE notification, or one byte at a time.
 *
 * <p>It resynchronises on its own: bytes before a start byte are skipped; a header the {@link
 * FrameSpec} refuses, or a frame of the announced length that does not end as it must, costs only
 * its first byte, and the hunt for the next start byte resumes right after it (over bytes already
 * buffered). The buffer is bounded ({@code 2 * maxFrameLength} by default), so garbage cannot grow
 * it.
 *
 * <p>Emitted frames are <em>candidates</em>: delimiters and length fit, but checksum, status and
 * fields are for the family's decoder to check.
 *
 * <p>Not thread-safe: one accumulator per stream, fed by one reader.
 */
public final class FrameAccumulator {

  /** Where the accumulator is between chunks. Only for observation; it never needs to be set. */
  public sealed interface State {}

  /** Skipping bytes until a start byte. The buffer is empty. */
  public record Hunting() implements State {}

  /** A start byte is buffered; waiting for the rest of the header. */
  public record AwaitingHeader() implements State {}

  /**
   * The header announced a frame; waiting for all of it.
   *
   * @param frameLength total bytes of the announced frame, start to end byte
   */
  public record AwaitingBody(int frameLength) implements State {}

  private static final State HUNTING = new Hunting();
  private static final State AWAITING_HEADER = new AwaitingHeader();

  private final FrameSpec spec;
  private final byte[] buffer;
  private int head;
  private int tail;
  private State state = HUNTING;
  private long discardedBytes;

  /** An accumulator whose buffer holds two maximum-length frames. */
  public FrameAccumulator(FrameSpec spec) {
    this(spec, 2 * spec.maxFrameLength());
  }

  /**
   * An accumulator with an explicit buffer size.
   *
   * @param capacity bytes; at least {@code spec.maxFrameLength()}
   */
  public FrameAccumulator(FrameSpec spec, int capacity) {
    this.spec = Objects.requireNonNull(spec, "spec");
    if (capacity < spec.maxFrameLength()) {
      throw new IllegalArgumentException(
          "capacity " + capacity + " is below the maximum frame length " + spec.maxFrameLength());
    }
    this.buffer = new byte[capacity];
  }

  /** Feeds a whole chunk; see {@link #feed(byte[], int, int)}. */
  public List<byte[]> feed(byte[] chunk) {
    return feed(chunk, 0, chunk.length);
  }

  /**
   * Appends {@code length} bytes of {@code chunk} from {@code offset} and returns every frame
   * completed by them, oldest first (often none). A frame split across chunks is returned by the
   * chunk that completes it.
   *
   * @return fresh arrays the caller owns; empty if no frame completed
   */
  public List<byte[]> feed(byte[] chunk, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, chunk.length);
    List<byte[]> frames = new ArrayList<>(1);
    int position = offset;
    int end = offset + length;
    while (position < end) {
      compact();
      int slice = Math.min(end - position, buffer.length - tail);
      System.arraycopy(chunk, position, buffer, tail, slice);
      tail += slice;
      position += slice;
      drain(frames);
    }
    return frames;
  }

  /** Drops everything buffered and starts hunting again (e.g. after reconnecting). */
  public void reset() {
    head = 0;
    tail = 0;
    state = HUNTING;
  }

  /** The current state. */
  public State state() {
    return state;
  }

  /** Bytes held for an incomplete frame, 0 to {@code maxFrameLength - 1}. */
  public int buffered() {
    return tail - head;
  }

  /** Bytes skipped so far as garbage or false starts (a health signal for the link). */
  public long discardedBytes() {
    return discardedBytes;
  }

  /** Runs the state machine over the buffered bytes until it needs more input. */
  private void drain(List<byte[]> frames) {
    while (true) {
      if (state instanceof Hunting) {
        int start = head;
        while (start < tail && !spec.isStart(buffer[start])) {
          start++;
        }
        discard(start - head);
        if (head == tail) {
          return;
        }
        state = AWAITING_HEADER;
      } else if (state instanceof AwaitingHeader) {
        if (tail - head < spec.headerLength()) {
          return;
        }
        int frameLength = spec.frameLength(buffer, head);
        if (frameLength < 1 || frameLength > spec.maxFrameLength()) {
          discard(1); // a false start: resume hunting right after it
          state = HUNTING;
        } else {
          state = new AwaitingBody(frameLength);
        }
      } else if (state instanceof AwaitingBody body) {
        int frameLength = body.frameLength();
        if (tail - head < frameLength) {
          return;
        }
        if (spec.hasValidEnd(buffer, head, frameLength)) {
          frames.add(Arrays.copyOfRange(buffer, head, head + frameLength));
          head += frameLength;
        } else {
          discard(1); // wrong length or false start: rescan the bytes after the start byte
        }
        state = HUNTING;
      } else {
        throw new IllegalStateException("unhandled state " + state);
      }
    }
  }

  private void discard(int count) {
    head += count;
    discardedBytes += count;
    if (head == tail) {
      head = 0;
      tail = 0;
    }
  }

  private void compact() {
    if (head > 0) {
      System.arraycopy(buffer, head, buffer, 0, tail - head);
      tail -= head;
      head = 0;
    }
  }
}
