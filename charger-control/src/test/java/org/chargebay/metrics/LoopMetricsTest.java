package org.chargebay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BaySettings;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.ChargeDecider;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loop meters as Prometheus scrapes them; time is a simulated nanosecond clock. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LoopMetricsTest {
  @TempDir Path dir;

  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 2, 4150, 2000, 100);

  /** A BMS gateway that never answers in time, and a supply whose link is gone. */
  private static final BmsClient SILENT_BMS =
      new BmsClient() {
        @Override
        public BmsSnapshot read() throws BmsException {
          throw new BmsException(
              "No JBD basic info (0x03) reply from tcp://127.0.0.1:1 within 300 ms");
        }

        @Override
        public void setChargeFet(boolean on) throws BmsException {
          throw new BmsException("no reply");
        }

        @Override
        public void close() {}
      };

  private static final SupplyDriver GONE_SUPPLY =
      new SupplyDriver() {
        @Override
        public SupplyReading read() throws SupplyException {
          throw new SupplyException.Retriable("connection refused", null);
        }

        @Override
        public void apply(SupplySetpoint setpoint) throws SupplyException {
          throw new SupplyException.Retriable("connection refused", null);
        }

        @Override
        public void outputOff() throws SupplyException {
          throw new SupplyException.Retriable("connection refused", null);
        }

        @Override
        public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
          throw new SupplyException.Retriable("connection refused", null);
        }

        @Override
        public SupplyCapabilities capabilities() {
          throw new IllegalStateException("unknown");
        }

        @Override
        public void close() {}
      };

  private static double sample(String exposition, String name) {
    String scrape = exposition.replace(",}", "}"); // the simpleclient format ends labels with ','
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.Ee+-]+)$").matcher(scrape);
    assertThat(m.find()).as(name + " in\n" + scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void the_loop_age_of_a_stalled_bay_grows_between_two_scrapes_and_device_failures_are_counted() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    BaySettings settings = BaySettings.of("m1", PROFILE, false);
    BayRuntime bay =
        new BayRuntime(
            settings,
            Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC),
            GONE_SUPPLY,
            SILENT_BMS,
            SqliteEventStore.open(dir.resolve("chargebay.db")),
            EventCodec.standard(),
            new ChargeDecider(settings.decider()));
    bay.useNanoClock(nanos::get);
    LoopMetrics.register(registry, bay);

    nanos.addAndGet(200_000_000L);
    bay.tick();
    nanos.addAndGet(500_000_000L);
    double first = sample(registry.scrape(), "chargebay_bay_loop_age_seconds{bay=\"m1\"}");
    nanos.addAndGet(2_000_000_000L); // the loop stalls: no cycle completes
    double second = sample(registry.scrape(), "chargebay_bay_loop_age_seconds{bay=\"m1\"}");

    assertThat(first).isEqualTo(0.5);
    assertThat(second).isEqualTo(2.5);
    String scrape = registry.scrape();
    assertThat(sample(scrape, "chargebay_bay_cycle_seconds_count{bay=\"m1\"}")).isEqualTo(1);
    assertThat(
            sample(scrape, "chargebay_device_errors_total{bay=\"m1\",device=\"bms\",kind=\"bms\"}"))
        .isEqualTo(1);
    assertThat(
            sample(
                scrape,
                "chargebay_device_errors_total{bay=\"m1\",device=\"supply\",kind=\"retriable\"}"))
        .isEqualTo(1);
    assertThat(
            sample(
                scrape,
                "chargebay_device_errors_total{bay=\"m1\",device=\"supply\",kind=\"fatal\"}"))
        .isZero();
    assertThat(sample(scrape, "chargebay_device_timeouts_total{bay=\"m1\",device=\"bms\"}"))
        .isEqualTo(1);
    assertThat(sample(scrape, "chargebay_device_timeouts_total{bay=\"m1\",device=\"supply\"}"))
        .isZero();
  }
}
