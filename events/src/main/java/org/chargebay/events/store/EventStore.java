package org.chargebay.events.store;

import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;

/**
 * An append-only log of streams. Appends are atomic per call: all events of one call are stored
 * with contiguous sequences, or none is. What {@link #append} returned is durable.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Appends events to a stream.
   *
   * @return the stored envelopes, in order
   * @throws ConcurrentAppendException if the stream is not at the expected version
   */
  List<EventEnvelope> append(String streamId, ExpectedVersion expected, List<ChargeEvent> events);

  /** The stream's events with sequence {@code >= fromSequence}, in order (1-based). */
  List<EventEnvelope> readStream(String streamId, long fromSequence);

  /**
   * Events of all streams with global position {@code > afterPosition}, in position order, at most
   * {@code limit}. Each stream's events are always in sequence order. Whether events of different
   * streams are in append order depends on the store: the journal's are; a Kafka topic with several
   * partitions orders them partition by partition ({@link
   * org.chargebay.events.store.kafka.KafkaPositions}).
   */
  List<EventEnvelope> readAll(long afterPosition, int limit);

  /** The stream's last sequence, 0 if it has none. */
  long streamVersion(String streamId);

  /** The ids of every stream, sorted. */
  List<String> streamIds();

  @Override
  void close();
}
