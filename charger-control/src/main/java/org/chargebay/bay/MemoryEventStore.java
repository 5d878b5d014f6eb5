package org.chargebay.bay;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.ExpectedVersion;

/** The replay's journal: one process, memory only, single-threaded use. */
final class MemoryEventStore implements EventStore {
  private final EventCodec codec;
  private final List<EventEnvelope> all = new ArrayList<>();

  MemoryEventStore(EventCodec codec, List<EventEnvelope> seed) {
    this.codec = codec;
    for (EventEnvelope e : seed) {
      all.add(
          new EventEnvelope(
              e.streamId(), e.sequence(), all.size() + 1L, e.type(), e.schemaVersion(), e.occurredAt(), e.payload()));
    }
  }

  @Override
  public List<EventEnvelope> append(String streamId, ExpectedVersion expected, List<ChargeEvent> events) {
    long current = streamVersion(streamId);
    if (!expected.matches(current)) {
      throw new ConcurrentAppendException(streamId, expected, current);
    }
    List<EventEnvelope> stored = new ArrayList<>();
    for (ChargeEvent e : events) {
      EventCodec.Encoded enc = codec.encode(e);
      EventEnvelope env =
          new EventEnvelope(
              streamId, ++current, all.size() + 1L, enc.type(), enc.schemaVersion(), e.at(), enc.payload());
      all.add(env);
      stored.add(env);
    }
    return List.copyOf(stored);
  }

  @Override
  public List<EventEnvelope> readStream(String streamId, long fromSequence) {
    return all.stream().filter(e -> e.streamId().equals(streamId) && e.sequence() >= fromSequence).toList();
  }

  @Override
  public List<EventEnvelope> readAll(long afterPosition, int limit) {
    return all.stream().filter(e -> e.globalPosition() > afterPosition).limit(limit).toList();
  }

  @Override
  public long streamVersion(String streamId) {
    return all.stream().filter(e -> e.streamId().equals(streamId)).mapToLong(EventEnvelope::sequence).max().orElse(0);
  }

  @Override
  public List<String> streamIds() {
    return List.copyOf(new TreeSet<>(all.stream().map(EventEnvelope::streamId).toList()));
  }

  @Override
  public void close() {}
}
