package org.chargebay.events.store;

/** Another writer appended to the stream since the caller read it. Nothing was written. */
public final class ConcurrentAppendException extends RuntimeException {
  private final String streamId;
  private final ExpectedVersion expected;
  private final long actual;

  public ConcurrentAppendException(String streamId, ExpectedVersion expected, long actual) {
    super("stream " + streamId + ": expected version " + expected + " but it is at " + actual);
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }

  public String streamId() {
    return streamId;
  }

  public ExpectedVersion expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
