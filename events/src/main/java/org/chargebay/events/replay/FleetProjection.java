package org.chargebay.events.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
  public record BayView(String streamId, long version, java.time.Instant lastEventAt, SessionHistory history) {

    /** The phase of the bay: the open session's, or that of the last session ({@code IDLE} if none). */
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

  /** Every stream of the store, folded, in the store's (sorted) stream order; a mutable copy. */
  public static Map<String, BayView> of(EventStore store, EventCodec codec) {
    Objects.requireNonNull(codec, "codec");
    Map<String, BayView> views = new LinkedHashMap<>();
    for (String streamId : store.streamIds()) {
      List<EventEnvelope> envelopes = store.readStream(streamId, 1);
      List<ChargeEvent> events = envelopes.stream().map(codec::decode).toList();
      if (envelopes.isEmpty()) {
        continue;
      }
      EventEnvelope last = envelopes.get(envelopes.size() - 1);
      SessionHistory history = Fold.fold(SessionHistory.empty(), events, SessionHistory::evolve);
      views.put(streamId, new BayView(streamId, last.sequence(), last.occurredAt(), history));
    }
    return views;
  }
}
