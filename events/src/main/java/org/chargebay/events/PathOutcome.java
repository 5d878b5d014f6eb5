package org.chargebay.events;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one path of a cut-off went (the supply's output, the BMS's charge MOSFET, the relay).
 *
 * @param path the path's name, e.g. {@code supply-output-off}, {@code bms-charge-fet-off}, or with
 *     the watchdog's prefix {@code watchdog supply-output-off}
 * @param result confirmed by read-back, failed, or not available on this device
 * @param detail why it failed or is not available; null when confirmed
 */
public record PathOutcome(String path, Result result, @Nullable String detail) {

  /** A path's result. Names are stable: they appear in stored events. */
  public enum Result {
    /** The device confirmed the path off by read-back. */
    CONFIRMED,
    /** The command or its read-back failed: the path may still conduct. */
    FAILED,
    /** The device has no such command (e.g. JK PB and ANT 7E A1: no charge-MOSFET command). */
    NOT_AVAILABLE
  }

  /**
   * The outcome an action line describes: {@code "<path>: confirmed"} (or {@code ": ok"}, as
   * written before version 2), {@code "<path>: failed: <why>"}, {@code "<path>: not available:
   * <why>"}. Anything else is a failed path with the line as its detail: a path is confirmed only
   * when it says so.
   */
  public static PathOutcome of(String action) {
    int colon = action.indexOf(": ");
    if (colon < 0) {
      return new PathOutcome(action, Result.FAILED, action);
    }
    String path = action.substring(0, colon);
    String rest = action.substring(colon + 2);
    if (rest.equals("confirmed") || rest.equals("ok")) {
      return new PathOutcome(path, Result.CONFIRMED, null);
    }
    if (rest.startsWith("failed")) {
      return new PathOutcome(path, Result.FAILED, after(rest, "failed"));
    }
    if (rest.startsWith("not available")) {
      return new PathOutcome(path, Result.NOT_AVAILABLE, after(rest, "not available"));
    }
    return new PathOutcome(path, Result.FAILED, rest);
  }

  /** {@link #of} for each action, in order. */
  public static List<PathOutcome> ofAll(List<String> actions) {
    return actions.stream().map(PathOutcome::of).toList();
  }

  private static String after(String rest, String word) {
    String d = rest.substring(word.length());
    return d.startsWith(": ") ? d.substring(2) : d.isEmpty() ? word : d;
  }
}
