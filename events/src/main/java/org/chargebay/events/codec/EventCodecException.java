package org.chargebay.events.codec;

import org.chargebay.events.EventEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * An event could not be encoded, or a stored payload could not be decoded (unknown type, corrupt or
 * unreadable JSON, a schema version this build cannot read). The message names the stream, sequence
 * and type so that an operator can find the row in the journal.
 */
public final class EventCodecException extends RuntimeException {

  private final @Nullable String streamId;
  private final long sequence;
  private final String type;

  /**
   * A stored event that cannot be decoded.
   *
   * @param envelope the envelope as read from the store
   * @param problem what is wrong, as a sentence fragment
   */
  public EventCodecException(EventEnvelope envelope, String problem, @Nullable Throwable cause) {
    super(
        "cannot decode event at stream '"
            + envelope.streamId()
            + "' sequence "
            + envelope.sequence()
            + " (type "
            + envelope.type()
            + ", schema version "
            + envelope.schemaVersion()
            + ", global position "
            + envelope.globalPosition()
            + "): "
            + problem,
        cause);
    this.streamId = envelope.streamId();
    this.sequence = envelope.sequence();
    this.type = envelope.type();
  }

  /**
   * An event that cannot be encoded (it was never stored, so it has no stream position).
   *
   * @param type the event's type name
   * @param problem what is wrong, as a sentence fragment
   */
  public EventCodecException(String type, String problem, @Nullable Throwable cause) {
    super("cannot encode " + type + ": " + problem, cause);
    this.streamId = null;
    this.sequence = 0;
    this.type = type;
  }

  /** The stream of the event that failed to decode; null for an encoding failure. */
  public @Nullable String streamId() {
    return streamId;
  }

  /** The sequence of the event that failed to decode; 0 for an encoding failure. */
  public long sequence() {
    return sequence;
  }

  /** The event type name involved. */
  public String type() {
    return type;
  }
}
