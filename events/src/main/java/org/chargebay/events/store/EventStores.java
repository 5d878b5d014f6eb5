package org.chargebay.events.store;

import java.util.List;
import java.util.Objects;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.codec.EventCodec;

/**
 * Helpers over any {@link EventStore}. The store itself deals in envelopes only, so that a stored
 * event it cannot decode (a newer release wrote it, the payload is corrupt) can still be read,
 * relayed and inspected; decoding is the reader's step.
 */
public final class EventStores {

  private EventStores() {}

  /**
   * Every event of a stream, decoded, in sequence order; empty if the stream does not exist.
   *
   * @throws org.chargebay.events.codec.EventCodecException if an event cannot be decoded (the
   *     message names its stream, sequence and type)
   */
  public static List<ChargeEvent> readEvents(EventStore store, EventCodec codec, String streamId) {
    return readEvents(store, codec, streamId, 1);
  }

  /**
   * The events of a stream with sequence {@code >= fromSequence}, decoded, in sequence order.
   *
   * @throws org.chargebay.events.codec.EventCodecException if an event cannot be decoded
   */
  public static List<ChargeEvent> readEvents(
      EventStore store, EventCodec codec, String streamId, long fromSequence) {
    Objects.requireNonNull(codec, "codec");
    return store.readStream(streamId, fromSequence).stream().map(codec::decode).toList();
  }
}
