package org.chargebay.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.bay.BayRuntime;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.meter.Sdm630Reader;
import org.chargebay.planner.Policy;
import org.chargebay.site.KafkaSiteAllocations;
import org.chargebay.site.LocalSitePlanner;
import org.chargebay.site.SiteAllocations;
import org.chargebay.site.SitePlanning;
import org.jspecify.annotations.Nullable;

/**
 * The site of this controller: the {@link LocalSitePlanner} when {@code chargebay.site.cap-kw} is
 * set, the site's plan through Kafka when {@code chargebay.site.kafka.enabled=true} (the two are
 * refused together), else no site limit; the local planner's thread and its meter poller. Started
 * and stopped by {@link BayRegistry}, which attaches every bay to it.
 */
@ApplicationScoped
public class SiteService {
  private static final Logger LOG = Logger.getLogger(SiteService.class.getName());

  @Inject SiteConfig config;
  @Inject MeterRegistry meters;
  @Inject SiteKafkaService kafkaSite;

  /** The site shared with other controllers through Kafka, when enabled. */
  private volatile @Nullable SiteAllocations kafka;

  private volatile @Nullable LocalSitePlanner planner;
  private @Nullable ExecutorService planThread;
  private @Nullable ScheduledExecutorService meterThread;
  private volatile @Nullable Sdm630Reader reader;

  /**
   * The planner's settings from the configuration, or empty when no site is configured.
   *
   * @throws IllegalArgumentException naming the key of a bad value
   */
  static Optional<LocalSitePlanner.Settings> settings(SiteConfig c) {
    Optional<BigDecimal> cap = c.capKw();
    if (cap.isEmpty()) {
      if (c.meter().host().isPresent()) {
        throw bad("cap-kw", "is required with chargebay.site.meter.host (the cap to keep under)");
      }
      if (c.safeCapKw().isPresent()) {
        throw bad("cap-kw", "is required with chargebay.site.safe-cap-kw");
      }
      if (c.tariff().isPresent() || c.capSchedule().isPresent()) {
        throw bad(
            "cap-kw",
            "is required with chargebay.site."
                + (c.tariff().isPresent() ? "tariff" : "cap-schedule"));
      }
      return Optional.empty();
    }
    double capKw = positive(cap.get(), "cap-kw");
    double safe;
    if (c.safeCapKw().isPresent()) {
      safe = c.safeCapKw().get().doubleValue();
      if (!(safe >= 0) || safe > capKw) {
        throw bad("safe-cap-kw", "must be 0.." + cap.get().toPlainString() + " kW (the cap)");
      }
    } else if (c.meter().host().isPresent()) {
      throw bad("safe-cap-kw", "is required with a meter (what the chargers draw when it is lost)");
    } else {
      safe = capKw;
    }
    double margin = c.marginPct().doubleValue();
    if (!(margin >= 0 && margin <= 50)) {
      throw bad("margin-pct", "must be 0..50, was " + c.marginPct().toPlainString());
    }
    if (c.stepMinutes() < 1 || c.stepMinutes() > 60) {
      throw bad("step-minutes", "must be 1..60, was " + c.stepMinutes());
    }
    Policy policy =
        Policy.ofLabel(c.policy())
            .orElseThrow(
                () ->
                    bad(
                        "policy",
                        "'" + c.policy() + "' is not planned, at-plug-in or latest-start"));
    if (c.defaultDeparture().compareTo(Duration.ofMinutes(c.stepMinutes())) < 0
        || c.defaultDeparture().compareTo(Duration.ofDays(7)) > 0) {
      throw bad("default-departure", "must be one step to 7 days, was " + c.defaultDeparture());
    }
    if (c.defaultTargetSocPct() < 1 || c.defaultTargetSocPct() > 100) {
      throw bad("default-target-soc-pct", "must be 1..100, was " + c.defaultTargetSocPct());
    }
    double capacity = positive(c.defaultCapacityAh(), "default-capacity-ah");
    SiteConfig.Meter m = c.meter();
    if (m.host().isPresent()) {
      if (m.host().get().isBlank()) {
        throw bad("meter.host", "must not be empty");
      }
      if (m.port() < 1 || m.port() > 65_535) {
        throw bad("meter.port", "must be 1..65535, was " + m.port());
      }
      if (m.unitId() < 1 || m.unitId() > 247) {
        throw bad("meter.unit-id", "must be 1..247, was " + m.unitId());
      }
      if (m.poll().compareTo(Duration.ofMillis(100)) < 0
          || m.poll().compareTo(Duration.ofMinutes(1)) > 0) {
        throw bad("meter.poll", "must be 100ms..1m, was " + m.poll());
      }
      if (m.timeout().compareTo(Duration.ofMillis(50)) < 0 || m.timeout().compareTo(m.poll()) > 0) {
        throw bad("meter.timeout", "must be 50ms up to the poll interval, was " + m.timeout());
      }
    }
    if (m.lostAfterPolls() < 1 || m.lostAfterPolls() > 100) {
      throw bad("meter.lost-after-polls", "must be 1..100, was " + m.lostAfterPolls());
    }
    SitePlanning.Schedule daily =
        SiteSchedules.read("chargebay.site.", capKw, c.tariff(), c.capSchedule(), c.timeZone());
    return Optional.of(
        new LocalSitePlanner.Settings(
            capKw,
            safe,
            m.lostAfterPolls(),
            margin,
            c.stepMinutes(),
            policy,
            c.defaultDeparture(),
            c.defaultTargetSocPct(),
            capacity,
            daily.tariff(),
            daily.capSchedule(),
            daily.zone()));
  }

