package org.chargebay.site;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.chargebay.events.AllocationChanged;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.DepartureSet;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.planner.BayRequest;
import org.chargebay.planner.Policy;
import org.jspecify.annotations.Nullable;

/**
 * The site's allocations through Kafka, for a site run by several controllers. Every controller
 * runs one of these:
 *
 * <ul>
 *   <li><b>reporter</b> (its own thread): every report interval it publishes the latest {@link
 *       BayReport} of each of its bays to the bay states topic (compacted, keyed by bay id), with
 *       its id, its fallback share and the latest slot it holds a plan for;
 *   <li><b>planner</b> (its own thread): it joins the consumer group {@link SiteTopics#group()}
 *       subscribed to the bay states topic, which has one partition. The member Kafka assigns that
 *       partition to is the site's planner: it reads the topic from the beginning (the whole site),
 *       fences any earlier planner by initialising the shared transactional id, and publishes, one
 *       slot ahead, each slot's {@link SiteAllocation} in a transaction. On revocation or loss of
 *       the partition it stops at once;
 *   <li><b>follower</b> (its own thread): it reads the allocations topic (committed records only)
 *       and keeps the plans of the current and next slots as an immutable snapshot.
 * </ul>
 *
 * <p>A bay's current ({@link #milliampsFor}) is its allocation in the plan of the slot the
 * controller's clock is in; within the guard band at either end of a slot, the lower of the two
 * adjacent slots' values (so controllers whose clocks differ by less than the guard never apply two
 * plans at once). Without a plan for the slot, or when the plan lists this controller as on
 * fallback, the controller's fallback share is split over its charging bays ({@link
 * FallbackSplit}). An allocation is never used outside its slot. Neither method blocks: both read
 * or write concurrent maps and volatile snapshots.
 *
 * <p>Journal ({@link #journalTo}, stream {@value PlanComputed#STREAM}): the planner records a
 * {@link PlanComputed} with its whole input ({@link SitePlanRecord}) for each plan it publishes
 * that differs from the last one it recorded (the same allocations for the next slot are not
 * recorded again: an allocation naming plan {@code g<n>-s<k>} is explained by the latest plan of
 * generation n recorded at or before slot k). Each controller records an {@link AllocationChanged}
 * for one of its bays when the current it hands that bay changes, or where it comes from changes (a
 * plan of another planner, its fallback share and why: no plan received, the plan expired, or the
 * plan lists it on fallback); an allocation that stays the same from slot to slot is not recorded
 * again. Departures set here ({@link #setDeparture}) are recorded as {@link DepartureSet}, read
 * back at start, and carried in the bay's reports, so the planner plans with them; setting one
 * publishes the bay's report at once. The journal is written on the reporter thread, never a bay
 * loop's.
 */
