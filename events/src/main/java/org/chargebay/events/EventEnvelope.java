package org.chargebay.events;

import java.time.Instant;

/**
 * A stored event, shaped after CloudEvents.
 *
 * @param streamId {@code bay-<id>}
 * @param sequence 1-based, contiguous within the stream
 * @param globalPosition 1-based, set by the store that read the event: in the journal the
 *     journal-wide append order; from Kafka the record's partition and offset ({@link
 *     org.chargebay.events.store.kafka.KafkaPositions}), which order each stream but not streams on
 *     different partitions
 * @param type the event type name, e.g. {@code ChargeStarted}
 * @param schemaVersion the version of the payload's shape as written
 * @param occurredAt the event's own instant
 * @param payload the JSON body as written (before any upcasting)
 */
public record EventEnvelope(
    String streamId,
    long sequence,
    long globalPosition,
    String type,
    int schemaVersion,
    Instant occurredAt,
    String payload) {}
