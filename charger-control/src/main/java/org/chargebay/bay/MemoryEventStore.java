package org.chargebay.bay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.ExpectedVersion;

/**
 * The journal of a replay or a simulation: one process, memory only, nothing durable. It passes the
 * same store contract as the SQLite journal, so a replayed decision meets the same expected-version
 * checks and all-or-nothing appends as a live one. Global positions are 1, 2, 3, ... in append
 * order. Thread-safe (one monitor); the replay itself uses it from one thread.
 */
public final class MemoryEventStore implements EventStore {
  private final EventCodec codec;
  private final List<EventEnvelope> all = new ArrayList<>();

  /** Each stream's highest sequence, so that an append does not scan the whole journal. */
  private final Map<String, Long> versions = new HashMap<>();

  /** An empty store (a simulation's journal). */
  public static MemoryEventStore empty(EventCodec codec) {
    return new MemoryEventStore(codec, List.of());
  }

  /**
   * A store holding {@code seed} (a recorded journal's events, in order), renumbered to global
   * positions 1, 2, 3, ...; their sequences are kept as recorded.
   */
  MemoryEventStore(EventCodec codec, List<EventEnvelope> seed) {
    this.codec = codec;
    for (EventEnvelope e : seed) {
      all.add(
          new EventEnvelope(
              e.streamId(),
              e.sequence(),
              all.size() + 1L,
              e.type(),
              e.schemaVersion(),
              e.occurredAt(),
              e.payload()));
      versions.merge(e.streamId(), e.sequence(), Math::max);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every event is encoded before any is stored, so an event the codec refuses fails the whole
   * call and stores nothing.
   */
  @Override
  public synchronized List<EventEnvelope> append(
      String streamId, ExpectedVersion expected, List<ChargeEvent> events) {
    requireStreamId(streamId);
    Objects.requireNonNull(expected, "expected");
    List<ChargeEvent> batch = List.copyOf(events);
    List<EventCodec.Encoded> encoded = batch.stream().map(codec::encode).toList();
    long current = streamVersion(streamId);
    if (!expected.matches(current)) {
      throw new ConcurrentAppendException(streamId, expected, current);
    }
    List<EventEnvelope> stored = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      EventCodec.Encoded enc = encoded.get(i);
      EventEnvelope env =
          new EventEnvelope(
              streamId,
              ++current,
              all.size() + 1L,
              enc.type(),
              enc.schemaVersion(),
              batch.get(i).at(),
              enc.payload());
      all.add(env);
      stored.add(env);
    }
    if (!stored.isEmpty()) {
      versions.put(streamId, current);
    }
    return List.copyOf(stored);
  }

  @Override
  public synchronized List<EventEnvelope> readStream(String streamId, long fromSequence) {
    requireStreamId(streamId);
    return all.stream()
        .filter(e -> e.streamId().equals(streamId) && e.sequence() >= fromSequence)
        .toList();
  }

  @Override
  public synchronized List<EventEnvelope> readAll(long afterPosition, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    return all.stream().filter(e -> e.globalPosition() > afterPosition).limit(limit).toList();
  }

  @Override
  public synchronized long streamVersion(String streamId) {
    requireStreamId(streamId);
    return versions.getOrDefault(streamId, 0L);
  }

  @Override
  public synchronized List<String> streamIds() {
    return List.copyOf(new TreeSet<>(all.stream().map(EventEnvelope::streamId).toList()));
  }

  /** Nothing to release. */
  @Override
  public void close() {}

  private static void requireStreamId(String streamId) {
    Objects.requireNonNull(streamId, "streamId");
    if (streamId.isEmpty()) {
      throw new IllegalArgumentException("streamId must not be empty");
    }
  }
}
