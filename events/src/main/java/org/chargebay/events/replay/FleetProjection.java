package org.chargebay.events.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;

/**
 * Every bay's status and session history, rebuilt from any {@link EventStore}: the local journal
 * or, at depot level, the {@link org.chargebay.events.store.kafka.KafkaEventStore} view of the
 * shared topic. It folds with {@link Fold} and {@link SessionHistory#evolve}, the same code as the
 * local replay, so the two agree event for event.
 */
public final class FleetProjection {

  /**
   * One bay as the log tells it.
   *
   * @param streamId {@code bay-<id>}
   * @param version the last sequence folded
   * @param lastEventAt when the last event was decided
   * @param history every session of the bay
   */
  public record BayView(
      String streamId, long version, java.time.Instant lastEventAt, SessionHistory history) {

    /**
     * The phase of the bay: the open session's, or that of the last session ({@code IDLE} if none).
     */
    public Phase phase() {
      List<SessionHistory.Session> sessions = history.sessions();
      return sessions.isEmpty() ? Phase.IDLE : sessions.get(sessions.size() - 1).phase();
    }

    /** The open session, if any. */
    public Optional<SessionHistory.Session> current() {
      return history.current();
    }
  }

  private FleetProjection() {}

  /** Only streams named so are bays ({@code bay-<id>}). */
  static final String BAY_STREAM_PREFIX = "bay-";

  /** Events read per {@link EventStore#readAll} page while folding. */
  static final int PAGE = 1_000;

  /**
   * Every bay stream ({@code bay-<id>}) of the store, folded, sorted by stream id; a mutable copy.
   *
   * <p>Streams the store with {@link EventStore#readAll} one page at a time and folds each event
   * into its bay's view as it comes, so memory is one page plus one view per bay, never the whole
   * log. Needs only each stream's events in sequence order from {@code readAll}, which every store
   * gives (the Kafka store orders streams on different partitions arbitrarily).
   */
  public static Map<String, BayView> of(EventStore store, EventCodec codec) {
    Objects.requireNonNull(codec, "codec");
    Map<String, BayView> views = new TreeMap<>();
    long after = 0;
    while (true) {
      List<EventEnvelope> page = store.readAll(after, PAGE);
      for (EventEnvelope e : page) {
        after = e.globalPosition();
        if (!e.streamId().startsWith(BAY_STREAM_PREFIX)) {
          continue; // the configuration and pack streams are not bays
        }
        ChargeEvent event = codec.decode(e);
        BayView before = views.get(e.streamId());
        SessionHistory history = before == null ? SessionHistory.empty() : before.history();
        if (before != null && e.sequence() != before.version() + 1) {
          throw new IllegalStateException(
              "stream "
                  + e.streamId()
                  + " read out of order: "
                  + e.sequence()
                  + " after "
                  + before.version());
        }
        views.put(
            e.streamId(),
            new BayView(e.streamId(), e.sequence(), e.occurredAt(), history.evolve(event)));
      }
      if (page.size() < PAGE) {
        return new LinkedHashMap<>(views);
      }
    }
  }
}
