package org.chargebay.app;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.chargebay.events.store.sqlite.SqliteAuditLog;
import org.chargebay.events.store.sqlite.SqliteAuditLog.Entry;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Records every command a person gave through the API in the journal file's audit table ({@link
 * SqliteAuditLog}). Its time is the wall clock (UTC), not the bays' controller clock: the audit
 * says when a person acted, comparable with access logs, also while the demo runs its clock fast.
 */
@ApplicationScoped
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class);

  @Inject ChargebayConfig config;

  private final Clock clock = Clock.systemUTC();
  private @Nullable SqliteAuditLog log;

  /**
   * Actions recorded by the API (the user commands record {@code user_added}/{@code user_removed}).
   */
  public static final String START = "charge_start";

  public static final String STOP = "charge_stop";
  public static final String ACKNOWLEDGE = "fault_acknowledge";
  public static final String CEILING = "ceiling_adjust";
  public static final String BAY_CONFIGURE = "bay_configure";
  public static final String BAY_REMOVE = "bay_remove";

  /** Appends one entry; {@code outcome} is {@code done} or {@code refused}. */
  public Entry record(Actor actor, String action, String target, String outcome, String detail) {
    Entry stored =
        log()
            .append(
                new Entry(
                    0,
                    clock.instant(),
                    actor.name(),
                    actor.from(),
                    action,
                    target,
                    outcome,
                    detail));
    LOG.infof(
        "audit #%d: %s from %s %s %s: %s (%s)",
        stored.position(), actor.name(), actor.from(), action, target, outcome, detail);
    return stored;
  }

  /** Entries after {@code position}, oldest first. */
  public List<Entry> read(long after, int limit) {
    return log().read(after, limit);
  }

  private synchronized SqliteAuditLog log() {
    if (log == null) {
      log = SqliteAuditLog.open(Path.of(config.journal().path()));
    }
    return log;
  }

  @PreDestroy
  synchronized void close() {
    if (log != null) {
      log.close();
      log = null;
    }
  }
}