  private static double positive(BigDecimal v, String key) {
    if (v.signum() <= 0 || v.doubleValue() > 1_000_000) {
      throw bad(key, "must be above 0 and at most 1000000, was " + v.toPlainString());
    }
    return v.doubleValue();
  }

  private static IllegalArgumentException bad(String key, String why) {
    return new IllegalArgumentException("chargebay.site." + key + ": " + why);
  }

  /**
   * Starts the planner (and its meter poller) if a site is configured.
   *
   * @param clock the bays' clock
   * @throws IllegalArgumentException naming the key of a bad value
   */
  synchronized void start(EventStore store, Clock clock) {
    Optional<LocalSitePlanner.Settings> s = settings(config);
    Optional<SiteAllocations> shared = kafkaSite.allocations();
    if (shared.isPresent()) {
      if (s.isPresent()) {
        throw bad(
            "cap-kw",
            "cannot be set with chargebay.site.kafka.enabled=true: a site shared through Kafka is"
                + " planned by one controller of the site, under chargebay.site.kafka.cap-kw");
      }
      kafka = shared.get();
      if (shared.get() instanceof KafkaSiteAllocations k) {
        k.journalTo(store, EventCodec.standard()); // plans, allocations and departures
      }
      LOG.info("site: the bays follow the site's plan through Kafka");
      return;
    }
    if (s.isEmpty()) {
      return;
    }
    ExecutorService plans =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "site-planner");
              t.setDaemon(true);
              return t;
            });
    planThread = plans;
    SiteConfig.Meter m = config.meter();
    LocalSitePlanner.Meter meter = null;
    if (m.host().isPresent()) {
      meter =
          () -> {
            Sdm630Reader r = reader;
            if (r == null) {
              r = Sdm630Reader.open(m.host().get(), m.port(), m.unitId(), m.timeout());
              reader = r;
            }
            try {
              return r.read().siteKw();
            } catch (Sdm630Reader.MeterException e) {
              r.close();
              reader = null;
              throw e;
            }
          };
    }
    LocalSitePlanner p =
        new LocalSitePlanner(s.get(), clock, meter, store, EventCodec.standard(), plans);
    planner = p;
    ScheduledExecutorService polls =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "site-meter");
              t.setDaemon(true);
              return t;
            });
    meterThread = polls;
    long every = m.host().isPresent() ? m.poll().toMillis() : 10_000;
    polls.scheduleWithFixedDelay(
        () -> {
          try {
            p.pollMeter();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "site: meter poll failed", e);
          }
        },
        0,
        every,
        TimeUnit.MILLISECONDS);
    Gauge.builder("chargebay.site.cap", p, x -> x.status().snapshot().capKw())
        .description("The cap the site is planned under now (the safe cap while the meter is lost)")
        .baseUnit("kilowatts")
        .register(meters);
    Gauge.builder("chargebay.site.meter", p, x -> x.status().meterKw())
        .description("The site meter's last good reading (NaN: none)")
        .baseUnit("kilowatts")
        .register(meters);
    Gauge.builder(
            "chargebay.site.meter.lost",
            p,
            x -> x.status().meterState() == LocalSitePlanner.MeterState.LOST ? 1 : 0)
        .description("1 while the site meter is lost and the safe cap applies")
        .register(meters);
    LOG.info(
        "site: cap "
            + s.get().capKw()
            + " kW, "
            + (meter == null
                ? "no meter"
                : "meter " + m.host().get() + ":" + m.port() + " unit " + m.unitId())
            + ", policy "
            + s.get().policy().label());
  }

  /** Hands the bay its allocations (no limit when no site is configured). */
  void attach(BayRuntime bay) {
    SiteAllocations shared = kafka;
    if (shared != null) {
      bay.useSiteAllocations(shared);
      return;
    }
    LocalSitePlanner p = planner;
    if (p != null) {
      bay.useSiteAllocations(p);
    }
  }

  /** The site planner, when a site is configured. */
  public Optional<LocalSitePlanner> planner() {
    return Optional.ofNullable(planner);
  }

  /** The site shared through Kafka, when enabled. */
  public Optional<KafkaSiteAllocations> kafka() {
    return kafka instanceof KafkaSiteAllocations k ? Optional.of(k) : Optional.empty();
  }

  /** The allocations the bays follow. */
  public SiteAllocations allocations() {
    SiteAllocations shared = kafka;
    if (shared != null) {
      return shared;
    }
    LocalSitePlanner p = planner;
    return p == null ? SiteAllocations.none() : p;
  }

  synchronized void stop() {
    if (meterThread != null) {
      meterThread.shutdownNow();
      meterThread = null;
    }
    if (planThread != null) {
      planThread.shutdownNow();
      planThread = null;
    }
    if (reader != null) {
      reader.close();
      reader = null;
    }
    planner = null;
    kafka = null; // SiteKafkaService closes it
  }
}
