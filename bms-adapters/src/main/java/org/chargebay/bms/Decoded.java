package org.chargebay.bms;

import java.util.Objects;

/**
 * A frame that passed every check (delimiters, length, checksum, status, fields).
 *
 * @param value the decoded value, immutable
 * @param <T> the decoded value type
 */
public record Decoded<T>(T value) implements DecodeResult<T> {
  public Decoded {
    Objects.requireNonNull(value, "value");
  }
}
