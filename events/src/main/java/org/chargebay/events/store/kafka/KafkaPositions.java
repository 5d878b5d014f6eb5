package org.chargebay.events.store.kafka;

/**
 * Positions of events read from a Kafka topic: the record's partition and offset packed into one
 * {@code long}, {@code position = partition * 2^40 + offset + 1}. So the first record of partition
 * 0 is position 1 (as in the journal) and every reader of the topic gives a record the same
 * position, whatever else it has read.
 *
 * <p>Positions order a topic <em>partition by partition</em>: all of partition 0, then partition 1,
 * and so on. Events of one stream (key = stream id, so one partition) are in append order; events
 * of different streams on different partitions are not: Kafka defines no order across partitions,
 * and neither do these positions. They are also not dense: transaction markers, duplicates and
 * records that lost an append race take offsets but are no events.
 */
public final class KafkaPositions {
  /** Bits of the offset part: 2^40 (about 10^12) records per partition, 2^23 partitions. */
  static final int OFFSET_BITS = 40;

  private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

  private KafkaPositions() {}

  /** The position of the record at {@code offset} of {@code partition}. */
  public static long of(int partition, long offset) {
    if (partition < 0 || partition >= (1 << (63 - OFFSET_BITS))) {
      throw new IllegalArgumentException("partition out of range: " + partition);
    }
    if (offset < 0 || offset >= OFFSET_MASK) {
      throw new IllegalArgumentException("offset out of range: " + offset);
    }
    return ((long) partition << OFFSET_BITS) + offset + 1;
  }

  /** The partition of a position ({@code >= 1}). */
  public static int partition(long position) {
    requirePosition(position);
    return (int) ((position - 1) >>> OFFSET_BITS);
  }

  /** The offset within its partition of a position ({@code >= 1}). */
  public static long offset(long position) {
    requirePosition(position);
    return (position - 1) & OFFSET_MASK;
  }

  private static void requirePosition(long position) {
    if (position < 1) {
      throw new IllegalArgumentException("position must be >= 1, was " + position);
    }
  }
}
