package org.chargebay.events.store;

/** What the appender believes the stream's current version (last sequence) to be. */
public sealed interface ExpectedVersion {

  /** Append whatever the stream holds. */
  record Any() implements ExpectedVersion {}

  /** The stream must not exist yet (version 0). */
  record NoStream() implements ExpectedVersion {}

  /** The stream's last sequence must be exactly this (0 = empty). */
  record Exactly(long version) implements ExpectedVersion {
    public Exactly {
      if (version < 0) {
        throw new IllegalArgumentException("version must be >= 0, was " + version);
      }
    }
  }

  static ExpectedVersion any() {
    return new Any();
  }

  static ExpectedVersion noStream() {
    return new NoStream();
  }

  static ExpectedVersion exactly(long version) {
    return new Exactly(version);
  }
}
