package org.chargebay.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code chargebay.site.kafka.*}: this controller's part in a site run by several controllers that
 * share the site's cap through Kafka ({@link org.chargebay.site.KafkaSiteAllocations}). The cluster
 * is {@code chargebay.kafka.bootstrap-servers}, with {@code chargebay.kafka.properties.*}.
 */
@ConfigMapping(prefix = "chargebay.site.kafka")
public interface SiteKafkaConfig {
  /** Take the bays' allocations from the site's planner through Kafka. */
  @WithDefault("false")
  @WithConverter(StrictBoolean.class)
  boolean enabled();

  /** This controller's id, unique on the site. Required when enabled. */
  Optional<String> controllerId();

  /** The site's power cap in kW, which the planner shares out. Required when enabled. */
  Optional<Double> capKw();

  /**
   * This controller's share of the cap, in kW, while it has no plan (no planner, or it cannot reach
   * Kafka). The shares of all the site's controllers must add up to at most the cap. Required when
   * enabled.
   */
  Optional<Double> fallbackShareKw();

  /** The bay states topic (one partition, compacted). */
  @WithDefault("chargebay.site.bays")
  String baysTopic();

  /** The allocations topic (one partition). */
  @WithDefault("chargebay.site.allocations")
  String allocationsTopic();

  /** The planner's consumer group; also its transactional id, with {@code -planner} added. */
  @WithDefault("chargebay-site-planner")
  String group();

  /** The length of one plan: an allocation is never used after its slot. 500ms to 1h. */
  @WithDefault("5s")
  Duration slot();

  /**
   * At each end of a slot the lower of two slots' allocations applies: at least the largest clock
   * difference between the site's controllers; at most a quarter of the slot.
   */
  @WithDefault("200ms")
  Duration guard();

  /** How often the bays' states are published; at most a third of the slot. */
  @WithDefault("1s")
  Duration reportInterval();

  /** A controller not heard from for this long is planned as drawing its fallback share. */
  @WithDefault("5s")
  Duration silentAfter();

  /** How long a planner that died keeps the role before Kafka gives it to another controller. */
  @WithDefault("10s")
  Duration sessionTimeout();

  /** The planner's policy: {@code planned}, {@code at-plug-in} or {@code latest-start}. */
  @WithDefault("planned")
  String policy();

  /**
   * The price per kWh by local time of day, covering the whole day: {@code
   * 22:00-06:00=0.12,06:00-22:00=0.30}; absent: one price (plans charge as early as the policy lets
   * them). The {@code planned} policy moves charging to the cheap hours.
   */
  Optional<String> tariff();

  /**
   * A lower cap by local time of day, kW: {@code 17:00-20:00=8}; outside its windows {@code cap-kw}
   * applies.
   */
  Optional<String> capSchedule();

  /** Where the tariff's and the cap schedule's times of day are read (required with either). */
  Optional<String> timeZone();
}
