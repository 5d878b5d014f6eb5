package org.chargebay.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.chargebay.events.store.kafka.KafkaTestCluster;

/** An in-JVM Kafka broker for a {@code @QuarkusTest} whose controller takes part in a site. */
public class SiteKafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
  static volatile KafkaTestCluster kafka;

  @Override
  public Map<String, String> start() {
    kafka = KafkaTestCluster.start();
    return Map.of(
        "chargebay.kafka.bootstrap-servers", kafka.bootstrapServers(),
        "chargebay.kafka.topic", "site-app-events",
        "chargebay.kafka.create-topic", "true",
        "chargebay.kafka.partitions", "1",
        "chargebay.site.kafka.enabled", "true",
        "chargebay.site.kafka.controller-id", "app-1",
        "chargebay.site.kafka.cap-kw", "6",
        "chargebay.site.kafka.fallback-share-kw", "3",
        "chargebay.site.kafka.slot", "1s",
        "chargebay.site.kafka.report-interval", "200ms");
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }
}
