package org.chargebay.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.chargebay.bay.BaySettings;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.supply.SupplyModels;
import org.chargebay.supply.SupplyUrl;

/**
 * Every check of {@code chargebay.*} that the configuration mapping's types cannot express, run
 * before the controller touches a file or a device. Each error is an {@link
 * IllegalArgumentException} whose message starts with the full key at fault and says what it must
 * be; the start-up turns it into exit status 78 (EX_CONFIG). A missing key, a value of the wrong
 * type and a key nobody reads are refused earlier by the mapping itself, also naming the key.
 */
final class ConfigChecks {
  /** Kafka's own rule for topic names (legal characters, at most 249). */
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /** A bay id goes into stream ids, URLs, metric labels and log lines. */
  private static final Pattern BAY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ConfigChecks() {}

  /**
   * Checks the whole configuration and returns every bay's settings, in configuration order.
   *
   * @throws IllegalArgumentException naming the first key at fault
   */
  static Map<String, BaySettings> check(ChargebayConfig config) {
    boolean haveBays = !config.bays().isEmpty();
    boolean demo = config.demo().enabled().orElse(!haveBays);
    if (demo && haveBays) {
      throw new IllegalArgumentException(
          "chargebay.demo.enabled=true and chargebay.bays.* are both set: choose one");
    }
    // demo off and no bay in the file: the controller starts empty and runs the bays added
    // through the API (kept in the journal)
    nonBlank(config.journal().path(), "chargebay.journal.path");
    Duration stallAfter =
        between(config.watchdog().stallAfter(), "chargebay.watchdog.stall-after", 200, 60_000);
    between(config.watchdog().checkEvery(), "chargebay.watchdog.check-every", 20, 1_000);
    between(config.shutdown().timeout(), "chargebay.shutdown.timeout", 1_000, 120_000);
    pollInterval(config.pollInterval(), "chargebay.poll-interval", stallAfter);
    double speed = config.demo().clockSpeed();
    if (!(speed > 0 && speed <= 1_000_000)) {
      throw new IllegalArgumentException(
          "chargebay.demo.clock-speed must be above 0 and at most 1000000, was " + speed);
    }
    if (config.samples().retention().compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "chargebay.samples.retention must be at least 1 minute, was "
              + config.samples().retention());
    }
    kafka(config.kafka());
    Map<String, BaySettings> settings = new LinkedHashMap<>();
    for (var e : config.bays().entrySet()) {
      String id = e.getKey();
      if (!BAY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "chargebay.bays."
                + id
                + ": a bay id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter"
                + " or digit");
      }
      ChargebayConfig.Bay bay = e.getValue();
      String prefix = "chargebay.bays." + id + ".";
      bay.pollInterval().ifPresent(p -> pollInterval(p, prefix + "poll-interval", stallAfter));
      supply(bay.supply(), prefix + "supply.");
      bms(bay.bms(), prefix + "bms.");
      settings.put(id, BayConfigs.toSettings(id, bay, config.pollInterval()));
    }
    return settings;
  }

  private static void kafka(ChargebayConfig.Kafka k) {
    if (k.bootstrapServers().isEmpty()) {
      return;
    }
    for (String server : k.bootstrapServers().get().split(",", -1)) {
      if (!server.trim().matches("[^\\s/]+:\\d{1,5}")
          || Integer.parseInt(server.trim().substring(server.trim().lastIndexOf(':') + 1))
              > 65_535) {
        throw new IllegalArgumentException(
            "chargebay.kafka.bootstrap-servers must be host:port[,host:port...], was '"
                + k.bootstrapServers().get()
                + "'");
      }
    }
    if (!TOPIC.matcher(k.topic()).matches()) {
      throw new IllegalArgumentException(
          "chargebay.kafka.topic must be 1 to 249 of a-z A-Z 0-9 . _ -, was '" + k.topic() + "'");
    }
    k.samplesTopic()
        .filter(t -> !TOPIC.matcher(t).matches())
        .ifPresent(
            t -> {
              throw new IllegalArgumentException(
                  "chargebay.kafka.samples-topic must be 1 to 249 of a-z A-Z 0-9 . _ -, was '"
                      + t
                      + "'");
            });
    nonBlank(k.relayName(), "chargebay.kafka.relay-name");
    if (k.batchSize() < 1 || k.batchSize() > 100_000) {
      throw new IllegalArgumentException(
          "chargebay.kafka.batch-size must be 1..100000, was " + k.batchSize());
    }
    if (k.partitions() < 1 || k.partitions() > 10_000) {
      throw new IllegalArgumentException(
          "chargebay.kafka.partitions must be 1..10000, was " + k.partitions());
    }
  }

  private static void supply(ChargebayConfig.Supply s, String prefix) {
    SupplyUrl url;
    try {
      url = SupplyUrl.parse(s.url());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + "url: " + e.getMessage(), e);
    }
    if (s.unit() < 1 || s.unit() > 247) {
      throw new IllegalArgumentException(prefix + "unit must be 1..247, was " + s.unit());
    }
    timeout(s.timeout(), prefix + "timeout");
    String model = s.model();
    boolean modbus = !url.scheme().startsWith("dph");
    if (modbus
        && !model.equalsIgnoreCase("auto")
        && !model.toUpperCase(Locale.ROOT).startsWith("EA")
        && !model.equalsIgnoreCase("WAVESHARE-RELAY")
        && SupplyModels.byName(model).isEmpty()) {
      throw new IllegalArgumentException(
          prefix
              + "model '"
              + model
              + "' is not a known model: auto, EA, WAVESHARE-RELAY or one of "
              + SupplyModels.names());
    }
  }

  /** The {@code bms.family} value of a pack without a smart BMS. */
  static final String NO_BMS = "none";

  private static void bms(ChargebayConfig.Bms b, String prefix) {
    between(b.noneMaxChargeTime(), prefix + "none-max-charge-time", 60_000, 48 * 3_600_000L);
    if (b.family().trim().equalsIgnoreCase(NO_BMS)) {
      noBms(b, prefix);
      return;
    }
    try {
      BmsFamily.parse(b.family());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          prefix + "family: " + e.getMessage() + " (or none, for a pack without a smart BMS)", e);
    }
    if (b.url().isEmpty()) {
      throw new IllegalArgumentException(
          "The config property " + prefix + "url is required (unless " + prefix + "family=none)");
    }
    try {
      BmsClients.parse(b.url().get());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + "url: " + e.getMessage(), e);
    }
    timeout(b.timeout(), prefix + "timeout");
    option(() -> BmsClients.protocol(b.family(), b.protocol().orElse(null)), prefix + "protocol");
    b.address()
        .ifPresent(a -> option(() -> BmsOptions.create(o -> o.address(a)), prefix + "address"));
    b.baud().ifPresent(r -> option(() -> BmsOptions.create(o -> o.baud(r)), prefix + "baud"));
  }

  /**
   * A bay without a smart BMS: an explicit opt-in, and none of the keys that only a BMS has (a
   * leftover URL would say a BMS is wired that nobody reads).
   */
  private static void noBms(ChargebayConfig.Bms b, String prefix) {
    if (!b.noneAcknowledged()) {
      throw new IllegalArgumentException(
          prefix
              + "family=none charges a pack without a smart BMS: nothing sees the cells, the"
              + " supply is held at cells x (ceiling - 0.050 V) and there is no charge MOSFET to"
              + " open; set "
              + prefix
              + "none-acknowledged=true to accept that");
    }
    if (b.url().isPresent()
        || b.protocol().isPresent()
        || b.address().isPresent()
        || b.baud().isPresent()) {
      throw new IllegalArgumentException(
          prefix
              + "family=none has no BMS to reach: remove "
              + prefix
              + (b.url().isPresent()
                  ? "url"
                  : b.protocol().isPresent()
                      ? "protocol"
                      : b.address().isPresent() ? "address" : "baud"));
    }
  }

  private static void option(Runnable check, String key) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** A device request timeout: 1 ms to 10 s (a loop cycle's worst case is built from it). */
  private static void timeout(Duration d, String key) {
    between(d, key, 1, 10_000);
  }

  /**
   * A poll interval: 20 ms to 60 s, and shorter than the watchdog's stall limit, which would
   * otherwise cut off every charging bay between two polls.
   */
  private static void pollInterval(Duration d, String key, Duration stallAfter) {
    between(d, key, 20, 60_000);
    if (d.compareTo(stallAfter) >= 0) {
      throw new IllegalArgumentException(
          key
              + " must be shorter than chargebay.watchdog.stall-after ("
              + stallAfter.toMillis()
              + " ms), or the watchdog cuts every charging bay between two polls; was "
              + d.toMillis()
              + " ms");
    }
  }

  private static void nonBlank(String value, String key) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(key + " must not be blank");
    }
  }

  static Duration between(Duration d, String key, long minMillis, long maxMillis) {
    if (d.isNegative() || d.toMillis() < minMillis || d.toMillis() > maxMillis) {
      throw new IllegalArgumentException(
          key
              + " must be between "
              + minMillis
              + " ms and "
              + maxMillis
              + " ms, was "
              + d.toMillis()
              + " ms");
    }
    return d;
  }
}
