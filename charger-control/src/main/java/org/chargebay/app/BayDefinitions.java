package org.chargebay.app;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.chargebay.bay.BaySettings;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.BayDefinition;
import org.chargebay.events.ChargeProfile;
import org.chargebay.safety.SafetyLimits;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;
import org.chargebay.session.DeciderSettings;
import org.chargebay.session.NoBmsSettings;
import org.chargebay.supply.SupplyUrl;
import org.jspecify.annotations.Nullable;

/**
 * A bay configured through the API: the request body, its validation into a {@link BayDefinition}
 * (every error names the JSON field, e.g. {@code profile.cellCeilingVolts}), and the definition's
 * {@link BaySettings}. The same rules and defaults as a bay of the configuration file ({@link
 * BayConfigs}); volts and amps as decimals with at most three places.
 */
final class BayDefinitions {
  static final int MAX_LABEL_CHARS = 64;

  private BayDefinitions() {}

  /** {@code PUT /api/admin/bays/{id}}: the bay's configuration, and who configures it. */
  record BayRequest(
      @Nullable SupplyRequest supply,
      @Nullable BmsRequest bms,
      @Nullable ProfileRequest profile,
      @Nullable Integer pollIntervalMillis,
      @Nullable Boolean autoStart,
      @Nullable SafetyRequest safety,
      @Nullable Boolean perCellMetrics,
      @Nullable String packLabel) {}

  record SupplyRequest(
      @Nullable String url,
      @Nullable Integer unit,
      @Nullable String model,
      @Nullable Integer timeoutMillis,
      @Nullable Boolean acceptNoHardwareLimits) {}

  record BmsRequest(
      @Nullable String family,
      @Nullable String url,
      @Nullable Integer timeoutMillis,
      @Nullable String protocol,
      @Nullable Integer address,
      @Nullable Integer baud,
      @Nullable Boolean noneAcknowledged) {}

  record ProfileRequest(
      @Nullable String chemistry,
      @Nullable Integer cells,
      @Nullable BigDecimal cellCeilingVolts,
      @Nullable BigDecimal currentAmps,
      @Nullable BigDecimal taperAmps) {}

  record SafetyRequest(@Nullable BigDecimal cellMarginVolts, @Nullable Integer staleAfterMillis) {}

