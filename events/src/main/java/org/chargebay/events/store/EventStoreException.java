package org.chargebay.events.store;

/** The store could not do what was asked (I/O, corrupt file). Nothing partial was written. */
public class EventStoreException extends RuntimeException {
  public EventStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public EventStoreException(String message) {
    super(message);
  }
}
