package org.chargebay.bms;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A frame that failed a check. Keeps the offending bytes for logs and diagnostics.
 *
 * <p>The array is copied on the way in and out, and {@link #equals}, {@link #hashCode} and {@link
 * #toString} use the array content (as lower-case hex), so two rejections of the same bytes for the
 * same reason are equal.
 *
 * @param error why the frame was refused (the first check that failed)
 * @param frame the candidate frame exactly as received
 * @param <T> the value type the frame would have decoded to
 */
public record Rejected<T>(FrameError error, byte[] frame) implements DecodeResult<T> {

  public Rejected {
    Objects.requireNonNull(error, "error");
    frame = frame.clone();
  }

  /** A copy of the rejected bytes. */
  @Override
  public byte[] frame() {
    return frame.clone();
  }

  /** The rejected bytes as lower-case hex without separators. */
  public String hex() {
    return HexFormat.of().formatHex(frame);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Rejected<?> that
        && error.equals(that.error)
        && Arrays.equals(frame, that.frame);
  }

  @Override
  public int hashCode() {
    return 31 * error.hashCode() + Arrays.hashCode(frame);
  }

  @Override
  public String toString() {
    return "Rejected[error=" + error + ", frame=" + hex() + "]";
  }
}
