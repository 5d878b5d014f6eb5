package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreContract;
import org.chargebay.events.store.ExpectedVersion;
import org.junit.jupiter.api.Test;

/** The replay's store honours the same contract as the journal it stands in for. */
class MemoryEventStoreContractTest extends EventStoreContract {

  @Override
  protected EventStore newStore() {
    return new MemoryEventStore(EventCodec.standard(), List.of());
  }

  @Test
  void a_seeded_store_renumbers_positions_keeps_sequences_and_appends_after_the_seed() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    List<EventEnvelope> recorded =
        List.of(
            new EventEnvelope("bay-1", 1, 40, "SetpointChanged", 1, at, "{}"),
            new EventEnvelope("bay-1", 2, 42, "SetpointChanged", 1, at, "{}"));
    try (MemoryEventStore seeded = new MemoryEventStore(EventCodec.standard(), recorded)) {
      assertThat(seeded.readAll(0, 10))
          .extracting(EventEnvelope::globalPosition)
          .containsExactly(1L, 2L);
      assertThat(seeded.streamVersion("bay-1")).isEqualTo(2);
      assertThatThrownBy(
              () -> seeded.append("bay-1", ExpectedVersion.exactly(1), List.of(event("late"))))
          .isInstanceOfSatisfying(
              ConcurrentAppendException.class, e -> assertThat(e.actual()).isEqualTo(2));

      List<EventEnvelope> next =
          seeded.append("bay-1", ExpectedVersion.exactly(2), List.of(event("next")));

      assertThat(next).extracting(EventEnvelope::sequence).containsExactly(3L);
      assertThat(next).extracting(EventEnvelope::globalPosition).containsExactly(3L);
    }
  }
}
