package org.chargebay.bms;

import java.util.function.Function;

/**
 * The outcome of decoding one candidate frame: either a value or the reason the bytes were refused.
 * Decoders return this instead of throwing, because corrupt, truncated and foreign frames are
 * expected on a shared RS485 bus and are not exceptional.
 *
 * <p>Java 17 has no exhaustive pattern {@code switch}; dispatch with {@code instanceof Decoded} /
 * {@code instanceof Rejected}.
 *
 * @param <T> the decoded value type
 */
public sealed interface DecodeResult<T> permits Decoded, Rejected {

  /** Wraps a successfully decoded value. */
  static <T> DecodeResult<T> decoded(T value) {
    return new Decoded<>(value);
  }

  /** Wraps a refusal; the frame bytes are copied. */
  static <T> DecodeResult<T> rejected(FrameError error, byte[] frame) {
    return new Rejected<>(error, frame);
  }

  /** True for {@link Decoded}. */
  default boolean isDecoded() {
    return this instanceof Decoded;
  }

  /**
   * Transforms a decoded value and passes a rejection through unchanged (with its new type).
   *
   * @param mapper applied to the value of a {@link Decoded}; never called for a {@link Rejected}
   */
  default <U> DecodeResult<U> map(Function<? super T, ? extends U> mapper) {
    if (this instanceof Decoded<T> decoded) {
      return new Decoded<>(mapper.apply(decoded.value()));
    }
    if (this instanceof Rejected<T> rejected) {
      return new Rejected<>(rejected.error(), rejected.frame());
    }
    throw new IllegalStateException("unhandled DecodeResult " + getClass());
  }
}
