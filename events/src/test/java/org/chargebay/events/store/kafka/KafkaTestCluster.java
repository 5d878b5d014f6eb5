package org.chargebay.events.store.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One in-JVM KRaft broker (plus its controller) on 127.0.0.1 for tests, from Kafka's test kit.
 * The broker can be stopped and started again on the same port to simulate an outage.
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
   * Waits until the broker's metadata lists the topic with all its partitions: a created topic
   * reaches the broker's metadata cache asynchronously (KRaft), and a consumer asking in between
   * is told it does not exist (seen as "topic 'contract-N' does not exist" on a loaded machine).
   */
  private void awaitMetadata(String topic, int partitions) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      while (true) {
        try {
          TopicDescription d =
              admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
          if (d != null && d.partitions().size() == partitions
              && d.partitions().stream().allMatch(p -> p.leader() != null)) {
            return;
          }
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw new IllegalStateException("cannot describe topic " + topic, e);
          }
        } catch (InterruptedException | TimeoutException e) {
          throw new IllegalStateException("cannot describe topic " + topic, e);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + topic + " not in the broker's metadata after 30 s");
        }
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
