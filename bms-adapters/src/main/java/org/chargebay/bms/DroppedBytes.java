package org.chargebay.bms;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Bytes of a reply that a decoder set aside, and why. Replies read until a timeout (the Daly 0x95
 * and 0x96 multi-frame replies) may hold line noise, frames that lost bytes and a frame the read
 * stopped in; the decoder keeps the whole frames and reports the rest with this value instead of
 * refusing the reply outright.
 *
 * @param offset the first byte, counted from the first byte of the reply as read
 * @param length at least 1
 * @param reason why the bytes were set aside
 * @param frameNumber the frame number the bytes carry (Daly: byte 4) if they start like a frame of
 *     the requested data ID and reach that byte; null otherwise. It is checksum-protected only for
 *     {@link Reason#DUPLICATE} and {@link Reason#FRAME_NUMBER_ZERO}.
 */
public record DroppedBytes(int offset, int length, Reason reason, @Nullable Integer frameNumber) {

  public DroppedBytes {
    if (offset < 0 || length < 1) {
      throw new IllegalArgumentException("offset " + offset + ", length " + length);
    }
    Objects.requireNonNull(reason, "reason");
  }

  /** Why bytes were set aside. */
  public enum Reason {
    /** Bytes that start no frame: line noise, an echo, the tail of an earlier reply. */
    JUNK("junk", "not part of a frame"),
    /** A whole frame's length from a frame start on, but the checksum does not match. */
    CHECKSUM("checksum", "checksum mismatch"),
    /** A frame start followed by the next frame start less than a frame length later. */
    SHORT("cut short", "cut short: the next frame starts inside it"),
    /** A frame start too near the end of the reply: the read stopped inside the frame. */
    TRUNCATED("truncated", "truncated: the reply ends inside it"),
    /**
     * A frame length that passes the checksum, but the next frame starts inside it: a frame cut
     * short whose checksum matched by chance (1 in 256) cannot be told from a whole one, so it is
     * not used.
     */
    AMBIGUOUS(
        "a frame start inside it", "its checksum matches, but the next frame starts inside it"),
    /** A whole frame whose frame number an earlier whole frame of the reply already carried. */
    DUPLICATE("duplicate", "a repeated frame number; the first frame with it is kept"),
    /** A whole frame answering another data ID. */
    OTHER_COMMAND("other data ID", "a whole frame for another data ID"),
    /** A whole frame numbered 0 (frames count from 1; see {@code FrameError.BadField}). */
    FRAME_NUMBER_ZERO("frame number 0", "a whole frame numbered 0, but frames count from 1");

    private final String label;
    private final String explanation;

    Reason(String label, String explanation) {
      this.label = label;
      this.explanation = explanation;
    }

    /** A stable snake_case identifier for JSON and metrics, e.g. {@code checksum}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A few words for a list of causes, e.g. {@code "checksum"} in "frame 3 dropped (checksum)".
     */
    public String label() {
      return label;
    }

    /** One clause for an operator. */
    public String explanation() {
      return explanation;
    }

    /** True if the bytes may have been a frame of the reply that is now lost. */
    public boolean losesAFrame() {
      return this == CHECKSUM || this == SHORT || this == TRUNCATED || this == AMBIGUOUS;
    }
  }

  /**
   * One sentence, e.g. "11 bytes at offset 26 (frame 3): cut short: the next frame starts inside
   * it."
   */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%d byte%s at offset %d%s: %s.",
        length,
        length == 1 ? "" : "s",
        offset,
        frameNumber == null ? "" : " (frame " + frameNumber + ")",
        reason.explanation());
  }
}
