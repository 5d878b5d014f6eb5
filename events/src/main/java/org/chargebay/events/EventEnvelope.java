package org.chargebay.events;

import java.time.Instant;

/**
 * A stored event, shaped after CloudEvents.
 *
 * @param streamId {@code bay-<id>}
 * @param sequence 1-based, contiguous within the stream
 * @param globalPosition 1-based, the journal-wide order
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
