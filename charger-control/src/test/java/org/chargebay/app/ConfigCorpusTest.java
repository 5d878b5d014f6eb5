package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-configuration corpus: every {@code chargebay.*} key (one bay's keys stand for every bay)
 * missing, of the wrong type, out of range and misspelt, each through the same mapping and checks
 * the start-up runs ({@link ChargebayConfig} read by SmallRye Config with unknown keys refused,
 * then {@link ConfigChecks#check}). A bad value must be refused with a message that names the key;
 * a missing key with a default must start. {@code ConfigExitIT} proves on the packaged app that
 * each kind of refusal is one message and exit status 78.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConfigCorpusTest {
  private static final String BAY = "chargebay.bays.b1.";

  /**
   * One key: a valid value, whether it may be left out, values of the wrong type and values of the
   * right type out of range.
   */
  record Key(
      String name, String valid, boolean optional, List<String> wrongType, List<String> range) {}

  private static Key key(
      String name, String valid, boolean optional, List<String> wrong, List<String> range) {
    return new Key(name, valid, optional, wrong, range);
  }

  /** Every key of {@link ChargebayConfig} but the free-form Kafka client properties. */
  static final List<Key> KEYS =
      List.of(
          key("chargebay.journal.path", "target/corpus/chargebay.db", true, List.of(), List.of()),
          key(
              "chargebay.poll-interval",
              "200ms",
              true,
              List.of("fast", "200 parsecs"),
              List.of("0ms", "-1s", "10ms", "1s", "61s")),
          key(
              "chargebay.watchdog.stall-after",
              "1s",
              true,
              List.of("soon"),
              List.of("100ms", "61s")),
          key(
              "chargebay.watchdog.check-every",
              "100ms",
              true,
              List.of("often"),
              List.of("10ms", "2s")),
          key("chargebay.shutdown.timeout", "10s", true, List.of("ten"), List.of("500ms", "121s")),
          key(
              "chargebay.demo.enabled",
              "false",
              true,
              List.of("no way", "ture", "1"),
              List.of("true")),
          key(
              "chargebay.demo.clock-speed",
              "60",
              true,
              List.of("fast"),
              List.of("0", "-1", "NaN", "1e9")),
          key("chargebay.samples.enabled", "true", true, List.of("maybe"), List.of()),
          key(
              "chargebay.samples.retention",
              "168h",
              true,
              List.of("a week"),
              List.of("30s", "-1h")),
          key(
              "chargebay.kafka.bootstrap-servers",
              "127.0.0.1:9092",
              true,
              List.of(),
              List.of("127.0.0.1", "kafka:99999", "a:1, b")),
          key(
              "chargebay.kafka.topic",
              "chargebay.events",
              true,
              List.of(),
              List.of("bad topic", "a/b")),
          key("chargebay.kafka.relay-name", "kafka", true, List.of(), List.of()),
          key(
              "chargebay.kafka.batch-size",
              "1000",
              true,
              List.of("many", "1.5"),
              List.of("0", "-5", "100001")),
          key("chargebay.kafka.create-topic", "false", true, List.of("perhaps"), List.of()),
          key("chargebay.kafka.partitions", "6", true, List.of("six"), List.of("0", "10001")),
          key(
              "chargebay.kafka.samples-topic",
              "chargebay.samples",
              true,
              List.of(),
              List.of("bad topic")),
          key(
              BAY + "supply.url",
              "modbus-tcp://127.0.0.1:1502",
              false,
              List.of(),
              List.of("modbus-tcp://", "ftp://h:1", "not a url", "rtu-tcp://h")),
          key(BAY + "supply.unit", "1", true, List.of("one", "1.0"), List.of("0", "248", "-1")),
          key(BAY + "supply.model", "RD6018", true, List.of(), List.of("RD9999", "banana")),
          key(BAY + "supply.timeout", "500ms", true, List.of("slow"), List.of("0ms", "-1s", "11s")),
          key(
              BAY + "supply.accept-no-hardware-limits",
              "false",
              true,
              List.of("ture", "yes"),
              List.of()),
          key(BAY + "bms.family", "jbd", true, List.of(), List.of("bms9000", "none")),
          key(
              BAY + "bms.url",
              "tcp://127.0.0.1:8899",
              false,
              List.of(),
              List.of("udp://h:1", "tcp://h", "tcp://h:0")),
          key(BAY + "bms.timeout", "300ms", true, List.of("x"), List.of("0ms", "11s")),
          key(BAY + "bms.none-acknowledged", "false", true, List.of("ture", "yes"), List.of()),
          key(
              BAY + "bms.none-max-charge-time",
              "8h",
              true,
              List.of("long"),
              List.of("30s", "49h", "-1h")),
          key(BAY + "bms.protocol", "jbd", true, List.of(), List.of("pb", "tlv")),
          key(BAY + "bms.address", "64", true, List.of("x", "0x40"), List.of("256", "-1")),
          key(BAY + "bms.baud", "9600", true, List.of("fast"), List.of("299", "4000001")),
          key(
              BAY + "bms.conventions.daly-current-sign",
              "wire-positive-is-discharge",
              true,
              List.of("sideways"),
              List.of()),
          key(
              BAY + "bms.conventions.ant-legacy-current-sign",
              "wire-positive-is-charge",
              true,
              List.of("sideways"),
              List.of()),
          key(
              BAY + "bms.conventions.ant-mos-byte-order",
              "discharge-first",
              true,
              List.of("middle-first"),
              List.of()),
          key(
              BAY + "bms.conventions.cell-index-policy",
              "flag",
              true,
              List.of("ignore"),
              List.of()),
          key(BAY + "profile.chemistry", "NMC", true, List.of(), List.of("banana", "LFP", "LTO")),
          key(
              BAY + "profile.cells",
              "13",
              false,
              List.of("thirteen", "13.5"),
              List.of("0", "33", "-13")),
          key(
              BAY + "profile.cell-ceiling-volts",
              "4.15",
              true,
              List.of("high", "4,15"),
              List.of("4.30", "1.9", "4.1505", "-4.1")),
          key(
              BAY + "profile.current-amps",
              "2.0",
              false,
              List.of("two"),
              List.of("0", "-2", "2.0001", "1e12")),
          key(BAY + "profile.taper-amps", "0.1", true, List.of("x"), List.of("2.0", "0", "-0.1")),
          key(
              BAY + "safety.cell-margin-volts",
              "0.020",
              true,
              List.of("x"),
              List.of("0.150", "-0.01", "0.0205")),
          key(BAY + "safety.stale-after", "800ms", true, List.of("x"), List.of("50ms", "6s")),
          key(
              BAY + "safety.no-taper-fraction",
              "0.50",
              true,
              List.of("half"),
              List.of("0.05", "0.95", "0.5005")),
          key(BAY + "safety.no-taper-window", "30m", true, List.of("x"), List.of("30s", "3h")),
          key(
              BAY + "safety.charge-budget-factor",
              "1.10",
              true,
              List.of("x"),
              List.of("0.99", "1.51", "-1.1")),
          key(
              BAY + "safety.capacity-amp-hours",
              "10",
              true,
              List.of("ten"),
              List.of("0.05", "2001", "10.0001")),
          key(BAY + "safety.max-charge-time", "12h", true, List.of("x"), List.of("5m", "49h")),
          key(
              BAY + "safety.setpoint-tolerance-volts",
              "0.200",
              true,
              List.of("x"),
              List.of("0.005", "5.001")),
          key(
              BAY + "safety.setpoint-tolerance-amps",
              "0.100",
              true,
              List.of("x"),
              List.of("0.005", "5.001")),
          key(
              BAY + "safety.supply-bms-tolerance-volts",
              "1.500",
              true,
              List.of("x"),
              List.of("0.050", "10.001")),
          key(
              BAY + "safety.supply-bms-tolerance-amps",
              "0.500",
              true,
              List.of("x"),
              List.of("0.010", "10.001")),
          key(BAY + "safety.frozen-samples", "150", true, List.of("x", "1.5"), List.of("2", "601")),
          key(BAY + "safety.bms-dropout-reads", "0", true, List.of("x"), List.of("-1", "4")),
          key(BAY + "safety.flap-toggles", "4", true, List.of("x"), List.of("1", "21")),
          key(BAY + "safety.flap-window", "60s", true, List.of("x"), List.of("1s", "11m")),
          key(BAY + "poll-interval", "200ms", true, List.of("x"), List.of("0ms", "5s")),
          key(BAY + "auto-start", "false", true, List.of("ture", "on"), List.of()),
          key(BAY + "metrics.per-cell", "true", true, List.of("nope"), List.of()),
          key(BAY + "sleep.enabled", "true", true, List.of("ture", "yes"), List.of()),
          key(BAY + "sleep.poll-interval", "60s", true, List.of("x"), List.of("0s", "-1s")),
          key(BAY + "sleep.wake-every", "24h", true, List.of("x"), List.of("1s")),
          key(
              BAY + "sleep.top-up-drop-volts",
              "0.050",
              true,
              List.of("x"),
              List.of("0", "-0.05", "0.0505")),
          key(BAY + "sleep.max-top-ups", "3", true, List.of("x", "1.5"), List.of("-1")),
          key(BAY + "charge.ramp-down-steps", "3", true, List.of("x", "1.5"), List.of("-1", "21")),
          key(BAY + "charge.target-soc-pct", "80", true, List.of("x", "8.5"), List.of("10", "101")),
          key(BAY + "charge.finish-by", "07:00", true, List.of(), List.of("7am", "24:00")),
          key(BAY + "charge.zone", "UTC", true, List.of(), List.of("Mars/Olympus")),
          key(BAY + "balance.kind", "active", true, List.of(), List.of("Active", "bleed")),
          key(
              BAY + "balance.start-volts",
              "4.000",
              true,
              List.of("high"),
              List.of("9.0", "0.5", "4.0005", "-4")),
          key(BAY + "balance.hold-timeout", "2h", true, List.of("x"), List.of("5s", "25h")));

  /** The configuration with every key of {@link #KEYS} at its valid value. */
  static Map<String, String> valid() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Key k : KEYS) {
      m.put(k.name(), k.valid());
    }
    return m;
  }

  /**
   * What the start-up says about {@code properties}: the message of the refusal, or empty if it
   * would start.
   */
  static Optional<String> refusal(Map<String, String> properties) {
    try {
      SmallRyeConfig config =
          new SmallRyeConfigBuilder()
              .withSources(new PropertiesConfigSource(properties, "corpus", 500))
              .withConverter(Duration.class, 200, new DurationConverter())
              .withMapping(ChargebayConfig.class)
              .withValidateUnknown(true)
              .build();
      ConfigChecks.check(config.getConfigMapping(ChargebayConfig.class));
      return Optional.empty();
    } catch (RuntimeException e) {
      StringBuilder all = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        all.append(t.getMessage()).append('\n');
      }
      return Optional.of(all.toString());
    }
  }

  @Test
  void the_supervisor_rules_thresholds_reach_the_bay_s_safety_limits() {
    Map<String, String> p = valid();
    p.put(BAY + "safety.no-taper-fraction", "0.40");
    p.put(BAY + "safety.capacity-amp-hours", "12.5");
    p.put(BAY + "safety.max-charge-time", "10h");
    p.put(BAY + "safety.flap-window", "2m");
    p.put(BAY + "safety.bms-dropout-reads", "2");
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(p, "corpus", 500))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(ChargebayConfig.class)
            .withValidateUnknown(true)
            .build();

    org.chargebay.safety.SafetyLimits.Rules rules =
        ConfigChecks.check(config.getConfigMapping(ChargebayConfig.class))
            .get("b1")
            .limits()
            .rules();

    assertThat(rules).isNotNull();
    assertThat(rules.noTaperPermille()).isEqualTo(400);
    assertThat(rules.capacityMilliampHours()).isEqualTo(12_500);
    assertThat(rules.maxChargeMillis()).isEqualTo(36_000_000L);
    assertThat(rules.flapWindowMillis()).isEqualTo(120_000L);
    assertThat(rules.bmsDropoutReads()).isEqualTo(2);
    p.put(BAY + "safety.no-taper-fraction", "0.95");
    assertThat(refusal(p))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains(
                        BAY
                            + "safety.no-taper-fraction must be 0.100..0.900 with at most 3"
                            + " decimals, was 0.95"));
  }

  @Test
  void the_corpus_base_with_every_key_set_starts() {
    assertThat(refusal(valid())).isEmpty();
  }

  /** The corpus base for a pack without a smart BMS: no key that only a BMS has. */
  private static Map<String, String> withoutBms() {
    Map<String, String> p = valid();
    p.keySet()
        .removeIf(
            k ->
                k.startsWith(BAY + "bms.")
                    && !k.startsWith(BAY + "bms.none-")
                    && !k.startsWith(BAY + "bms.timeout")
                    && !k.startsWith(BAY + "bms.conventions."));
    p.put(BAY + "bms.family", "none");
    return p;
  }

  @Test
  void a_bay_without_a_bms_starts_only_when_the_operator_acknowledged_it() {
    Map<String, String> p = withoutBms();
    assertThat(refusal(p))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains(BAY + "bms.family=none")
                    .contains("set " + BAY + "bms.none-acknowledged=true"));

    p.put(BAY + "bms.none-acknowledged", "true");
    assertThat(refusal(p)).isEmpty();
  }

  @Test
  void a_bay_without_a_bms_refuses_a_bms_url_naming_it() {
    Map<String, String> p = withoutBms();
    p.put(BAY + "bms.none-acknowledged", "true");
    p.put(BAY + "bms.url", "tcp://127.0.0.1:8899");
    assertThat(refusal(p))
        .hasValueSatisfying(m -> assertThat(m).contains("remove " + BAY + "bms.url"));
  }

  @Test
  void the_corpus_covers_every_key_of_the_mapping() {
    // every accessor of ChargebayConfig, walked as the mapping names them (kebab-case)
    List<String> mapped = new ArrayList<>();
    walk(ChargebayConfig.class, "chargebay.", mapped);
    List<String> covered = KEYS.stream().map(Key::name).toList();
    assertThat(covered).containsExactlyInAnyOrderElementsOf(mapped);
  }

  private static void walk(Class<?> type, String prefix, List<String> out) {
    for (var m : type.getDeclaredMethods()) {
      if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      String name = prefix + kebab(m.getName());
      Class<?> r = m.getReturnType();
      if (r == Map.class) {
        if (m.getName().equals("bays")) {
          walk(ChargebayConfig.Bay.class, BAY, out);
        } // kafka.properties: free-form client properties, passed through
      } else if (r.isInterface() && r.getEnclosingClass() == ChargebayConfig.class) {
        walk(r, name + ".", out);
      } else {
        out.add(name);
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  static Stream<Arguments> missing() {
    return KEYS.stream().map(k -> Arguments.of(k.name(), k.optional()));
  }

  @ParameterizedTest(name = "{0} missing")
  @MethodSource("missing")
  void a_missing_key_is_refused_naming_it_unless_it_is_optional(String key, boolean optional) {
    Map<String, String> p = valid();
    p.remove(key);
    Optional<String> refusal = refusal(p);
    if (optional) {
      assertThat(refusal).as("%s has a default", key).isEmpty();
    } else {
      assertThat(refusal)
          .as("%s is required", key)
          .hasValueSatisfying(m -> assertThat(m).contains(key));
    }
  }

  static Stream<Arguments> wrongType() {
    return KEYS.stream().flatMap(k -> k.wrongType().stream().map(v -> Arguments.of(k.name(), v)));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("wrongType")
  void a_value_of_the_wrong_type_is_refused_naming_the_key(String key, String value) {
    Map<String, String> p = valid();
    p.put(key, value);
    assertThat(refusal(p))
        .as("%s=%s", key, value)
        .hasValueSatisfying(m -> assertThat(m).contains(key));
  }

  static Stream<Arguments> outOfRange() {
    return KEYS.stream().flatMap(k -> k.range().stream().map(v -> Arguments.of(k.name(), v)));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("outOfRange")
  void a_value_out_of_range_is_refused_naming_the_key(String key, String value) {
    Map<String, String> p = valid();
    p.put(key, value);
    String named = expectedKey(key, value);
    assertThat(refusal(p))
        .as("%s=%s", key, value)
        .hasValueSatisfying(m -> assertThat(m).contains(named));
  }

  /**
   * The key a refusal names: the key itself, except where the value is valid alone and wrong with
   * another key's value (a chemistry whose maximum is below the configured ceiling).
   */
  private static String expectedKey(String key, String value) {
    if (key.endsWith("profile.chemistry") && (value.equals("LFP") || value.equals("LTO"))) {
      return BAY + "profile.cell-ceiling-volts";
    }
    return key;
  }

  static Stream<Arguments> unknown() {
    Stream<String> typos =
        KEYS.stream().map(k -> k.name().substring(0, k.name().length() - 1) + "x");
    return Stream.concat(
            typos,
            Stream.of(
                BAY + "profile.cell-ceiling-volt",
                "chargebay.pollinterval",
                "chargebay.bays.b1.supply.url.extra",
                "chargebay.nonsense"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unknown")
  void a_key_nobody_reads_is_refused_naming_it(String typo) {
    Map<String, String> p = valid();
    p.put(typo, "1");
    assertThat(refusal(p)).as(typo).hasValueSatisfying(m -> assertThat(m).contains(typo));
  }
}
