package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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

    @Override
    public Optional<String> tariff() {
      return Optional.empty();
    }

    @Override
    public Optional<String> capSchedule() {
      return Optional.empty();
    }

    @Override
    public Optional<String> timeZone() {
      return Optional.empty();
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

  /** The keys of a working site with {@code extra} set. */
  private static Map<String, String> site(String... extra) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("chargebay.kafka.bootstrap-servers", "127.0.0.1:9092");
    p.put("chargebay.site.kafka.enabled", "true");
    p.put("chargebay.site.kafka.controller-id", "ctl-2");
    p.put("chargebay.site.kafka.cap-kw", "20");
    p.put("chargebay.site.kafka.fallback-share-kw", "5");
    for (int i = 0; i < extra.length; i += 2) {
      p.put(extra[i], extra[i + 1]);
    }
    return p;
  }

  @Test
  void a_tariff_and_a_cap_schedule_are_read_in_the_sites_time_zone() {
    KafkaSiteAllocations.Settings s =
        read(site(
                "chargebay.site.kafka.tariff", "22:00-06:00=0.12,06:00-22:00=0.31",
                "chargebay.site.kafka.cap-schedule", "17:00-20:00=8",
                "chargebay.site.kafka.time-zone", "Europe/Berlin"))
            .orElseThrow();
    assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(s.tariff().windows()).hasSize(2);
    assertThat(s.capSchedule().windows()).hasSize(1);
    // 17:30 in Berlin is 16:30 UTC in December: 8 kW then, the cap outside
    assertThat(
            s.schedule()
                .capDuring(
                    20,
                    Instant.parse("2026-12-05T16:30:00Z"),
                    Instant.parse("2026-12-05T16:30:05Z")))
        .isEqualTo(8);
    assertThat(
            s.schedule()
                .capDuring(
                    20,
                    Instant.parse("2026-12-05T19:00:00Z"),
                    Instant.parse("2026-12-05T19:00:05Z")))
        .isEqualTo(20);
    // none: one price, the static cap
    KafkaSiteAllocations.Settings plain = read(site()).orElseThrow();
    assertThat(plain.tariff()).isNull();
    assertThat(plain.capSchedule()).isNull();
  }

  @Test
  void a_bad_tariff_cap_schedule_or_time_zone_stops_the_start_naming_its_key() {
    assertThatThrownBy(
            () ->
                read(
                    site(
                        "chargebay.site.kafka.tariff", "22:00-06:00=0.12",
                        "chargebay.site.kafka.time-zone", "UTC")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "chargebay.site.kafka.tariff: must price the whole day; nothing covers 06:00 (write"
                + " windows HH:MM-HH:MM=price that add up to 24 h)");
    assertThatThrownBy(
            () ->
                read(
                    site(
                        "chargebay.site.kafka.cap-schedule", "17:00-20:00=25",
                        "chargebay.site.kafka.time-zone", "UTC")))
        .hasMessage(
            "chargebay.site.kafka.cap-schedule: 17:00-20:00 has 25.0 kW, above cap-kw 20.0 kW (a"
                + " schedule only lowers the cap)");
    assertThatThrownBy(() -> read(site("chargebay.site.kafka.cap-schedule", "17:00-20:00=8")))
        .hasMessageStartingWith("chargebay.site.kafka.time-zone: is required with a tariff");
    assertThatThrownBy(
            () ->
                read(
                    site(
                        "chargebay.site.kafka.cap-schedule", "17:00-20:00=8",
                        "chargebay.site.kafka.time-zone", "Mars/Base")))
        .hasMessage(
            "chargebay.site.kafka.time-zone: 'Mars/Base' is not a time zone (e.g. Europe/Berlin)");
    assertThatThrownBy(
            () ->
                read(
                    site(
                        "chargebay.site.kafka.tariff", "night=0.1",
                        "chargebay.site.kafka.time-zone", "UTC")))
        .hasMessageStartingWith(
            "chargebay.site.kafka.tariff: 'night=0.1' is not HH:MM-HH:MM=value");
    assertThatThrownBy(
            () ->
                read(
                    site(
                        "chargebay.site.kafka.cap-schedule", "17:00-20:00=-1",
                        "chargebay.site.kafka.time-zone", "UTC")))
        .hasMessageStartingWith("chargebay.site.kafka.cap-schedule: '17:00-20:00=-1' has value");
  }

  private static void assertRefused(Site site, Kafka kafka, String message) {
    assertThatThrownBy(() -> SiteKafkaChecks.settings(site, kafka))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