  /**
   * The request as a definition, with the configuration file's defaults for what it leaves out.
   *
   * @param defaultPollMillis {@code chargebay.poll-interval}
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  static BayDefinition fromRequest(@Nullable BayRequest r, long defaultPollMillis) {
    if (r == null) {
      throw new IllegalArgumentException(
          "a bay needs a body with at least supply.url, bms.url, profile.cells,"
              + " profile.cellCeilingVolts and profile.currentAmps");
    }
    SupplyRequest s = required(r.supply(), "supply");
    String supplyUrl = text(s.url(), "supply.url");
    try {
      SupplyUrl.parse(supplyUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("supply.url: " + e.getMessage(), e);
    }
    int unit = s.unit() == null ? 1 : s.unit();
    if (unit < 1 || unit > 247) {
      throw new IllegalArgumentException("supply.unit must be 1..247, was " + unit);
    }
    String model = s.model() == null ? "auto" : text(s.model(), "supply.model");
    int supplyTimeout = between(s.timeoutMillis(), 500, "supply.timeoutMillis", 50, 10_000);

    BmsRequest b = required(r.bms(), "bms");
    String family = b.family() == null ? "jbd" : b.family().trim().toLowerCase(Locale.ROOT);
    boolean noBms = family.equals(ConfigChecks.NO_BMS);
    String bmsUrl = noBms ? noBms(b) : smartBmsUrl(b, family);
    int bmsTimeout = between(b.timeoutMillis(), 300, "bms.timeoutMillis", 50, 10_000);
    if (b.address() != null && (b.address() < 0 || b.address() > 255)) {
      throw new IllegalArgumentException("bms.address must be 0..255, was " + b.address());
    }
    if (b.baud() != null && (b.baud() < 1_200 || b.baud() > 921_600)) {
      throw new IllegalArgumentException("bms.baud must be 1200..921600, was " + b.baud());
    }

    ProfileRequest p = required(r.profile(), "profile");
    ChargeProfile profile = profile(p);

    SafetyRequest safety = r.safety() == null ? new SafetyRequest(null, null) : r.safety();
    int margin =
        safety.cellMarginVolts() == null
            ? 20
            : BayConfigs.millis(safety.cellMarginVolts(), "safety.cellMarginVolts");
    if (margin > 100) {
      throw new IllegalArgumentException(
          "safety.cellMarginVolts must be at most 0.100, was " + safety.cellMarginVolts());
    }
    int stale =
        between(
            safety.staleAfterMillis(),
            800,
            "safety.staleAfterMillis",
            100,
            5_000); // a silent BMS must be cut quickly
    int poll =
        between(r.pollIntervalMillis(), (int) defaultPollMillis, "pollIntervalMillis", 20, 60_000);
    String label = r.packLabel() == null ? null : packLabel(r.packLabel(), "packLabel");
    return new BayDefinition(
        new BayDefinition.Supply(
            supplyUrl, unit, model, supplyTimeout, Boolean.TRUE.equals(s.acceptNoHardwareLimits())),
        new BayDefinition.Bms(
            family, bmsUrl, bmsTimeout, blankToNull(b.protocol()), b.address(), b.baud()),
        profile,
        poll,
        Boolean.TRUE.equals(r.autoStart()),
        margin,
        stale,
        r.perCellMetrics() == null || r.perCellMetrics(),
        label);
  }

  /** The BMS's URL of a bay with a smart BMS: the family known, the URL given and well-formed. */
  private static String smartBmsUrl(BmsRequest b, String family) {
    try {
      BmsFamily.parse(family);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bms.family: " + e.getMessage() + " (or none, for a pack without a smart BMS)", e);
    }
    if (Boolean.TRUE.equals(b.noneAcknowledged())) {
      throw new IllegalArgumentException(
          "field 'bms.noneAcknowledged' is only for bms.family=none, the family is " + family);
    }
    String url = text(b.url(), "bms.url");
    try {
      BmsClients.parse(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bms.url: " + e.getMessage(), e);
    }
    return url;
  }

  /**
   * A bay without a smart BMS ({@code bms.family=none}): the operator's explicit acknowledgement,
   * as the configuration file's {@code none-acknowledged=true}, and none of the fields that only a
   * BMS has (a leftover URL would say a BMS is wired that nobody reads).
   *
   * @return the definition's BMS URL: none
   */
  private static @Nullable String noBms(BmsRequest b) {
    if (!Boolean.TRUE.equals(b.noneAcknowledged())) {
      throw new IllegalArgumentException(
          "field 'bms.noneAcknowledged' must be true for bms.family=none: a pack without a smart"
              + " BMS is charged with nothing seeing its cells, the supply held at cells x"
              + " (ceiling - 0.050 V), and no charge MOSFET to open");
    }
    String leftover =
        b.url() != null
            ? "url"
            : b.protocol() != null ? "protocol" : b.address() != null ? "address" : null;
    if (leftover == null && b.baud() != null) {
      leftover = "baud";
    }
    if (leftover != null) {
      throw new IllegalArgumentException(
          "field 'bms." + leftover + "' is not for bms.family=none: there is no BMS to reach");
    }
    return null;
  }

  /**
   * The profile of the request, checked field by field so that each refusal names the field the
   * request holds (never the profile's milli-unit names): the chemistry known, the ceiling within
   * it, the counts and currents in range.
   */
  private static ChargeProfile profile(ProfileRequest p) {
    String name = p.chemistry() == null ? "NMC" : text(p.chemistry(), "profile.chemistry");
    Chemistry chemistry =
        Chemistries.of(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "field 'profile.chemistry' '"
                            + ErrorMappers.echo(name)
                            + "' is not one of "
                            + Chemistries.names()));
    Integer cells = p.cells();
    if (cells == null) {
      throw new IllegalArgumentException("field 'profile.cells' is required");
    }
    if (cells < 1 || cells > 32) {
      throw new IllegalArgumentException("field 'profile.cells' must be 1..32, was " + cells);
    }
    BigDecimal ceilingVolts = required(p.cellCeilingVolts(), "profile.cellCeilingVolts");
    int ceiling = BayConfigs.millis(ceilingVolts, "profile.cellCeilingVolts");
    if (ceiling < 2000) {
      throw new IllegalArgumentException(
          "field 'profile.cellCeilingVolts' must be at least 2.000, was " + ceilingVolts);
    }
    Optional<String> problem = chemistry.ceilingProblem(ceiling);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("profile.cellCeilingVolts: " + problem.get());
    }
    BigDecimal currentAmps = required(p.currentAmps(), "profile.currentAmps");
    int current = BayConfigs.millis(currentAmps, "profile.currentAmps");
    if (current <= 0) {
      throw new IllegalArgumentException(
          "field 'profile.currentAmps' must be above 0, was " + currentAmps);
    }
    int taper =
        p.taperAmps() == null
            ? Math.max(1, current / 20)
            : BayConfigs.millis(p.taperAmps(), "profile.taperAmps");
    if (taper <= 0 || taper >= current) {
      throw new IllegalArgumentException(
          "field 'profile.taperAmps' must be above 0 and below profile.currentAmps ("
              + currentAmps
              + "), was "
              + (p.taperAmps() == null ? taper / 1000.0 + " (currentAmps / 20)" : p.taperAmps()));
    }
    try {
      return new ChargeProfile(chemistry.name(), cells, ceiling, current, taper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("profile: " + e.getMessage(), e); // checked above
    }
  }

