package org.chargebay.app.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code chargebay.auth.*}: who may log in, and how hard guessing is made. */
@ConfigMapping(prefix = "chargebay.auth")
public interface AuthConfig {

  /**
   * The local user file ({@code name:role:bcrypt-hash} lines), managed with {@code ./chargebay
   * users}. A missing file means no local users (OIDC or anonymous read may still apply).
   */
  @WithDefault("data/users")
  String usersFile();

  /**
   * Read access (status, events, streams, audit) without a login. Unset: on for the demo, off for
   * configured bays. Mutating calls always need a login.
   */
  Optional<Boolean> anonymousRead();

  /** How long a page login lasts without activity. */
  @WithDefault("8h")
  Duration sessionTimeout();

  Throttle throttle();

  /** See {@code org.chargebay.auth.LoginThrottle}. */
  interface Throttle {
    /** Failed logins in a row (per user name and per client address) before the first lock. */
    @WithDefault("5")
    int freeFailures();

    /** The first lock; each further failure doubles it. */
    @WithDefault("1s")
    Duration firstLock();

    /** The longest lock. */
    @WithDefault("15m")
    Duration maxLock();
  }
}
