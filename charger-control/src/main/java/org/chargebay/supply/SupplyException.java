package org.chargebay.supply;

/**
 * A supply exchange failed. {@link Retriable} failures (timeouts, a dropped link) may succeed on
 * a later poll; {@link Fatal} ones (an unsupported model, an exception response to a valid
 * request, a read-back that disagrees) need a person. After either, {@link
 * SupplyDriver#outputOff()} may still be tried.
 */
public abstract sealed class SupplyException extends Exception {
  private SupplyException(String message, Throwable cause) {
    super(message, cause);
  }

  /** May succeed on a later attempt. */
  public static final class Retriable extends SupplyException {
    public Retriable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Will not go away by retrying. */
  public static final class Fatal extends SupplyException {
    public Fatal(String message, Throwable cause) {
      super(message, cause);
    }

    public Fatal(String message) {
      super(message, null);
    }
  }
}
