package org.chargebay.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.chargebay.events.store.kafka.KafkaTestCluster;

/** An in-JVM Kafka broker for a {@code @QuarkusTest}; the app creates its topic. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
  static volatile KafkaTestCluster kafka;

  @Override
  public Map<String, String> start() {
    kafka = KafkaTestCluster.start();
    kafka.topic("app-samples", 1);
    return Map.of(
        "chargebay.kafka.bootstrap-servers", kafka.bootstrapServers(),
        "chargebay.kafka.topic", "app-events",
        "chargebay.kafka.create-topic", "true",
        "chargebay.kafka.partitions", "2",
        "chargebay.kafka.samples-topic", "app-samples",
        "chargebay.kafka.properties.\"client.id\"", "chargebay-app-test");
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }
}
