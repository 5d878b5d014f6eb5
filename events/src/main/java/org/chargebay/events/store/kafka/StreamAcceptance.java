package org.chargebay.events.store.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.chargebay.events.EventEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * Decides which records of an events topic are events, reading each stream's records in offset
 * order: a record is accepted only if its sequence is its stream's next one, so a duplicate (a
 * relay that re-sent after a crash) or a record that lost an append race is ignored and counted,
 * never applied twice. A record of a store append (headers {@link #APPEND_ID}, {@link
 * #APPEND_INDEX}) is accepted only together with the records before it in the same append.
 *
 * <p>Keeps a few fields per stream, never the events: this is what lets a reader stream a topic of
 * any length. Not thread-safe.
 */
final class StreamAcceptance {
  static final String APPEND_ID = "chargebay-append-id";
  static final String APPEND_INDEX = "chargebay-append-index";

  /** Where a stream stands. */
  static final class Stream {
    final int partition;
    final long firstOffset;
    long version;
    @Nullable String appendId;
    int appendIndex;

    Stream(int partition, long firstOffset) {
      this.partition = partition;
      this.firstOffset = firstOffset;
    }
  }

  private final Map<String, Stream> streams = new HashMap<>();
  private long duplicates;
  private long gaps;

  /**
   * The event in {@code record}, with its {@link KafkaPositions position} as global position, or
   * null if the record is ignored.
   */
  @Nullable EventEnvelope offer(ConsumerRecord<byte[], byte[]> record) {
    EventEnvelope read = KafkaEventRecords.fromValue(record.value());
    String appendId = header(record, APPEND_ID);
    int index = appendId == null ? 0 : parseIndex(header(record, APPEND_INDEX));
    Stream s = streams.get(read.streamId());
    long version = s == null ? 0 : s.version;
    boolean accept = read.sequence() == version + 1 && index >= 0;
    if (accept && appendId != null && index > 0) {
      accept = s != null && appendId.equals(s.appendId) && s.appendIndex == index - 1;
    }
    if (!accept) {
      if (read.sequence() <= version) {
        duplicates++;
      } else {
        gaps++;
      }
      return null;
    }
    if (s == null) {
      s = new Stream(record.partition(), record.offset());
      streams.put(read.streamId(), s);
    }
    s.version = read.sequence();
    s.appendId = appendId;
    s.appendIndex = index;
    return new EventEnvelope(
        read.streamId(),
        read.sequence(),
        KafkaPositions.of(record.partition(), record.offset()),
        read.type(),
        read.schemaVersion(),
        read.occurredAt(),
        read.payload());
  }

  /** The stream's state, null if it has no accepted event. */
  @Nullable Stream stream(String streamId) {
    return streams.get(streamId);
  }

  long version(String streamId) {
    Stream s = streams.get(streamId);
    return s == null ? 0 : s.version;
  }

  Set<String> streamIds() {
    return streams.keySet();
  }

  long duplicates() {
    return duplicates;
  }

  long gaps() {
    return gaps;
  }

  static @Nullable String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static int parseIndex(@Nullable String index) {
    try {
      return index == null ? -1 : Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
