package org.chargebay.events.store;

import org.chargebay.events.codec.IsoInstants;

/**
 * One journal event as stored, for a relay that copies it elsewhere without decoding it: the text
 * columns as their UTF-8 bytes (no {@code String} decoding), {@code occurredAt} as ASCII in exactly
 * the form {@link IsoInstants#format} writes. The arrays are the caller's; records compare them by
 * reference.
 *
 * @param globalPosition the event's position in the journal, {@code >= 1}
 * @param streamId the stream id's UTF-8 bytes
 * @param sequence the event's sequence in its stream, {@code >= 1}
 * @param type the event type's UTF-8 bytes, e.g. {@code SetpointChanged}
 * @param schemaVersion the payload's schema version, {@code >= 1}
 * @param occurredAt when it happened, ISO-8601 UTC as ASCII bytes
 * @param payload the event's JSON, UTF-8
 */
public record RawEvent(
    long globalPosition,
    byte[] streamId,
    long sequence,
    byte[] type,
    int schemaVersion,
    byte[] occurredAt,
    byte[] payload) {}
