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
    return Map.ofEntries(
        Map.entry("chargebay.kafka.bootstrap-servers", kafka.bootstrapServers()),
        Map.entry("chargebay.kafka.topic", "site-app-events"),
        Map.entry("chargebay.kafka.create-topic", "true"),
        Map.entry("chargebay.kafka.partitions", "1"),
        Map.entry("chargebay.site.kafka.enabled", "true"),
        Map.entry("chargebay.site.kafka.controller-id", "app-1"),
        Map.entry("chargebay.site.kafka.cap-kw", "6"),
        Map.entry("chargebay.site.kafka.fallback-share-kw", "3"),
        Map.entry("chargebay.site.kafka.slot", "1s"),
        Map.entry("chargebay.site.kafka.report-interval", "200ms"),
        // a tariff and a cap schedule that leave the plans as without them (one price all day, the
        // schedule at the cap): the start reads them and the planner plans and records with them
        Map.entry("chargebay.site.kafka.tariff", "00:00-12:00=0.2,12:00-24:00=0.2"),
        Map.entry("chargebay.site.kafka.cap-schedule", "00:00-24:00=6"),
        Map.entry("chargebay.site.kafka.time-zone", "Europe/Berlin"));
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }
}