public final class KafkaSiteAllocations implements SiteAllocations, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaSiteAllocations.class.getName());

  /**
   * What this controller needs to take part in the site.
   *
   * @param bootstrapServers the Kafka cluster
   * @param clientProperties extra client properties (SASL, TLS), passed through
   * @param topics the site's topics and group
   * @param controllerId this controller's id, unique on the site
   * @param siteCapKw the site's power cap, which the planner shares out
   * @param fallbackShareKw this controller's share of the cap without a plan; the shares of all
   *     controllers must add up to at most the cap
   * @param slot the length of one allocation: the planner publishes one plan per slot
   * @param guard at each end of a slot, the lower of two slots' values applies: at least the
   *     largest clock difference between controllers
   * @param reportInterval how often the bays' states are published
   * @param silentAfter a controller whose latest report is older is planned as on fallback
   * @param sessionTimeout the planner group's session timeout: how long a dead planner keeps the
   *     role before Kafka reassigns it
   * @param policy the planner's policy
   * @param tariff the price per kWh by local time of day (covering the whole day), null: one price,
   *     so plans charge as early as the policy lets them
   * @param capSchedule a lower cap by local time of day (kW, outside its windows {@code
   *     siteCapKw}), null: none
   * @param zone where the tariff's and the schedule's times of day are read
   */
  public record Settings(
      String bootstrapServers,
      Map<String, String> clientProperties,
      SiteTopics topics,
      String controllerId,
      double siteCapKw,
      double fallbackShareKw,
      Duration slot,
      Duration guard,
      Duration reportInterval,
      Duration silentAfter,
      Duration sessionTimeout,
      Policy policy,
      @Nullable DailyWindows tariff,
      @Nullable DailyWindows capSchedule,
      ZoneId zone) {
    public Settings {
      clientProperties = Map.copyOf(clientProperties);
      Objects.requireNonNull(zone, "zone");
      if (bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers must not be blank");
      }
      if (!controllerId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new IllegalArgumentException(
            "controllerId must be 1-64 of A-Z a-z 0-9 . _ -, was '" + controllerId + "'");
      }
      if (!(siteCapKw > 0) || Double.isInfinite(siteCapKw)) {
        throw new IllegalArgumentException("siteCapKw must be a finite kW above 0");
      }
      if (!(fallbackShareKw >= 0 && fallbackShareKw <= siteCapKw)) {
        throw new IllegalArgumentException(
            "fallbackShareKw must be 0 to the site cap (" + siteCapKw + " kW)");
      }
      if (slot.compareTo(Duration.ofMillis(500)) < 0 || slot.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("slot must be 500ms to 1h, was " + slot);
      }
      if (guard.isNegative() || guard.multipliedBy(4).compareTo(slot) > 0) {
        throw new IllegalArgumentException("guard must be 0 to a quarter of the slot");
      }
      if (reportInterval.compareTo(Duration.ofMillis(50)) < 0
          || reportInterval.multipliedBy(3).compareTo(slot) > 0) {
        throw new IllegalArgumentException(
            "reportInterval must be 50ms to a third of the slot, was " + reportInterval);
      }
      if (silentAfter.compareTo(reportInterval.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException(
            "silentAfter must be at least two report intervals, was " + silentAfter);
      }
      if (sessionTimeout.compareTo(Duration.ofSeconds(1)) < 0
          || sessionTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException(
            "sessionTimeout must be 1s to 5min, was " + sessionTimeout);
      }
    }

    /** Settings without a tariff or a cap schedule. */
    public Settings(
        String bootstrapServers,
        Map<String, String> clientProperties,
        SiteTopics topics,
        String controllerId,
        double siteCapKw,
        double fallbackShareKw,
        Duration slot,
        Duration guard,
        Duration reportInterval,
        Duration silentAfter,
        Duration sessionTimeout,
        Policy policy) {
      this(
          bootstrapServers,
          clientProperties,
          topics,
          controllerId,
          siteCapKw,
          fallbackShareKw,
          slot,
          guard,
          reportInterval,
          silentAfter,
          sessionTimeout,
          policy,
          null,
          null,
          ZoneOffset.UTC);
    }

    /** The tariff and the cap schedule the planner plans with. */
    public SitePlanning.Schedule schedule() {
      return new SitePlanning.Schedule(tariff, capSchedule, zone);
    }
  }

  /**
   * The plans this controller holds, by slot: written by the follower thread only; with the last
   * plan taken in and when (null before the first).
   */
  private record Plans(
      NavigableMap<Long, SiteAllocation> bySlot,
      int maxGeneration,
      long genFrom,
      @Nullable SiteAllocation last,
      @Nullable Instant lastAt) {
    static final Plans NONE =
        new Plans(new TreeMap<>(), Integer.MIN_VALUE, Long.MIN_VALUE, null, null);
  }

  /**
   * What a bay is handed and where it comes from.
   *
   * @param milliamps the current
   * @param plan the plan it comes from, or that put this controller on fallback; null without one
   * @param fallback true when it is this controller's fallback share
   * @param cause why, for the journal and the API
   * @param key where it comes from, without the plan's slot: a change of key is journaled
   */
  public record Source(
      int milliamps, @Nullable SiteAllocation plan, boolean fallback, String cause, String key) {}

  /**
   * This controller's view of the site, for the API.
   *
   * @param latest the last plan this controller took in (null: none yet)
   * @param receivedAt when it took it in
   * @param held the plans it holds from the current slot on, by slot
   * @param bays its bays' latest reports, with their departures
   * @param departures the departures set on this controller
   */
  public record View(
      String controllerId,
      boolean planner,
      @Nullable SiteAllocation latest,
      @Nullable Instant receivedAt,
      List<SiteAllocation> held,
      Map<String, BayReport> bays,
      Map<String, Departure> departures) {}

  private final Settings settings;
  private final Clock clock;
  private final long slotMs;
  private final long guardMs;
  private final TopicPartition baysPartition;
  private final TopicPartition allocationsPartition;
  private final Map<String, BayReport> latest = new ConcurrentHashMap<>();
  private volatile Plans plans = Plans.NONE;
  private volatile Map<String, Integer> fallback = Map.of();
  private volatile boolean planning;
  private volatile boolean running = true;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final KafkaConsumer<byte[], byte[]> groupConsumer;
  private final KafkaConsumer<byte[], byte[]> followConsumer;
  private final KafkaProducer<byte[], byte[]> reportProducer;
  private final Thread reporter;
  private final Thread planner;
  private final Thread follower;
  private final Semaphore wake = new Semaphore(0);
  private final Map<String, Departure> departures = new ConcurrentHashMap<>();
  private final Map<String, Source> applied = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<ChargeEvent> toJournal = new ConcurrentLinkedQueue<>();
  private final AtomicInteger journalQueued = new AtomicInteger();
  private volatile @Nullable EventStore journal;
  private volatile boolean journalFull;

  /** The admin client creating the site's topics, while it does (closed at once by a close). */
  private volatile @Nullable Admin ensuring;

  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  // planner thread only
  private final Map<String, SiteReport> site = new HashMap<>();
  private boolean catchingUp;
  private long catchUpEnd;
  private int generation;
  private @Nullable KafkaProducer<byte[], byte[]> txProducer;
  private long firstSlot;
  private long lastPublished = -1;
  private long lastAttempted = -1;
  private @Nullable String lastRecorded;

  /**
   * Starts the three threads; nothing here waits for Kafka. Until the site's topics exist (the
   * planner thread creates them if missing) and a plan arrives, the bays are on the fallback share.
   */
  public KafkaSiteAllocations(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.slotMs = settings.slot().toMillis();
    this.guardMs = settings.guard().toMillis();
    this.baysPartition = new TopicPartition(settings.topics().bays(), 0);
    this.allocationsPartition = new TopicPartition(settings.topics().allocations(), 0);
    this.groupConsumer = new KafkaConsumer<>(groupConsumerProperties());
    this.followConsumer = new KafkaConsumer<>(committedReader());
    this.reportProducer = new KafkaProducer<>(producerProperties());
    String id = settings.controllerId();
    this.reporter = new Thread(this::runReporter, "chargebay-site-reporter-" + id);
    this.planner = new Thread(this::runPlanner, "chargebay-site-planner-" + id);
    this.follower = new Thread(this::runFollower, "chargebay-site-follower-" + id);
    for (Thread t : List.of(reporter, planner, follower)) {
      t.setDaemon(true);
      t.start();
    }
  }

  @Override
  public OptionalInt milliampsFor(String bayId) {
    long now = clock.millis();
    Source v = sourceAt(bayId, now);
    applied(bayId, v, Instant.ofEpochMilli(now));
    return OptionalInt.of(v.milliamps());
  }

  /** What the bay is handed at {@code now} (epoch ms), guard bands included. */
  private Source sourceAt(String bayId, long now) {
    long n = Math.floorDiv(now, slotMs);
    long into = now - n * slotMs;
    Plans p = plans;
    Map<String, Integer> f = fallback;
    Source v = valueAt(p, f, n, bayId);
    if (into < guardMs) {
      v = lower(v, valueAt(p, f, n - 1, bayId));
    } else if (slotMs - into <= guardMs) {
      v = lower(v, valueAt(p, f, n + 1, bayId));
    }
    return v;
  }

  private static Source lower(Source a, Source b) {
    return b.milliamps() < a.milliamps() ? b : a;
  }

  private Source valueAt(Plans p, Map<String, Integer> f, long slot, String bayId) {
    SiteAllocation a = p.bySlot().get(slot);
    String me = settings.controllerId();
    if (a != null && !a.fallback().contains(me)) {
      SiteAllocation.Bay b = a.bays().get(bayId);
      return new Source(
          b == null ? 0 : b.milliamps(),
          a,
          false,
          "plan " + a.planId() + " from planner " + a.planner(),
          "plan:" + a.planner() + ":" + a.generation());
    }
    int share = f.getOrDefault(bayId, 0);
    if (a != null) {
      return new Source(
          share,
          a,
          true,
          "fallback: plan " + a.planId() + " from planner " + a.planner() + " lists " + me,
          "fallback:listed:" + a.planner() + ":" + a.generation());
    }
    SiteAllocation last = p.last();
    if (last == null) {
      return new Source(share, null, true, "fallback: no plan received", "fallback:none");
    }
    if (last.slot() >= slot) {
      // plans for later slots only (the first ones arrive a slot ahead): not expired
      return new Source(share, null, true, "fallback: no plan for this slot yet", "fallback:none");
    }
    String expired =
        "plan expired (the last, "
            + last.planId()
            + " from planner "
            + last.planner()
            + ", ended "
            + last.until()
            + ")";
    if (!last.fallback().contains(me) && (slot - last.slot()) * slotMs <= takeoverMillis()) {
      // the planner is gone: its controller's supplies may still draw what its last plan gave
      // them, and the site's other controllers stay within theirs, so the last plan's total holds
      // only if this one does not exceed its own part of it until a new planner plans
      SiteAllocation.Bay b = last.bays().get(bayId);
      int planned = b == null ? 0 : b.milliamps();
      if (planned < share) {
        return new Source(
            planned,
            last,
            true,
            "fallback within the last plan until a new planner plans: " + expired,
            "fallback:takeover");
      }
    }
    return new Source(share, null, true, "fallback: " + expired, "fallback:expired");
  }

  /**
   * This controller's fallback share until the next split (two report intervals from now): under a
   * scheduled lower cap it shrinks in the same proportion as the cap, so shares that add up to at
   * most the cap add up to at most the scheduled one.
   */
  private double fallbackShareNow() {
    Instant now = clock.instant();
    double cap = settings.siteCapKw();
    double capNow =
        settings
            .schedule()
            .capDuring(cap, now, now.plus(settings.reportInterval().multipliedBy(2)));
    return settings.fallbackShareKw() * Math.min(1, capNow / cap);
  }

  /**
   * How long after its last plan's slot a controller keeps its bays within that plan (the lower of
   * it and the fallback split) rather than its whole fallback share: the session timeout in which
   * Kafka gives a dead planner's role to another controller, plus three slots for its first plan.
   */
  private long takeoverMillis() {
    return settings.sessionTimeout().toMillis() + 3 * slotMs;
  }

  /** Journals the bay's allocation if it differs from the one it was handed before. */
  private void applied(String bayId, Source v, Instant now) {
    applied.compute(
        bayId,
        (k, before) -> {
          if (before != null
              && before.milliamps() == v.milliamps()
              && before.key().equals(v.key())) {
            return before;
          }
          enqueue(allocationChanged(bayId, v, now));
          return v;
        });
  }

  private AllocationChanged allocationChanged(String bayId, Source v, Instant now) {
    BayReport r = withDeparture(latest.get(bayId));
    int milliwatts = r == null ? 0 : (int) Math.round(SiteReport.maxKw(r, v.milliamps()) * 1e6);
    int socPermille = 0;
    int slack = 0;
    Optional<BayRequest> q = r == null ? Optional.empty() : SitePlanning.request(r, now);
    if (q.isPresent()) {
      BayRequest b = q.get();
      socPermille = (int) Math.floor(b.socPercent() * 10 + 1e-9);
      double neededMinutes =
          Math.max(0, b.targetSocPercent() - b.socPercent())
              / 100
              * b.capacityAh()
              / b.maxAmps()
              * 60;
      double left = Duration.between(now, b.departure()).toSeconds() / 60.0;
      slack = (int) Math.floor(left - neededMinutes);
    }
    return new AllocationChanged(
        v.plan() == null ? "fallback" : v.plan().planId(),
        now,
        bayId,
        now,
        v.milliamps(),
        milliwatts,
        socPermille,
        slack,
        v.cause());
  }

  /**
   * What the bay is handed now and where it comes from, as {@link #milliampsFor} would answer,
   * without journaling it (for the API).
   */
  public Source sourceFor(String bayId) {
    return sourceAt(bayId, clock.millis());
  }

  @Override
  public void report(BayReport report) {
    latest.put(report.bayId(), report);
  }

  /** The report with the bay's departure set here, if the bay loop did not carry one. */
  private @Nullable BayReport withDeparture(@Nullable BayReport r) {
    if (r == null || r.departure() != null) {
      return r;
    }
    Departure d = departures.get(r.bayId());
    if (d == null) {
      return r;
    }
    return new BayReport(
        r.bayId(),
        r.at(),
        r.chemistry(),
        r.series(),
        r.capacityMilliampHours(),
        r.cellMaxMillivolts(),
        r.packMillivolts(),
        r.milliamps(),
        r.ceilingMillivolts(),
        r.maxMilliamps(),
        r.charging(),
        d.at(),
        d.targetSocPercent(),
        r.priority(),
        r.switchOnly());
  }

  /**
   * Records events in this journal from now on (and those queued before it); reads back the
   * departures recorded earlier. Called once at start, before the bays report.
   */
  public void journalTo(EventStore store, EventCodec codec) {
    departures.putAll(Departure.recorded(store, codec));
    journal = store;
    wake.release();
  }

  /**
   * Sets (or, with {@code at} null, clears) a bay's departure: recorded, then published with the
   * bay's report at once, so the planner plans the next slot with it.
   *
   * @return the recorded event
   * @throws IllegalStateException when no journal is attached
   */
  public DepartureSet setDeparture(
      String bayId, @Nullable Instant at, int targetSocPercent, String by) {
    EventStore store = journal;
    if (store == null) {
      throw new IllegalStateException("the site's journal is not attached yet");
    }
    DepartureSet event = new DepartureSet(clock.instant(), bayId, at, targetSocPercent, by);
    store.append(PlanComputed.STREAM, ExpectedVersion.any(), List.of(event));
    if (at == null) {
      departures.remove(bayId);
    } else {
      departures.put(bayId, new Departure(at, targetSocPercent, by));
    }
    wake.release();
    return event;
  }

  /** The bay's departure as set by an operator, if any. */
  public Optional<Departure> departure(String bayId) {
    return Optional.ofNullable(departures.get(bayId));
  }

  /** This controller's view of the site now. */
  public View view() {
    Plans p = plans;
    long current = Math.floorDiv(clock.millis(), slotMs);
    Map<String, BayReport> bays = new TreeMap<>();
    for (BayReport r : latest.values()) {
      bays.put(r.bayId(), Objects.requireNonNull(withDeparture(r)));
    }
    return new View(
        settings.controllerId(),
        planning,
        p.last(),
        p.lastAt(),
        List.copyOf(p.bySlot().tailMap(current, true).values()),
        bays,
        Map.copyOf(departures));
  }

  private void enqueue(ChargeEvent e) {
    if (journalQueued.incrementAndGet() > 10_000) {
      journalQueued.decrementAndGet();
      if (!journalFull) {
        journalFull = true;
        LOG.warning("site journal queue full (no journal attached?): plan events not recorded");
      }
      return;
    }
    toJournal.add(e);
  }

  /** Appends the queued events (on the reporter thread). */
  private void flushJournal() {
    EventStore store = journal;
    if (store == null || toJournal.isEmpty()) {
      return;
    }
    List<ChargeEvent> batch = new java.util.ArrayList<>();
    for (ChargeEvent e; (e = toJournal.poll()) != null; ) {
      batch.add(e);
      journalQueued.decrementAndGet();
    }
    try {
      store.append(PlanComputed.STREAM, ExpectedVersion.any(), batch);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "site: " + batch.size() + " plan events not recorded", e);
    }
  }

  /** True while this controller is the site's planner. */
  public boolean isPlanner() {
    return planning;
  }

  /** The plan this controller applies at {@code t}, or empty when it is on its fallback share. */
  public Optional<SiteAllocation> planAt(Instant t) {
    SiteAllocation a = plans.bySlot().get(Math.floorDiv(t.toEpochMilli(), slotMs));
    return a == null || a.fallback().contains(settings.controllerId())
        ? Optional.empty()
        : Optional.of(a);
  }

  /** The latest slot this controller holds a plan for (-1: none). */
  public long heldSlot() {
    NavigableMap<Long, SiteAllocation> m = plans.bySlot();
    return m.isEmpty() ? -1 : m.lastKey();
  }

  /** This controller's settings. */
  public Settings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- reporter

  private void runReporter() {
    try {
      while (running) {
        flushJournal();
        Instant now = clock.instant();
        long held = heldSlot();
        List<BayReport> reports = new java.util.ArrayList<>();
        for (BayReport r : latest.values()) {
          reports.add(withDeparture(r));
        }
        for (BayReport r : reports) {
          SiteReport m =
              new SiteReport(settings.controllerId(), settings.fallbackShareKw(), held, now, r);
          try {
            reportProducer.send(
                new ProducerRecord<>(
                    settings.topics().bays(), 0, key(r.bayId()), SiteMessages.encode(m)),
                (md, e) -> {
                  if (e != null) {
                    LOG.log(Level.FINE, "site report not published: " + e);
                  }
                });
          } catch (KafkaException e) {
            LOG.log(Level.FINE, "site report not published: " + e);
          }
        }
        fallback = Map.copyOf(FallbackSplit.split(fallbackShareNow(), List.copyOf(reports)));
        // a departure set, a journal attached or closing: at once; else the next interval
        if (wake.tryAcquire(settings.reportInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "site reporter stopped", e);
    } finally {
      flushJournal();
      reportProducer.close(Duration.ofSeconds(2));
    }
  }

  // ---------------------------------------------------------------- follower

  private void runFollower() {
    try {
      boolean positioned = false;
      while (running) {
        try {
          if (!positioned) {
            followConsumer.assign(List.of(allocationsPartition));
            long end =
                followConsumer.endOffsets(List.of(allocationsPartition)).get(allocationsPartition);
            followConsumer.seek(allocationsPartition, Math.max(0, end - 10));
            positioned = true;
          }
          for (ConsumerRecord<byte[], byte[]> r : followConsumer.poll(Duration.ofMillis(100))) {
            try {
              accept(SiteMessages.allocation(r.value()));
            } catch (SiteMessages.BadMessageException e) {
              LOG.warning("allocation at offset " + r.offset() + " ignored: " + e.getMessage());
            }
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          LOG.warning("site follower: " + e + " (on fallback until plans arrive again)");
          if (closing.await(1, TimeUnit.SECONDS)) {
            return;
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (running) {
        LOG.log(Level.SEVERE, "site follower stopped: this controller stays on fallback", e);
      }
    } finally {
      followConsumer.close(Duration.ofSeconds(2));
    }
  }

  /** Takes a plan in: newer generations win their slots and every later one. */
  private void accept(SiteAllocation a) {
    Plans p = plans;
    int maxGen = p.maxGeneration();
    long genFrom = p.genFrom();
    if (a.generation() < maxGen && a.slot() >= genFrom) {
      LOG.warning("plan " + a.planId() + " of an older planner ignored");
      return;
    }
    if (a.generation() > maxGen) {
      maxGen = a.generation();
      genFrom = a.slot();
    }
    long current = Math.floorDiv(clock.millis(), slotMs);
    TreeMap<Long, SiteAllocation> m = new TreeMap<>(p.bySlot().tailMap(current - 1, true));
    SiteAllocation had = m.get(a.slot());
    SiteAllocation last = p.last();
    Instant lastAt = p.lastAt();
    if (a.slot() >= current - 1 && (had == null || had.generation() < a.generation())) {
      m.put(a.slot(), a);
      last = a;
      lastAt = clock.instant();
    }
    plans = new Plans(m, maxGen, genFrom, last, lastAt);
  }

  // ---------------------------------------------------------------- planner

  private void runPlanner() {
    try {
      ensureTopics();
      groupConsumer.subscribe(List.of(settings.topics().bays()), new Rebalance());
      boolean retake = false;
      while (running) {
        try {
          if (retake) {
            retake = false;
            if (groupConsumer.assignment().contains(baysPartition)) {
              beginCatchUp(); // still this member's: read the site again and fence again
            }
          }
          for (ConsumerRecord<byte[], byte[]> r : groupConsumer.poll(Duration.ofMillis(50))) {
            take(r);
          }
          if (catchingUp && groupConsumer.position(baysPartition) >= catchUpEnd) {
            takeOver();
          }
          if (planning) {
            publishDue();
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          // the group will reassign the partition if this member is gone; until then no plans
          stepDown("Kafka error: " + e);
          retake = true;
          if (closing.await(1, TimeUnit.SECONDS)) {
            return;
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (running) {
        LOG.log(Level.SEVERE, "site planner stopped", e);
      }
    } finally {
      stepDown("closing");
      try {
        groupConsumer.close(Duration.ofSeconds(5)); // leaves the group: a new planner at once
      } catch (RuntimeException e) {
        LOG.fine("site group consumer close: " + e);
      }
    }
  }

  /** Creates the site's topics if they are missing, retrying until Kafka answers. */
  private void ensureTopics() throws InterruptedException {
    while (running) {
      Admin admin = Admin.create(new HashMap<>(base()));
      ensuring = admin;
      try {
        if (!running) {
          return;
        }
        settings.topics().ensure(admin, Duration.ofSeconds(10));
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warning("site topics not ready: " + e.getMessage() + " (retrying)");
        if (closing.await(1, TimeUnit.SECONDS)) {
          return;
        }
      } finally {
        ensuring = null;
        // never the client's default wait for calls a broker that is away never answers
        admin.close(Duration.ofMillis(500));
      }
    }
  }

  private void take(ConsumerRecord<byte[], byte[]> r) {
    String bay =
        r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
    if (r.value() == null) {
      site.remove(bay);
      return;
    }
    try {
      site.put(bay, SiteMessages.report(r.value()));
    } catch (SiteMessages.BadMessageException e) {
      LOG.warning("bay report at offset " + r.offset() + " ignored: " + e.getMessage());
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.contains(baysPartition)) {
        stepDown("revoked");
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      if (partitions.contains(baysPartition)) {
        stepDown("lost");
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.contains(baysPartition)) {
        beginCatchUp();
      }
    }
  }

  /** Reads the bay states from the beginning: the whole site, before planning. */
  private void beginCatchUp() {
    groupConsumer.seekToBeginning(List.of(baysPartition));
    site.clear();
    catchUpEnd = groupConsumer.endOffsets(List.of(baysPartition)).get(baysPartition);
    generation = groupConsumer.groupMetadata().generationId();
    catchingUp = true;
    LOG.info(
        "site planner role assigned to "
            + settings.controllerId()
            + " (generation "
            + generation
            + "): reading the site's bays");
  }

  /** Fences any earlier planner, finds the last slot planned and starts planning after it. */
  private void takeOver() {
    KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(transactionalProperties());
    try {
      p.initTransactions();
      long last = Math.max(lastPlannedSlot(), heldSlot());
      long now = clock.millis();
      firstSlot = Math.max(last + 1, Math.floorDiv(now, slotMs) + 1);
      lastPublished = -1;
      lastAttempted = -1;
      txProducer = p;
      catchingUp = false;
      planning = true;
      LOG.info(
          "site planner "
              + settings.controllerId()
              + " took over: "
              + site.size()
              + " bays, first slot "
              + firstSlot);
    } catch (KafkaException e) {
      p.close(Duration.ZERO);
      LOG.warning("site planner take-over failed, retrying: " + e);
    }
  }

  /** The highest slot on the allocations topic's committed tail. */
  private long lastPlannedSlot() {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(committedReader())) {
      c.assign(List.of(allocationsPartition));
      long end = c.endOffsets(List.of(allocationsPartition)).get(allocationsPartition);
      c.seek(allocationsPartition, Math.max(0, end - 50));
      long last = -1;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (c.position(allocationsPartition) < end) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException("allocations topic not read to its end within 10 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          try {
            last = Math.max(last, SiteMessages.allocation(r.value()).slot());
          } catch (SiteMessages.BadMessageException e) {
            // not a plan: no slot
          }
        }
      }
      return last;
    }
  }

  /** Publishes the next slot's plan once, at least half a slot before it starts. */
  private void publishDue() {
    long now = clock.millis();
    long s = Math.floorDiv(now, slotMs) + 1;
    if (s < firstSlot || s <= lastAttempted || s * slotMs - now < slotMs / 2) {
      return;
    }
    lastAttempted = s;
    SitePlanning.Planned planned;
    List<SiteReport> inputs = List.copyOf(site.values());
    long requireHeld = lastPublished == s - 1 ? s - 1 : -1;
    try {
      planned =
          SitePlanning.planned(
              inputs,
              Instant.ofEpochMilli(now),
              s,
              settings.slot(),
              settings.siteCapKw(),
              settings.schedule(),
              settings.policy(),
              settings.silentAfter(),
              requireHeld,
              settings.controllerId(),
              generation);
    } catch (IllegalArgumentException e) {
      LOG.warning("slot " + s + " not planned (controllers stay on fallback): " + e.getMessage());
      return;
    }
    SiteAllocation a = planned.allocation();
    KafkaProducer<byte[], byte[]> p = Objects.requireNonNull(txProducer);
    try {
      p.beginTransaction();
      p.send(
          new ProducerRecord<>(
              settings.topics().allocations(), 0, key("site"), SiteMessages.encode(a)));
      p.commitTransaction();
      lastPublished = s;
      recordPlan(a, planned.infeasible(), inputs, Instant.ofEpochMilli(now), requireHeld);
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      stepDown("fenced by a newer planner");
    } catch (KafkaException e) {
      LOG.warning("plan " + a.planId() + " not published: " + e);
      try {
        p.abortTransaction();
      } catch (KafkaException ignored) {
        stepDown("transaction failed");
      }
    }
  }

  /** Journals the published plan if its allocations differ from the last one recorded. */
  private void recordPlan(
      SiteAllocation a,
      List<String> infeasible,
      List<SiteReport> inputs,
      Instant now,
      long requireHeld) {
    String content =
        a.generation()
            + "|"
            + new TreeMap<>(a.bays())
            + "|"
            + new java.util.TreeSet<>(a.fallback())
            + "|"
            + a.reservedKw()
            + "|"
            + a.capKw();
    if (content.equals(lastRecorded)) {
      return;
    }
    lastRecorded = content;
    enqueue(
        SitePlanRecord.event(
            a,
            infeasible,
            inputs,
            now,
            settings.slot(),
            settings.siteCapKw(),
            settings.schedule(),
            settings.policy(),
            settings.silentAfter(),
            requireHeld));
  }

  private void stepDown(String why) {
    boolean was = planning || catchingUp;
    planning = false;
    catchingUp = false;
    KafkaProducer<byte[], byte[]> p = txProducer;
    txProducer = null;
    if (p != null) {
      p.close(Duration.ZERO);
    }
    if (was) {
      LOG.info("site planner " + settings.controllerId() + " stepped down: " + why);
    }
  }

  // ---------------------------------------------------------------- clients

  private static byte[] key(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private Map<String, Object> base() {
    Map<String, Object> p = new HashMap<>(settings.clientProperties());
    p.put("bootstrap.servers", settings.bootstrapServers());
    p.putIfAbsent("client.id", "chargebay-site-" + settings.controllerId());
    return p;
  }

  private Map<String, Object> producerProperties() {
    Map<String, Object> p = base();
    p.putIfAbsent("linger.ms", "5");
    p.putIfAbsent("max.block.ms", "2000");
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    return p;
  }

  private Map<String, Object> transactionalProperties() {
    Map<String, Object> p = producerProperties();
    p.put("client.id", "chargebay-site-planner-" + settings.controllerId());
    p.put("max.block.ms", "10000");
    p.put("transactional.id", settings.topics().transactionalId());
    p.put("transaction.timeout.ms", String.valueOf(Math.max(1000, slotMs)));
    return p;
  }

  private Map<String, Object> committedReader() {
    Map<String, Object> p = base();
    p.put("client.id", "chargebay-site-follower-" + settings.controllerId());
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed");
    p.put("auto.offset.reset", "earliest");
    p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return p;
  }

  private Map<String, Object> groupConsumerProperties() {
    Map<String, Object> p = committedReader();
    p.put("client.id", "chargebay-site-member-" + settings.controllerId());
    p.put("group.id", settings.topics().group());
    p.put("group.protocol", "classic");
    p.put(
        "partition.assignment.strategy",
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    long session = settings.sessionTimeout().toMillis();
    p.put("session.timeout.ms", String.valueOf(session));
    p.put("heartbeat.interval.ms", String.valueOf(Math.max(100, session / 3)));
    return p;
  }

  /** Stops the three threads; a planner steps down and leaves the group (a new one at once). */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    running = false;
    closing.countDown();
    wake.release();
    groupConsumer.wakeup();
    followConsumer.wakeup();
    Admin admin = ensuring;
    if (admin != null) {
      admin.close(Duration.ZERO); // fails the calls still waiting for an absent broker
    }
    for (Thread t : List.of(planner, follower, reporter)) {
      try {
        t.join(Duration.ofSeconds(15).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