  /** The settings a bay runs with; the definition was validated by {@link #fromRequest}. */
  static BaySettings toSettings(String id, BayDefinition d) {
    BaySettings defaults = BaySettings.of(id, d.profile(), d.autoStart());
    SafetyLimits limits =
        defaults
            .limits()
            .withCellMargin(d.cellMarginMillivolts())
            .withStaleAfter(d.staleAfterMillis());
    BaySettings settings =
        new BaySettings(
            id,
            d.profile(),
            limits,
            defaults.decider().withRampDownSteps(DeciderSettings.RAMP_DOWN_STEPS),
            Duration.ofMillis(d.pollIntervalMillis()),
            d.autoStart(),
            defaults.hardwareVoltageMarginMillivolts(),
            defaults.hardwareCurrentMarginMilliamps(),
            d.supply().acceptNoHardwareLimits());
    return hasNoBms(d)
        ? settings.withNoBms(NoBmsSettings.defaults()) // supply only, the default maximum time
        : settings;
  }

  /** True if the definition's bay has no smart BMS ({@code bms.family=none}). */
  static boolean hasNoBms(BayDefinition d) {
    return d.bms().family().equals(ConfigChecks.NO_BMS);
  }

  /**
   * A pack label as an operator gives it: 1..{@value #MAX_LABEL_CHARS} letters, digits, '.', '_' or
   * '-' (it names the pack's stream and URL).
   */
  static String packLabel(String label, String field) {
    if (!label.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0," + (MAX_LABEL_CHARS - 1) + "}")) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' must be 1-"
              + MAX_LABEL_CHARS
              + " letters, digits, '.', '_' or '-', starting with a letter or digit; was '"
              + ErrorMappers.echo(label)
              + "'");
    }
    return label;
  }

  private static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is required");
    }
    return value;
  }

  private static String text(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("field '" + field + "' is required and not blank");
    }
    if (value.length() > 512 || value.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be at most 512 characters without control characters");
    }
    return value;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static int between(
      @Nullable Integer value, int fallback, String field, int min, int max) {
    int v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be " + min + ".." + max + ", was " + v);
    }
    return v;
  }
}
