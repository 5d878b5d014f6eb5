package org.chargebay.events.store;

import java.util.List;

/**
 * A journal read as stored bytes, for the outbox relay: copying an event to Kafka needs no {@code
 * String} or {@code Instant} of it, and building them was most of the relay's journal read. The
 * relay depends on this interface, not on the journal's implementation, so the Kafka code does not
 * know how the journal stores its rows.
 *
 * <p>Implementations must be safe to call from the relay's thread while other threads append.
 */
public interface RawJournal {

  /**
   * The same events as {@link EventStore#readAll}, in the same order, as their stored bytes.
   *
   * @param afterPosition 0 to read from the start
   * @param limit at most this many events, {@code >= 0}
   * @throws IllegalArgumentException if {@code limit < 0}
   * @throws EventStoreException if the journal cannot be read, or an event's {@code occurredAt}
   *     cannot be read as an instant
   */
  List<RawEvent> readAllRaw(long afterPosition, int limit);

  /**
   * The global position of the last stored event, 0 if the journal is empty; the relay's lag is
   * this minus what it has acknowledged.
   *
   * @throws EventStoreException if the journal cannot be read
   */
  long lastPosition();
}
