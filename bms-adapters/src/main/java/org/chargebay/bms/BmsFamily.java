package org.chargebay.bms;

import java.util.Locale;

/** The supported BMS families and their default serial speeds (PROTOCOLS.md, link lines). */
public enum BmsFamily {
  JBD(9600),
  JK(115200),
  DALY(9600),
  ANT(19200);

  private final int defaultBaud;

  BmsFamily(int defaultBaud) {
    this.defaultBaud = defaultBaud;
  }

  /** 8N1 speed the family's boards ship with. */
  public int defaultBaud() {
    return defaultBaud;
  }

  /** Lower-case name as used in URLs, config and the CLI. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code jbd}, {@code jk}, {@code daly} or {@code ant} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static BmsFamily parse(String family) {
    String f = family.trim().toUpperCase(Locale.ROOT);
    for (BmsFamily v : values()) {
      if (v.name().equals(f)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown BMS family '" + family + "'; expected one of jbd, jk, daly, ant");
  }
}
