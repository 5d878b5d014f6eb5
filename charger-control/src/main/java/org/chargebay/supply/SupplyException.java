package org.chargebay.supply;

import org.jspecify.annotations.Nullable;

/**
 * A supply exchange failed. {@link Retriable} failures (timeouts, a dropped link) may succeed on a
 * later poll; {@link Fatal} ones (an unsupported model, an exception response to a valid request, a
 * read-back that disagrees) need a person. After either, {@link SupplyDriver#outputOff()} may still
 * be tried.
 */
public abstract sealed class SupplyException extends Exception {
  private SupplyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** May succeed on a later attempt. */
  public static final class Retriable extends SupplyException {
    public Retriable(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  /** Will not go away by retrying. */
  public static sealed class Fatal extends SupplyException permits Refused {
    public Fatal(String message, @Nullable Throwable cause) {
      super(message, cause);
    }

    public Fatal(String message) {
      super(message, null);
    }
  }

  /** The unit answered with a Modbus exception response (e.g. 0x02 illegal data address). */
  public static final class Refused extends Fatal {
    private final int exceptionCode;

    public Refused(String message, int exceptionCode, @Nullable Throwable cause) {
      super(message, cause);
      this.exceptionCode = exceptionCode;
    }

    /** The Modbus exception code (1 illegal function, 2 illegal address, 3 illegal value, ...). */
    public int exceptionCode() {
      return exceptionCode;
    }
  }
}
