package org.chargebay.site;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      Policy policy) {
    public Settings {
      clientProperties = Map.copyOf(clientProperties);
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
  }

  /** The plans this controller holds, by slot: written by the follower thread only. */
  private record Plans(NavigableMap<Long, SiteAllocation> bySlot, int maxGeneration, long genFrom) {
    static final Plans NONE = new Plans(new TreeMap<>(), Integer.MIN_VALUE, Long.MIN_VALUE);
  }

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

  // planner thread only
  private final Map<String, SiteReport> site = new HashMap<>();
  private boolean catchingUp;
  private long catchUpEnd;
  private int generation;
  private @Nullable KafkaProducer<byte[], byte[]> txProducer;
  private long firstSlot;
  private long lastPublished = -1;
  private long lastAttempted = -1;

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
    long n = Math.floorDiv(now, slotMs);
    long into = now - n * slotMs;
    Plans p = plans;
    Map<String, Integer> f = fallback;
    int v = valueAt(p, f, n, bayId);
    if (into < guardMs) {
      v = Math.min(v, valueAt(p, f, n - 1, bayId));
    } else if (slotMs - into <= guardMs) {
      v = Math.min(v, valueAt(p, f, n + 1, bayId));
    }
    return OptionalInt.of(v);
  }

  private int valueAt(Plans p, Map<String, Integer> f, long slot, String bayId) {
    SiteAllocation a = p.bySlot().get(slot);
    if (a != null && !a.fallback().contains(settings.controllerId())) {
      SiteAllocation.Bay b = a.bays().get(bayId);
      return b == null ? 0 : b.milliamps();
    }
    return f.getOrDefault(bayId, 0);
  }

  @Override
  public void report(BayReport report) {
    latest.put(report.bayId(), report);
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
        Instant now = clock.instant();
        long held = heldSlot();
        Collection<BayReport> reports = List.copyOf(latest.values());
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
        fallback =
            Map.copyOf(FallbackSplit.split(settings.fallbackShareKw(), List.copyOf(reports)));
        if (closing.await(settings.reportInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "site reporter stopped", e);
    } finally {
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
    if (a.slot() >= current - 1 && (had == null || had.generation() < a.generation())) {
      m.put(a.slot(), a);
    }
    plans = new Plans(m, maxGen, genFrom);
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
      try (Admin admin = Admin.create(new HashMap<>(base()))) {
        settings.topics().ensure(admin, Duration.ofSeconds(10));
        return;
      } catch (RuntimeException e) {
        LOG.warning("site topics not ready: " + e.getMessage() + " (retrying)");
        if (closing.await(1, TimeUnit.SECONDS)) {
          return;
        }
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
    SiteAllocation a;
    try {
      a =
          SitePlanning.plan(
              List.copyOf(site.values()),
              Instant.ofEpochMilli(now),
              s,
              settings.slot(),
              settings.siteCapKw(),
              settings.policy(),
              settings.silentAfter(),
              lastPublished == s - 1 ? s - 1 : -1,
              settings.controllerId(),
              generation);
    } catch (IllegalArgumentException e) {
      LOG.warning("slot " + s + " not planned (controllers stay on fallback): " + e.getMessage());
      return;
    }
    KafkaProducer<byte[], byte[]> p = Objects.requireNonNull(txProducer);
    try {
      p.beginTransaction();
      p.send(
          new ProducerRecord<>(
              settings.topics().allocations(), 0, key("site"), SiteMessages.encode(a)));
      p.commitTransaction();
      lastPublished = s;
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
    running = false;
    closing.countDown();
    groupConsumer.wakeup();
    followConsumer.wakeup();
    for (Thread t : List.of(planner, follower, reporter)) {
      try {
        t.join(Duration.ofSeconds(15).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
