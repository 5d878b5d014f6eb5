package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.chargebay.planner.Policy;
import org.chargebay.site.KafkaSiteAllocations;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SiteKafkaChecksTest {
  private record Site(
      boolean enabled,
      Optional<String> controllerId,
      Optional<Double> capKw,
      Optional<Double> fallbackShareKw,
      String baysTopic,
      String allocationsTopic,
      String group,
      Duration slot,
      Duration guard,
      Duration reportInterval,
      Duration silentAfter,
      Duration sessionTimeout,
      String policy)
      implements SiteKafkaConfig {
    static Site good() {
      return new Site(
          true,
          Optional.of("ctl-1"),
          Optional.of(20.0),
          Optional.of(8.0),
          "chargebay.site.bays",
          "chargebay.site.allocations",
          "chargebay-site-planner",
          Duration.ofSeconds(5),
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          "planned");
    }
  }

  private record Kafka(Optional<String> bootstrapServers) implements ChargebayConfig.Kafka {
    @Override
    public String topic() {
      return "chargebay.events";
    }

    @Override
    public String relayName() {
      return "kafka";
    }

    @Override
    public int batchSize() {
      return 1000;
    }

    @Override
    public boolean createTopic() {
      return false;
    }

    @Override
    public int partitions() {
      return 6;
    }

    @Override
    public Optional<String> samplesTopic() {
      return Optional.empty();
    }

    @Override
    public Map<String, String> properties() {
      return Map.of("security.protocol", "PLAINTEXT");
    }
  }

  private static final Kafka KAFKA = new Kafka(Optional.of("127.0.0.1:9092"));

  @Test
  void a_good_configuration_gives_its_settings_and_off_gives_none() {
    KafkaSiteAllocations.Settings s = SiteKafkaChecks.settings(Site.good(), KAFKA).orElseThrow();
    assertThat(s.controllerId()).isEqualTo("ctl-1");
    assertThat(s.siteCapKw()).isEqualTo(20.0);
    assertThat(s.fallbackShareKw()).isEqualTo(8.0);
    assertThat(s.policy()).isEqualTo(Policy.PLANNED);
    assertThat(s.topics().transactionalId()).isEqualTo("chargebay-site-planner-planner");
    assertThat(s.clientProperties()).containsEntry("security.protocol", "PLAINTEXT");
    Site off =
        new Site(
            false,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "",
            "",
            "",
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            "");
    assertThat(SiteKafkaChecks.settings(off, new Kafka(Optional.empty()))).isEmpty();
  }

  @Test
  void every_refusal_names_its_key() {
    Site g = Site.good();
    assertRefused(g, new Kafka(Optional.empty()), "chargebay.kafka.bootstrap-servers must be set");
    assertRefused(
        new Site(
            true,
            Optional.empty(),
            g.capKw(),
            g.fallbackShareKw(),
            g.baysTopic(),
            g.allocationsTopic(),
            g.group(),
            g.slot(),
            g.guard(),
            g.reportInterval(),
            g.silentAfter(),
            g.sessionTimeout(),
            g.policy()),
        KAFKA,
        "chargebay.site.kafka.controller-id must be set");
    assertRefused(
        new Site(
            true,
            Optional.of("a b"),
            g.capKw(),
            g.fallbackShareKw(),
            g.baysTopic(),
            g.allocationsTopic(),
            g.group(),
            g.slot(),
            g.guard(),
            g.reportInterval(),
            g.silentAfter(),
            g.sessionTimeout(),
            g.policy()),
        KAFKA,
        "chargebay.site.kafka.controller-id must be 1-64");
    assertRefused(
        new Site(
            true,
            g.controllerId(),
            Optional.of(-1.0),
            g.fallbackShareKw(),
            g.baysTopic(),
            g.allocationsTopic(),
            g.group(),
            g.slot(),
            g.guard(),
            g.reportInterval(),
            g.silentAfter(),
            g.sessionTimeout(),
            g.policy()),
        KAFKA,
        "chargebay.site.kafka.cap-kw must be");
    assertRefused(
        new Site(
            true,
            g.controllerId(),
            g.capKw(),
            Optional.of(25.0),
            g.baysTopic(),
            g.allocationsTopic(),
            g.group(),
            g.slot(),
            g.guard(),
            g.reportInterval(),
            g.silentAfter(),
            g.sessionTimeout(),
            g.policy()),
        KAFKA,
        "chargebay.site.kafka.fallback-share-kw must be 0 to the cap (20.0 kW), was 25.0");
    assertRefused(
        new Site(
            true,
            g.controllerId(),
            g.capKw(),
            g.fallbackShareKw(),
            "bays topic",
            g.allocationsTopic(),
            g.group(),
            g.slot(),
            g.guard(),
            g.reportInterval(),
            g.silentAfter(),
            g.sessionTimeout(),
            g.policy()),
        KAFKA,
        "chargebay.site.kafka.bays-topic: ");
    assertRefused(
        new Site(
            true,
            g.controllerId(),
            g.capKw(),
            g.fallbackShareKw(),
            g.baysTopic(),
            g.allocationsTopic(),
            g.group(),
            g.slot(),
            g.guard(),
            Duration.ofSeconds(2),
            g.silentAfter(),
            g.sessionTimeout(),
            g.policy()),
        KAFKA,
        "chargebay.site.kafka.report-interval must be");
    assertRefused(
        new Site(
            true,
            g.controllerId(),
            g.capKw(),
            g.fallbackShareKw(),
            g.baysTopic(),
            g.allocationsTopic(),
            g.group(),
            g.slot(),
            Duration.ofSeconds(2),
            g.reportInterval(),
            g.silentAfter(),
            g.sessionTimeout(),
            g.policy()),
        KAFKA,
        "chargebay.site.kafka.guard must be");
    assertRefused(
        new Site(
            true,
            g.controllerId(),
            g.capKw(),
            g.fallbackShareKw(),
            g.baysTopic(),
            g.allocationsTopic(),
            g.group(),
            g.slot(),
            g.guard(),
            g.reportInterval(),
            g.silentAfter(),
            g.sessionTimeout(),
            "cheapest"),
        KAFKA,
        "chargebay.site.kafka.policy must be planned, at-plug-in or latest-start, was 'cheapest'");
  }

  /** The start-up's reading: both mappings, unknown keys refused. */
  private static Optional<KafkaSiteAllocations.Settings> read(Map<String, String> properties) {
    Map<String, String> p = new LinkedHashMap<>(ConfigCorpusTest.valid());
    p.putAll(properties);
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(p, "test", 500))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(ChargebayConfig.class)
            .withMapping(SiteKafkaConfig.class)
            .withValidateUnknown(true)
            .build();
    return SiteKafkaChecks.settings(
        config.getConfigMapping(SiteKafkaConfig.class),
        config.getConfigMapping(ChargebayConfig.class).kafka());
  }

  @Test
  void the_keys_are_read_next_to_the_rest_of_the_configuration_and_a_misspelt_one_is_refused() {
    Map<String, String> p =
        Map.of(
            "chargebay.kafka.bootstrap-servers", "127.0.0.1:9092",
            "chargebay.site.kafka.enabled", "true",
            "chargebay.site.kafka.controller-id", "ctl-2",
            "chargebay.site.kafka.cap-kw", "30",
            "chargebay.site.kafka.fallback-share-kw", "10",
            "chargebay.site.kafka.slot", "10s",
            "chargebay.site.kafka.policy", "at-plug-in");
    KafkaSiteAllocations.Settings s = read(p).orElseThrow();
    assertThat(s.controllerId()).isEqualTo("ctl-2");
    assertThat(s.siteCapKw()).isEqualTo(30.0);
    assertThat(s.slot()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.policy()).isEqualTo(Policy.AT_PLUG_IN);
    assertThat(s.topics().bays()).isEqualTo("chargebay.site.bays");
    assertThat(read(Map.of())).isEmpty();

    Map<String, String> misspelt = new LinkedHashMap<>(p);
    misspelt.put("chargebay.site.kafka.cap-kwh", "30");
    assertThatThrownBy(() -> read(misspelt)).hasMessageContaining("chargebay.site.kafka.cap-kwh");
    Map<String, String> wrongType = new LinkedHashMap<>(p);
    wrongType.put("chargebay.site.kafka.enabled", "ture");
    assertThatThrownBy(() -> read(wrongType)).hasMessageContaining("chargebay.site.kafka.enabled");
  }

  private static void assertRefused(Site site, Kafka kafka, String message) {
    assertThatThrownBy(() -> SiteKafkaChecks.settings(site, kafka))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
