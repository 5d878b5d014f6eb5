package org.chargebay.events.store.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.chargebay.events.store.EventStoreException;

/**
 * Where a Kafka client connects and with what extra client properties (SASL, TLS, timeouts...),
 * passed through verbatim. The settings the relay and the store depend on ({@code acks=all},
 * idempotence, serializers) are set last and cannot be overridden.
 *
 * @param bootstrapServers e.g. {@code 127.0.0.1:9092}
 * @param topic the events topic, e.g. {@code chargebay.events}
 * @param properties extra client properties, e.g. {@code security.protocol=SASL_SSL}
 */
public record KafkaClients(String bootstrapServers, String topic, Map<String, String> properties) {

  /** The default events topic. */
  public static final String DEFAULT_TOPIC = "chargebay.events";

  public KafkaClients {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be blank");
    }
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    properties = Map.copyOf(properties);
  }

  /** Base properties for any client: bootstrap servers, then the pass-through properties. */
  Map<String, Object> base() {
    Map<String, Object> p = new HashMap<>(properties);
    p.put("bootstrap.servers", bootstrapServers);
    return p;
  }

  /**
   * Properties of an idempotent producer with {@code acks=all} and byte-array serializers (for
   * other publishers of the same cluster, e.g. samples); a mutable copy.
   */
  public Map<String, Object> producerProperties() {
    return producer();
  }

  /** An idempotent producer with {@code acks=all} and byte-array serializers. */
  Map<String, Object> producer() {
    Map<String, Object> p = base();
    p.putIfAbsent("linger.ms", "5");
    p.putIfAbsent("max.block.ms", "10000");
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("max.in.flight.requests.per.connection", "5");
    p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    return p;
  }

  /** A group-less consumer ({@code assign}) reading committed records only. */
  Map<String, Object> consumer() {
    Map<String, Object> p = base();
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed");
    p.put("auto.offset.reset", "earliest");
    p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return p;
  }

  /**
   * Creates the topic with {@code partitions} partitions (replication factor 1 for a single broker,
   * otherwise the broker's default) unless it exists.
   *
   * @throws EventStoreException if the broker does not answer within {@code timeout}
   */
  public void ensureTopic(int partitions, short replicationFactor, Duration timeout) {
    try (Admin admin = Admin.create(base())) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new EventStoreException(
            "cannot create Kafka topic '" + topic + "': " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new EventStoreException(
          "cannot create Kafka topic '" + topic + "': no answer from " + bootstrapServers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while creating Kafka topic '" + topic + "'", e);
    }
  }
}
