package org.chargebay.bms.transport;

import java.util.function.Function;
import org.chargebay.bms.DecodeResult;

/**
 * A decoded value with the frame it came from.
 *
 * @param value the decoded value
 * @param raw the frame as received
 */
record Framed<T>(T value, byte[] raw) {

  /** Wraps a decoder so that its result keeps the raw frame. */
  static <T> Function<byte[], DecodeResult<Framed<T>>> keep(
      Function<byte[], DecodeResult<T>> decoder) {
    return frame -> decoder.apply(frame).map(v -> new Framed<>(v, frame));
  }
}
