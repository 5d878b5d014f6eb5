package org.chargebay.bay;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tick records a sample sink did not store or publish, counted per bay and reason. Thread-safe; the
 * bay loop's side only increments.
 */
public final class SampleDrops {

  /** Why a sample was dropped. */
  public enum Reason {
    /** The sink's bounded queue was full: the bay loop never waits for a sink. */
    QUEUE_FULL,
    /** The journal's sample table refused the write. */
    WRITE_FAILED,
    /** Kafka did not acknowledge the record (broker unreachable, refused, timed out). */
    SEND_FAILED;

    /** The metric tag value, e.g. {@code queue_full}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<String, LongAdder[]> byBay = new ConcurrentHashMap<>();

  void add(String bayId, Reason reason) {
    counters(bayId)[reason.ordinal()].increment();
  }

  /** Samples of {@code bayId} dropped for {@code reason} so far. */
  public long count(String bayId, Reason reason) {
    LongAdder[] c = byBay.get(bayId);
    return c == null ? 0 : c[reason.ordinal()].sum();
  }

  /** All samples dropped so far. */
  public long total() {
    long n = 0;
    for (LongAdder[] c : byBay.values()) {
      for (LongAdder a : c) {
        n += a.sum();
      }
    }
    return n;
  }

  private LongAdder[] counters(String bayId) {
    return byBay.computeIfAbsent(
        bayId,
        k -> {
          LongAdder[] c = new LongAdder[Reason.values().length];
          for (int i = 0; i < c.length; i++) {
            c[i] = new LongAdder();
          }
          return c;
        });
  }
}
