package org.chargebay.app;

import java.time.Duration;
import java.util.Optional;
import org.chargebay.planner.Policy;
import org.chargebay.site.KafkaSiteAllocations;
import org.chargebay.site.SitePlanning;
import org.chargebay.site.SiteTopics;

/**
 * The checks of {@code chargebay.site.kafka.*}: each error is an {@link IllegalArgumentException}
 * whose message starts with the key at fault, as in {@link ConfigChecks}.
 */
final class SiteKafkaChecks {
  private static final String P = "chargebay.site.kafka.";

  private SiteKafkaChecks() {}

  /**
   * The settings of this controller's part in the site, or empty when it is not enabled.
   *
   * @throws IllegalArgumentException naming the first key at fault
   */
  static Optional<KafkaSiteAllocations.Settings> settings(
      SiteKafkaConfig site, ChargebayConfig.Kafka kafka) {
    if (!site.enabled()) {
      return Optional.empty();
    }
    String bootstrap =
        kafka
            .bootstrapServers()
            .filter(s -> !s.isBlank())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "chargebay.kafka.bootstrap-servers must be set when "
                            + P
                            + "enabled=true"));
    String id = required(site.controllerId(), "controller-id");
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException(
          P
              + "controller-id must be 1-64 of A-Z a-z 0-9 . _ - (not starting with . _ -), was '"
              + id
              + "'");
    }
    double cap = required(site.capKw(), "cap-kw");
    if (!(cap > 0) || Double.isInfinite(cap)) {
      throw new IllegalArgumentException(P + "cap-kw must be a kW figure above 0, was " + cap);
    }
    double share = required(site.fallbackShareKw(), "fallback-share-kw");
    if (!(share >= 0 && share <= cap)) {
      throw new IllegalArgumentException(
          P + "fallback-share-kw must be 0 to the cap (" + cap + " kW), was " + share);
    }
    SiteTopics topics;
    try {
      topics = new SiteTopics(site.baysTopic(), site.allocationsTopic(), site.group());
    } catch (IllegalArgumentException e) {
      String key =
          e.getMessage().startsWith("bays")
              ? "bays-topic"
              : e.getMessage().startsWith("allocations") ? "allocations-topic" : "group";
      throw new IllegalArgumentException(P + key + ": " + e.getMessage());
    }
    Duration slot = site.slot();
    between(slot, "slot", Duration.ofMillis(500), Duration.ofHours(1));
    between(site.guard(), "guard", Duration.ZERO, slot.dividedBy(4));
    between(site.reportInterval(), "report-interval", Duration.ofMillis(50), slot.dividedBy(3));
    between(
        site.silentAfter(),
        "silent-after",
        site.reportInterval().multipliedBy(2),
        Duration.ofHours(1));
    between(site.sessionTimeout(), "session-timeout", Duration.ofSeconds(1), Duration.ofMinutes(5));
    Policy policy =
        Policy.ofLabel(site.policy().trim())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        P
                            + "policy must be planned, at-plug-in or latest-start, was '"
                            + site.policy()
                            + "'"));
    SitePlanning.Schedule daily =
        SiteSchedules.read(P, cap, site.tariff(), site.capSchedule(), site.timeZone());
    return Optional.of(
        new KafkaSiteAllocations.Settings(
            bootstrap,
            kafka.properties(),
            topics,
            id,
            cap,
            share,
            slot,
            site.guard(),
            site.reportInterval(),
            site.silentAfter(),
            site.sessionTimeout(),
            policy,
            daily.tariff(),
            daily.capSchedule(),
            daily.zone()));
  }

  private static <T> T required(Optional<T> value, String key) {
    return value.orElseThrow(
        () -> new IllegalArgumentException(P + key + " must be set when " + P + "enabled=true"));
  }

  private static void between(Duration d, String key, Duration min, Duration max) {
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(P + key + " must be " + min + " to " + max + ", was " + d);
    }
  }
}
