package org.chargebay.events.store;

/**
 * What the appender believes the stream's current version (last sequence) to be. Every store checks
 * it with {@link #matches} inside the same atomic step as the write, so a decision taken on a stale
 * fold is refused with {@link ConcurrentAppendException} instead of being recorded.
 */
public sealed interface ExpectedVersion {

  /**
   * Whether an append with this expectation may go to a stream whose last sequence is {@code
   * currentVersion}.
   *
   * @param currentVersion the stream's last sequence, 0 if it has no events; {@code >= 0}
   * @throws IllegalArgumentException if {@code currentVersion < 0} (no stream has such a version; a
   *     store that computes one is broken and must not append)
   */
  boolean matches(long currentVersion);

  /** Append whatever the stream holds. */
  record Any() implements ExpectedVersion {
    @Override
    public boolean matches(long currentVersion) {
      requireVersion(currentVersion);
      return true;
    }
  }

  /** The stream must not exist yet (version 0). */
  record NoStream() implements ExpectedVersion {
    @Override
    public boolean matches(long currentVersion) {
      return requireVersion(currentVersion) == 0;
    }
  }

  /** The stream's last sequence must be exactly this (0 = empty). */
  record Exactly(long version) implements ExpectedVersion {
    public Exactly {
      if (version < 0) {
        throw new IllegalArgumentException("version must be >= 0, was " + version);
      }
    }

    @Override
    public boolean matches(long currentVersion) {
      return requireVersion(currentVersion) == version;
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

  private static long requireVersion(long currentVersion) {
    if (currentVersion < 0) {
      throw new IllegalArgumentException("current version must be >= 0, was " + currentVersion);
    }
    return currentVersion;
  }
}
