package org.chargebay.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing. Failed logins are counted per key (the user name tried, and the
 * client address, as separate keys): the first {@code freeFailures} in a row cost nothing, then
 * every further failure locks the key for twice as long as the one before ({@code firstLock},
 * doubling, at most {@code maxLock}). While a key is locked, a login naming it is refused without
 * looking at the password. A successful login clears the user name's count (not the address's: one
 * valid account must not reset the guessing budget for the others). A key unseen for {@code
 * maxLock} after its last failure is forgotten.
 *
 * <p>Pure except for its own state: the caller passes the time. Thread-safe.
 */
public final class LoginThrottle {

  /** At most this many keys are tracked; the oldest is dropped first. */
  static final int MAX_KEYS = 10_000;

  private final int freeFailures;
  private final Duration firstLock;
  private final Duration maxLock;
  private final Map<String, Failures> byKey = new LinkedHashMap<>(16, 0.75f, true);

  private record Failures(int count, Instant last, Instant lockedUntil) {}

  /**
   * @param freeFailures failures in a row before the first lock, at least 1
   * @param firstLock the first lock, positive
   * @param maxLock the longest lock, at least {@code firstLock}
   */
  public LoginThrottle(int freeFailures, Duration firstLock, Duration maxLock) {
    if (freeFailures < 1 || firstLock.isNegative() || firstLock.isZero()) {
      throw new IllegalArgumentException("freeFailures >= 1 and a positive firstLock needed");
    }
    if (maxLock.compareTo(firstLock) < 0) {
      throw new IllegalArgumentException("maxLock must be at least firstLock");
    }
    this.freeFailures = freeFailures;
    this.firstLock = firstLock;
    this.maxLock = maxLock;
  }

  /** How long a login naming any of {@code keys} must still wait; empty when it may try now. */
  public synchronized Optional<Duration> lockedFor(Instant now, String... keys) {
    Duration longest = Duration.ZERO;
    for (String key : keys) {
      Failures f = byKey.get(key);
      if (f != null && f.lockedUntil().isAfter(now)) {
        Duration left = Duration.between(now, f.lockedUntil());
        if (left.compareTo(longest) > 0) {
          longest = left;
        }
      }
    }
    return longest.isZero() ? Optional.empty() : Optional.of(longest);
  }

  /** Counts a failed login against every key. */
  public synchronized void failed(Instant now, String... keys) {
    forgetOld(now);
    for (String key : keys) {
      Failures before = byKey.get(key);
      int count = before == null ? 1 : before.count() + 1;
      Instant lockedUntil = now;
      if (count > freeFailures) {
        lockedUntil = now.plus(lockAfter(count - freeFailures));
      }
      byKey.put(key, new Failures(count, now, lockedUntil));
    }
    while (byKey.size() > MAX_KEYS) {
      Iterator<String> oldest = byKey.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Clears the count of {@code key} (the user name that just logged in). */
  public synchronized void succeeded(String key) {
    byKey.remove(key);
  }

  /** The lock after the {@code n}-th failure past the free ones (n >= 1). */
  Duration lockAfter(int n) {
    Duration lock = firstLock;
    for (int i = 1; i < n && lock.compareTo(maxLock) < 0; i++) {
      lock = lock.multipliedBy(2);
    }
    return lock.compareTo(maxLock) > 0 ? maxLock : lock;
  }

  private void forgetOld(Instant now) {
    byKey
        .values()
        .removeIf(f -> f.lockedUntil().isBefore(now) && f.last().plus(maxLock).isBefore(now));
  }
}
