/**
 * Kafka: the outbox relay that publishes the SQLite journal to a topic (idempotent producer,
 * {@code acks=all}, key = stream id, so per-bay order holds), and a Kafka-backed store/reader that
 * rebuilds streams from that topic for depot-level consumers.
 */
@NullMarked
package org.chargebay.events.store.kafka;

import org.jspecify.annotations.NullMarked;
