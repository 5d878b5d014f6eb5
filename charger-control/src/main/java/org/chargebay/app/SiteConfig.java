package org.chargebay.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The site's power cap and meter, under {@code chargebay.site.*}. Absent {@code cap-kw}, no site is
 * planned: every bay draws what its own profile allows (and no other {@code chargebay.site.*} key
 * may be set). Checked by {@link SiteService} before anything starts; a refusal names the key.
 */
@ConfigMapping(prefix = "chargebay.site")
public interface SiteConfig {

  /** The site connection's cap, kW; its presence turns the depot planner on. */
  Optional<BigDecimal> capKw();

  /** What all chargers together may draw while the meter is lost, kW (required with a meter). */
  Optional<BigDecimal> safeCapKw();

  /** The share of the cap, percent, that plans leave free (the packs' model is not exact). */
  @WithDefault("10")
  BigDecimal marginPct();

  /** The plan's step, minutes (1..60): current limits change only at step boundaries. */
  @WithDefault("5")
  int stepMinutes();

  /** How power is shared out: {@code planned}, {@code at-plug-in} or {@code latest-start}. */
  @WithDefault("planned")
  String policy();

  /** A bay without an operator's departure is planned to leave this long from now. */
  @WithDefault("12h")
  Duration defaultDeparture();

  /** ... wanting this state of charge, percent. */
  @WithDefault("100")
  int defaultTargetSocPct();

  /** The capacity planned for a pack whose BMS reports none, Ah. */
  @WithDefault("20")
  BigDecimal defaultCapacityAh();

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

  Meter meter();

  /** The site's grid meter: an Eastron SDM630 over Modbus TCP. */
  interface Meter {
    /** The meter's (or its Modbus gateway's) host; absent: no meter, the cap is static. */
    Optional<String> host();

    @WithDefault("502")
    int port();

    @WithDefault("1")
    int unitId();

    /** How often it is read. */
    @WithDefault("1s")
    Duration poll();

    /** How long one read may take. */
    @WithDefault("500ms")
    Duration timeout();

    /** Polls in a row without a good reading before the meter counts as lost (safe cap). */
    @WithDefault("3")
    int lostAfterPolls();
  }
}
