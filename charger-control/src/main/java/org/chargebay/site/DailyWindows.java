package org.chargebay.site;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Values that repeat every day by the wall clock of a place: a site's tariff (price per kWh) or its
 * cap schedule (kW), written {@code 22:00-06:00=0.12,06:00-22:00=0.30}. A window may run past
 * midnight; windows may not overlap; {@code 24:00} is the end of the day. Immutable.
 *
 * @param windows the windows in the order written
 */
public record DailyWindows(List<Window> windows) {
  private static final int DAY_MINUTES = 24 * 60;

  /**
   * One window: from {@code from} (inclusive) to {@code to} (exclusive) each day, past midnight
   * when {@code to} is not after {@code from}.
   */
  public record Window(LocalTime from, LocalTime to, double value) {
    int fromMinute() {
      return from.getHour() * 60 + from.getMinute();
    }

    int toMinute() {
      int m = to.getHour() * 60 + to.getMinute();
      return m == 0 ? DAY_MINUTES : m;
    }

    boolean wraps() {
      return toMinute() <= fromMinute();
    }
  }

  /** An instance of a window on the time line. */
  public record Span(Instant from, Instant to, double value) {}

  public DailyWindows {
    windows = List.copyOf(windows);
  }

  /**
   * Parses {@code HH:MM-HH:MM=value[,HH:MM-HH:MM=value...]}.
   *
   * @param what the configuration key, for the error
   * @param minValue values below this are refused
   * @throws IllegalArgumentException naming {@code what} and the part at fault
   */
  public static DailyWindows parse(String what, String spec, double minValue) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(what + " is empty; write HH:MM-HH:MM=value[,...]");
    }
    List<Window> out = new ArrayList<>();
    boolean[] taken = new boolean[DAY_MINUTES];
    for (String part : spec.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      int dash = p.indexOf('-');
      if (eq < 0 || dash < 0 || dash > eq) {
        throw new IllegalArgumentException(
            what + ": '" + p + "' is not HH:MM-HH:MM=value (for example 22:00-06:00=0.12)");
      }
      LocalTime from = time(what, p, p.substring(0, dash).trim(), false);
      LocalTime to = time(what, p, p.substring(dash + 1, eq).trim(), true);
      double value;
      try {
        value = Double.parseDouble(p.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + ": '" + p + "' has no number after '='");
      }
      if (!Double.isFinite(value) || value < minValue) {
        throw new IllegalArgumentException(
            what + ": '" + p + "' has value " + value + ", below " + minValue);
      }
      Window w = new Window(from, to, value);
      if (w.fromMinute() == w.toMinute()) {
        throw new IllegalArgumentException(what + ": '" + p + "' is empty (from = to)");
      }
      for (int m : minutes(w)) {
        if (taken[m]) {
          throw new IllegalArgumentException(
              what
                  + ": '"
                  + p
                  + "' overlaps an earlier window at "
                  + LocalTime.ofSecondOfDay(m * 60L));
        }
        taken[m] = true;
      }
      out.add(w);
    }
    return new DailyWindows(out);
  }

  private static LocalTime time(String what, String part, String hhmm, boolean end) {
    if (end && hhmm.equals("24:00")) {
      return LocalTime.MIDNIGHT;
    }
    String[] f = hhmm.split(":");
    try {
      if (f.length != 2 || f[0].length() != 2 || f[1].length() != 2) {
        throw new NumberFormatException();
      }
      return LocalTime.of(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          what
              + ": '"
              + part
              + "': '"
              + hhmm
              + "' is not a time HH:MM (00:00..23:59, or 24:00 as an end)");
    }
  }

  private static int[] minutes(Window w) {
    int from = w.fromMinute();
    int to = w.wraps() ? w.toMinute() + DAY_MINUTES : w.toMinute();
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = (from + i) % DAY_MINUTES;
    }
    return out;
  }

  /** The first minute of the day no window covers, or -1 if the windows cover the whole day. */
  public int firstUncoveredMinute() {
    boolean[] taken = new boolean[DAY_MINUTES];
    for (Window w : windows) {
      for (int m : minutes(w)) {
        taken[m] = true;
      }
    }
    for (int m = 0; m < DAY_MINUTES; m++) {
      if (!taken[m]) {
        return m;
      }
    }
    return -1;
  }

  /** The value at {@code t} in {@code zone}, or empty outside every window. */
  public OptionalDouble at(Instant t, ZoneId zone) {
    for (Span s : between(t, t.plusMillis(1), zone)) {
      if (!t.isBefore(s.from()) && t.isBefore(s.to())) {
        return OptionalDouble.of(s.value());
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * The windows' instances that overlap {@code [from, to)}, clipped to it, in time order. Local
   * times are resolved in {@code zone} as {@link ZonedDateTime#of} does (a time skipped by a clock
   * change moves later by the gap).
   */
  public List<Span> between(Instant from, Instant to, ZoneId zone) {
    List<Span> out = new ArrayList<>();
    LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
    LocalDate last = to.atZone(zone).toLocalDate();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      for (Window w : windows) {
        Instant a = ZonedDateTime.of(d, w.from(), zone).toInstant();
        LocalDate endDay = w.wraps() || w.toMinute() == DAY_MINUTES ? d.plusDays(1) : d;
        LocalTime endTime = w.toMinute() == DAY_MINUTES ? LocalTime.MIDNIGHT : w.to();
        Instant b = ZonedDateTime.of(endDay, endTime, zone).toInstant();
        Instant s = a.isAfter(from) ? a : from;
        Instant e = b.isBefore(to) ? b : to;
        if (s.isBefore(e)) {
          out.add(new Span(s, e, w.value()));
        }
      }
    }
    out.sort(Comparator.comparing(Span::from));
    return out;
  }
}
