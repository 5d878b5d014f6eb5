package org.chargebay.app.security;

import io.quarkus.security.AuthenticationFailedException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A login refused unchecked because of earlier failures: an {@link AuthenticationFailedException}
 * (final in Quarkus) carrying the seconds to wait, answered 429 with {@code Retry-After}.
 */
public final class LoginThrottledException {
  private static final String RETRY_AFTER = "chargebay.retry-after-seconds";

  private LoginThrottledException() {}

  /** The failure for a login that must wait {@code wait}. */
  public static AuthenticationFailedException of(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new AuthenticationFailedException(
        "too many failed logins for this name or address; try again in " + seconds + " s",
        Map.of(RETRY_AFTER, seconds));
  }

  /** The whole seconds to wait, when {@code e} is a throttled login. */
  public static OptionalLong retryAfterSeconds(AuthenticationFailedException e) {
    Object seconds = e.getAttributes() == null ? null : e.getAttributes().get(RETRY_AFTER);
    return seconds instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
  }
}
