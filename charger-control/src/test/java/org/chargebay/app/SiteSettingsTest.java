package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.chargebay.site.LocalSitePlanner;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** {@code chargebay.site.tariff}, {@code cap-schedule} and {@code time-zone}, checked at start. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SiteSettingsTest {

  private static SiteConfig site(String cap, String tariff, String schedule, String zone) {
    return new SiteConfig() {
      @Override
      public Optional<BigDecimal> capKw() {
        return Optional.ofNullable(cap).map(BigDecimal::new);
      }

      @Override
      public Optional<BigDecimal> safeCapKw() {
        return Optional.empty();
      }

      @Override
      public BigDecimal marginPct() {
        return BigDecimal.TEN;
      }

      @Override
      public int stepMinutes() {
        return 5;
      }

      @Override
      public String policy() {
        return "planned";
      }

      @Override
      public Duration defaultDeparture() {
        return Duration.ofHours(12);
      }

      @Override
      public int defaultTargetSocPct() {
        return 100;
      }

      @Override
      public BigDecimal defaultCapacityAh() {
        return BigDecimal.valueOf(20);
      }

      @Override
      public Optional<String> tariff() {
        return Optional.ofNullable(tariff);
      }

      @Override
      public Optional<String> capSchedule() {
        return Optional.ofNullable(schedule);
      }

      @Override
      public Optional<String> timeZone() {
        return Optional.ofNullable(zone);
      }

      @Override
      public Meter meter() {
        return new Meter() {
          @Override
          public Optional<String> host() {
            return Optional.empty();
          }

          @Override
          public int port() {
            return 502;
          }

          @Override
          public int unitId() {
            return 1;
          }

          @Override
          public Duration poll() {
            return Duration.ofSeconds(1);
          }

          @Override
          public Duration timeout() {
            return Duration.ofMillis(500);
          }

          @Override
          public int lostAfterPolls() {
            return 3;
          }
        };
      }
    };
  }

  @Test
  void a_tariff_and_a_cap_schedule_are_read_in_the_sites_time_zone() {
    LocalSitePlanner.Settings s =
        SiteService.settings(
                site("20", "22:00-06:00=0.12,06:00-22:00=0.31", "17:00-20:00=8", "Europe/Berlin"))
            .orElseThrow();
    assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(s.tariff().windows()).hasSize(2);
    // 17:30 in Berlin is 16:30 UTC in December
    assertThat(s.capAt(Instant.parse("2026-12-05T16:30:00Z"))).isEqualTo(8);
    assertThat(s.capAt(Instant.parse("2026-12-05T19:00:00Z"))).isEqualTo(20);
  }

  @Test
  void bad_values_are_refused_naming_the_key() {
    assertThatThrownBy(() -> SiteService.settings(site("20", "22:00-06:00=0.12", null, "UTC")))
        .hasMessage(
            "chargebay.site.tariff: must price the whole day; nothing covers 06:00 (write windows"
                + " HH:MM-HH:MM=price that add up to 24 h)");
    assertThatThrownBy(() -> SiteService.settings(site("20", null, "17:00-20:00=25", "UTC")))
        .hasMessage(
            "chargebay.site.cap-schedule: 17:00-20:00 has 25.0 kW, above cap-kw 20.0 kW (a"
                + " schedule only lowers the cap)");
    assertThatThrownBy(() -> SiteService.settings(site("20", null, "17:00-20:00=8", null)))
        .hasMessageStartingWith("chargebay.site.time-zone: is required with a tariff");
    assertThatThrownBy(() -> SiteService.settings(site("20", null, "17:00-20:00=8", "Mars/Base")))
        .hasMessage(
            "chargebay.site.time-zone: 'Mars/Base' is not a time zone (e.g. Europe/Berlin)");
    assertThatThrownBy(() -> SiteService.settings(site(null, "00:00-24:00=0.2", null, "UTC")))
        .hasMessage("chargebay.site.cap-kw: is required with chargebay.site.tariff");
    assertThatThrownBy(() -> SiteService.settings(site("20", "night=0.1", null, "UTC")))
        .hasMessageStartingWith("chargebay.site.tariff: 'night=0.1' is not HH:MM-HH:MM=value");
  }
}
