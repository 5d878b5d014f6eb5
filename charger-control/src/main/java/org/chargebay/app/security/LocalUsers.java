package org.chargebay.app.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.chargebay.auth.LoginThrottle;
import org.chargebay.auth.PasswordHashes;
import org.chargebay.auth.UserFile;
import org.chargebay.auth.UserFile.User;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The local accounts of {@code chargebay.auth.users-file}, re-read when the file changes (so {@code
 * ./chargebay users add|remove} takes effect without a restart), and the password check behind the
 * failed-login throttle. A user file that cannot be read keeps nobody logged in rather than the
 * previous accounts: a removed user must not keep access because the file is broken.
 */
@ApplicationScoped
public class LocalUsers {
  private static final Logger LOG = Logger.getLogger(LocalUsers.class);

  @Inject AuthConfig config;

  private Path file = Path.of("data/users");
  private LoginThrottle throttle =
      new LoginThrottle(5, Duration.ofSeconds(1), Duration.ofMinutes(15));
  private Clock clock = Clock.systemUTC();

  private @Nullable Object loadedStamp;
  private Map<String, User> users = Map.of();

  /** The outcome of a password check. */
  public sealed interface Login permits Accepted, Rejected, Throttled {}

  /** Name and password match. */
  public record Accepted(User user) implements Login {}

  /** Unknown name or wrong password (the caller must not say which). */
  public record Rejected() implements Login {}

  /**
   * Too many failures for this name or address: not checked; try again after {@code retryAfter}.
   */
  public record Throttled(Duration retryAfter) implements Login {}

  @PostConstruct
  void init() {
    file = Path.of(config.usersFile());
    AuthConfig.Throttle t = config.throttle();
    throttle = new LoginThrottle(t.freeFailures(), t.firstLock(), t.maxLock());
  }

  /** For tests: the clock the throttle reads. */
  void useClock(Clock clock) {
    this.clock = clock;
  }

  /**
   * Checks a name and password from {@code address}. Blocking (bcrypt takes a quarter second on
   * purpose): never call it on an event-loop thread.
   */
  public Login check(String name, char[] password, String address) {
    String nameKey = "user:" + name;
    String addressKey = "address:" + address;
    Optional<Duration> wait = throttle.lockedFor(clock.instant(), nameKey, addressKey);
    if (wait.isPresent()) {
      LOG.warnf("login of '%s' from %s refused: throttled for %s", name, address, wait.get());
      return new Throttled(wait.get());
    }
    User user = current().get(name);
    if (user != null && PasswordHashes.matches(user.passwordHash(), password)) {
      throttle.succeeded(nameKey);
      return new Accepted(user);
    }
    throttle.failed(clock.instant(), nameKey, addressKey);
    LOG.warnf("failed login of '%s' from %s", name, address);
    return new Rejected();
  }

  /** The account called {@code name} as the file says now (a session ends with its account). */
  public Optional<User> user(String name) {
    return Optional.ofNullable(current().get(name));
  }

  private synchronized Map<String, User> current() {
    Object stamp;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      stamp = a.lastModifiedTime() + "/" + a.size() + "/" + a.fileKey();
    } catch (NoSuchFileException e) {
      stamp = "absent";
    } catch (IOException e) {
      LOG.errorf("cannot read the user file %s: %s; nobody can log in with a password", file, e);
      loadedStamp = null;
      users = Map.of();
      return users;
    }
    if (!stamp.equals(loadedStamp)) {
      try {
        users = UserFile.read(file);
        LOG.infof("user file %s: %d users", file.toAbsolutePath(), users.size());
      } catch (UserFile.InvalidUserFileException e) {
        LOG.errorf("%s; nobody can log in with a password until it is fixed", e.getMessage());
        users = Map.of();
      }
      loadedStamp = stamp;
    }
    return users;
  }
}
