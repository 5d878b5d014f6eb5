/**
 * Kafka: the outbox relay that publishes the SQLite journal to a topic (idempotent producer, {@code
 * acks=all}, key = stream id, so per-bay order holds), a Kafka-backed store/reader that reads
 * streams from that topic for depot-level consumers, and a follower that tails it. Positions read
 * from Kafka are partition and offset ({@link org.chargebay.events.store.kafka.KafkaPositions}).
 */
@NullMarked
package org.chargebay.events.store.kafka;

import org.jspecify.annotations.NullMarked;
