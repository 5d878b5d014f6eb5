package org.chargebay.app.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web page's logins: a random token in an HttpOnly, SameSite=Strict cookie, mapped here to the
 * user name. Held in memory only (a restart logs everyone out) and ended by logout, by {@code
 * chargebay.auth.session-timeout} without use, or by the account's removal (checked on every
 * request).
 */
@ApplicationScoped
public class PageSessions {
  /** The cookie's name. */
  public static final String COOKIE = "chargebay_session";

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject AuthConfig config;

  private final Clock clock = Clock.systemUTC();
  private final Map<String, Entry> byToken = new ConcurrentHashMap<>();

  private record Entry(String user, Instant lastUse) {}

  /** A new session for {@code user}; the token goes into the cookie. */
  public String open(String user) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    byToken.values().removeIf(e -> expired(e, now));
    byToken.put(token, new Entry(user, now));
    return token;
  }

  /** The user of a live session, refreshing its timeout. */
  public Optional<String> user(String token) {
    Instant now = clock.instant();
    Entry e = byToken.get(token);
    if (e == null) {
      return Optional.empty();
    }
    if (expired(e, now)) {
      byToken.remove(token);
      return Optional.empty();
    }
    byToken.put(token, new Entry(e.user(), now));
    return Optional.of(e.user());
  }

  /** Ends a session; unknown tokens are ignored. */
  public void close(String token) {
    byToken.remove(token);
  }

  private boolean expired(Entry e, Instant now) {
    return e.lastUse().plus(config.sessionTimeout()).isBefore(now);
  }
}
