package org.chargebay.bms;

import java.util.HexFormat;
import java.util.Objects;

/**
 * One wire frame a snapshot was decoded from, as lower-case hex (immutable and printable, unlike a
 * byte array).
 *
 * @param hex the frame's bytes, two lower-case hex digits each, no separators
 */
public record RawFrame(String hex) {

  public RawFrame {
    Objects.requireNonNull(hex, "hex");
  }

  /** Wraps a copy of {@code bytes}. */
  public static RawFrame of(byte[] bytes) {
    return new RawFrame(HexFormat.of().formatHex(bytes));
  }

  /** A fresh copy of the bytes. */
  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }
}
