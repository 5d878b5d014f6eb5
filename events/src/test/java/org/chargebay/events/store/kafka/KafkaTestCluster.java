package org.chargebay.events.store.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One in-JVM KRaft broker (plus its controller) on 127.0.0.1 for tests, from Kafka's test kit. The
 * broker can be stopped and started again on the same port to simulate an outage.
 */
public final class KafkaTestCluster implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private KafkaTestCluster(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts a single broker with a separate controller. */
  public static KafkaTestCluster start() {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                      .setCombined(false)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaTestCluster(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the in-JVM Kafka broker", e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Clients for {@code topic}, created with {@code partitions} partitions. */
  public KafkaClients topic(String topic, int partitions) {
    KafkaClients clients =
        new KafkaClients(bootstrapServers(), topic, Map.of("reconnect.backoff.max.ms", "200"));
    clients.ensureTopic(partitions, (short) 1, Duration.ofSeconds(30));
    awaitMetadata(topic, partitions);
    return clients;
  }

  /**
   * Waits until the broker's metadata shows the topic with all its partitions: creation returns
   * when the controller has it, and a client asking the broker a moment later may not see it yet.
   */
  private void awaitMetadata(String topic, int partitions) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", bootstrapServers(),
            "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
      while (true) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos != null
            && infos.size() == partitions
            && infos.stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty())) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "topic " + topic + " not in the broker's metadata after 30 s");
        }
        LockSupport.parkNanos(20_000_000L); // polling broker metadata, not a correctness wait
      }
    }
  }

  private BrokerServer broker() {
    return cluster.brokers().values().iterator().next();
  }

  /** Shuts the broker down (controlled); its data stays. */
  public void stopBroker() {
    BrokerServer b = broker();
    b.shutdown();
    b.awaitShutdown();
  }

  /** Starts the broker again and waits until it is ready. */
  public void startBroker() {
    try {
      broker().startup();
      cluster.waitForReadyBrokers();
      broker().lifecycleManager().initialUnfenceFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot restart the in-JVM Kafka broker", e);
    }
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the in-JVM Kafka broker", e);
    }
  }
}
