package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.replay.FleetProjection;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaEventStore;
import org.chargebay.events.store.kafka.KafkaOutboxRelay;
import org.chargebay.events.store.kafka.KafkaTestCluster;
import org.chargebay.events.store.kafka.TopicRecords;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargeState;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three simulated bays charge on the virtual clock into one journal while the outbox relay
 * publishes it; the broker is stopped mid-charge and started again. Every journal event arrives in
 * Kafka exactly once and in per-bay order, the bays never waited for Kafka, and the fleet view
 * rebuilt from the topic agrees with the bays.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KafkaOutageEndToEndIT {
  @TempDir Path dir;

  private static void await(BooleanSupplier done, Duration max, String what) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + max + ": " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // polling a condition
    }
  }

  private static void tickAll(List<BenchHarness> bays, int ticks) {
    for (int i = 0; i < ticks; i++) {
      for (BenchHarness h : bays) {
        h.tick();
      }
    }
  }

  @Test
  void a_broker_outage_mid_charge_delivers_every_event_exactly_once_in_per_bay_order() {
    List<BenchHarness> bays = new ArrayList<>();
    try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
      KafkaClients clients = kafka.topic("fleet-outage", 3);
      Path journal = dir.resolve("chargebay.db");
      for (int i = 1; i <= 3; i++) {
        bays.add(
            new BenchHarness(
                dir, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 80.0 + i, 40.0), "b" + i));
      }
      try (SqliteEventStore relayView = SqliteEventStore.open(journal);
          SqliteOutboxPositions positions = SqliteOutboxPositions.open(journal);
          KafkaOutboxRelay relay =
              new KafkaOutboxRelay(
                  clients,
                  relayView,
                  positions,
                  new KafkaOutboxRelay.Settings(
                      "controller-1", 100, Duration.ofMillis(20), Duration.ofMillis(100)))) {
        relay.start();
        tickAll(bays, 300); // 1 simulated minute: every bay starts and charges
        await(() -> relay.lagEvents() == 0, Duration.ofSeconds(30), "caught up before the outage");
        long before = relay.acknowledgedPosition();
        assertThat(before).isPositive();

        kafka.stopBroker();
        long wallBefore = System.nanoTime();
        tickAll(bays, 3_000); // 10 simulated minutes without a broker
        long outageTickNanos = (System.nanoTime() - wallBefore) / 9_000;
        assertThat(relay.lagEvents()).as("events appended during the outage").isPositive();
        assertThat(relay.acknowledgedPosition()).isEqualTo(before);
        assertThat(bays)
            .allSatisfy(h -> assertThat(h.runtime.state().phase().inSession()).isTrue());
        assertThat(outageTickNanos).as("a tick never waits for Kafka").isLessThan(50_000_000L);

        kafka.startBroker();
        for (int round = 0;
            round < 200
                && !bays.stream().allMatch(h -> h.runtime.state().phase() == Phase.COMPLETE);
            round++) {
          tickAll(bays, 300);
        }
        assertThat(bays)
            .allSatisfy(h -> assertThat(h.runtime.state().phase()).isEqualTo(Phase.COMPLETE));
        await(() -> relay.lagEvents() == 0, Duration.ofSeconds(60), "caught up after the outage");
        assertThat(relay.lagSeconds()).isZero();
      }

      List<EventEnvelope> published = TopicRecords.readAll(clients);
      Map<String, List<Long>> sequences =
          published.stream()
              .collect(
                  Collectors.groupingBy(
                      EventEnvelope::streamId,
                      Collectors.mapping(EventEnvelope::sequence, Collectors.toList())));
      for (BenchHarness h : bays) {
        long version = h.envelopes().size();
        assertThat(sequences.get("bay-" + h.bayId))
            .as("bay %s: each event once, in order", h.bayId)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, version).boxed().toList());
      }
      assertThat(published).extracting(EventEnvelope::globalPosition).doesNotHaveDuplicates();

      ChargeDecider decider = new ChargeDecider(bays.get(0).runtime.settings().decider());
      EventCodec codec = EventCodec.standard();
      try (KafkaEventStore fleet = KafkaEventStore.open(clients, codec, Duration.ofSeconds(30))) {
        assertThat(fleet.ignoredDuplicates()).isZero();
        Map<String, FleetProjection.BayView> views = FleetProjection.of(fleet, codec);
        Map<String, FleetProjection.BayView> local = FleetProjection.of(bays.get(0).store, codec);
        assertThat(views).isEqualTo(local).hasSize(3);
        for (BenchHarness h : bays) {
          assertThat(views.get("bay-" + h.bayId).phase()).isEqualTo(Phase.COMPLETE);
          ChargeState folded =
              fleet.readStream("bay-" + h.bayId, 1).stream()
                  .map(codec::decode)
                  .reduce(decider.initialState(), decider::evolve, (a, b) -> b);
          assertThat(folded).isEqualTo(h.runtime.state());
        }
      }
    } finally {
      for (BenchHarness h : bays) {
        h.close();
      }
    }
  }
}
