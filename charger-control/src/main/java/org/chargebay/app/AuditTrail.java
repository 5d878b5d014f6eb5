package org.chargebay.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.jboss.logging.Logger;

/**
 * Records every command a person gave through the API as a {@link CommandAudited} event in the
 * journal's stream {@value CommandAudited#STREAM} (so the Kafka relay publishes it like every other
 * event), and reads the trail back from there. The user commands of the command line write to the
 * same stream. An audit table of an older release is moved into the stream when the controller
 * starts ({@code SqliteAuditLog.migrateToJournal}).
 *
 * <p>Its time is the wall clock (UTC), not the bays' controller clock: the audit says when a person
 * acted, comparable with access logs, also while the demo runs its clock fast.
 */
@ApplicationScoped
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class);

  @Inject BayRegistry registry;

  private final Clock clock = Clock.systemUTC();

  /**
   * Actions recorded by the API (the user commands record {@code user_added}/{@code user_changed}/
   * {@code user_removed}).
   */
  public static final String START = "charge_start";

  public static final String STOP = "charge_stop";
  public static final String ACKNOWLEDGE = "fault_acknowledge";
  public static final String CEILING = "ceiling_adjust";
  public static final String BAY_CONFIGURE = "bay_configure";
  public static final String BAY_REMOVE = "bay_remove";

  /**
   * An entry of the trail.
   *
   * @param position its sequence in the stream {@value CommandAudited#STREAM}: grows by one per
   *     entry, from 1 (an entry moved from an older release's audit table keeps its row's position)
   * @param event what was recorded
   */
  public record Entry(long position, CommandAudited event) {}

  /**
   * Appends one entry; {@code outcome} is {@code done} or {@code refused}.
   *
   * @throws jakarta.ws.rs.WebApplicationException 503 {@code journal_unavailable} if the journal
   *     cannot be written
   */
  public Entry record(Actor actor, String action, String target, String outcome, String detail) {
    CommandAudited event =
        new CommandAudited(
            clock.instant(), actor.name(), actor.from(), action, target, outcome, detail);
    long position;
    try {
      position =
          store()
              .append(CommandAudited.STREAM, ExpectedVersion.any(), List.of(event))
              .get(0)
              .sequence();
    } catch (EventStoreException e) {
      throw ErrorMappers.refusal(
          Response.Status.SERVICE_UNAVAILABLE,
          "journal_unavailable",
          "the audit entry of "
              + action
              + " "
              + target
              + " could not be recorded: "
              + e.getMessage());
    }
    LOG.infof(
        "audit #%d: %s from %s %s %s: %s (%s)",
        position, actor.name(), actor.from(), action, target, outcome, detail);
    return new Entry(position, event);
  }

  /** Entries after {@code position}, oldest first, at most {@code limit}. */
  public List<Entry> read(long after, int limit) {
    if (after == Long.MAX_VALUE || limit <= 0) {
      return List.of();
    }
    EventCodec codec = EventCodec.standard();
    return store().readStream(CommandAudited.STREAM, after + 1).stream()
        .limit(limit)
        .map(e -> new Entry(e.sequence(), (CommandAudited) codec.decode(e)))
        .toList();
  }

  private EventStore store() {
    return registry
        .store()
        .orElseThrow(
            () ->
                ErrorMappers.refusal(
                    Response.Status.SERVICE_UNAVAILABLE,
                    "journal_unavailable",
                    registry
                        .startupError()
                        .map(e -> "the controller did not start: " + e)
                        .orElse("the journal is not open")));
  }
}
