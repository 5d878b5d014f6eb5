package org.chargebay.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.chargebay.app.demo.DemoBay;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BayScheduler;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.DeviceEmergencyPaths;
import org.chargebay.bay.KafkaSamplePublisher;
import org.chargebay.bay.LoopWatchdog;
import org.chargebay.bay.MonotonicClock;
import org.chargebay.bay.SafeShutdown;
import org.chargebay.bay.SampleRecorder;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaOutboxRelay;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;
import org.chargebay.events.store.sqlite.SqliteSampleLog;
import org.chargebay.metrics.BayMetrics;
import org.chargebay.metrics.LoopMetrics;
import org.chargebay.metrics.RelayMetrics;
import org.chargebay.metrics.SampleMetrics;
import org.chargebay.session.ChargeDecider;
import org.chargebay.supply.ModbusConnections;
import org.jspecify.annotations.Nullable;

/**
 * Owns the journal, the bays and their scheduler for the life of the process. With no bays
 * configured it runs the demo: one simulated 13S NMC bay on loopback, 4.15 V/cell, 2 A, clock at
 * {@code chargebay.demo.clock-speed} x real time.
 */
@ApplicationScoped
public class BayRegistry {
  private static final Logger LOG = Logger.getLogger(BayRegistry.class.getName());

  @Inject ChargebayConfig config;
  @Inject BayMetrics metrics;
  @Inject LoopMetrics loopMetrics;
  @Inject RelayMetrics relayMetrics;
  @Inject SampleMetrics sampleMetrics;

  private final Map<String, BayRuntime> bays = new LinkedHashMap<>();
  private @Nullable EventStore store;
  private @Nullable SqliteSampleLog sampleLog;
  private @Nullable SampleRecorder sampleRecorder;
  private @Nullable SqliteEventStore relayJournal;
  private @Nullable SqliteOutboxPositions relayPositions;
  private @Nullable KafkaOutboxRelay relay;
  private @Nullable KafkaSamplePublisher samplePublisher;
  private @Nullable BayScheduler scheduler;
  private @Nullable LoopWatchdog watchdog;
  private @Nullable DemoBay demoBay;
  private @Nullable String startupError;
  private boolean demo;

  void onStart(@Observes StartupEvent event) {
    try {
      start();
    } catch (IllegalArgumentException | EventStoreException e) {
      startupError = e.getMessage();
      LOG.severe("chargebay cannot start: " + e.getMessage());
      closeAll();
      Quarkus.asyncExit(ChargebayMain.EX_CONFIG);
    }
  }

  private void start() {
    // Validate all configuration before touching any device or file.
    Map<String, BaySettings> settings = ConfigChecks.check(config);
    demo = config.demo().enabled().orElse(config.bays().isEmpty());
    Path journal = Path.of(config.journal().path());
    store = SqliteEventStore.open(journal);
    EventCodec codec = EventCodec.standard();
    List<BayRuntime> runtimes = new ArrayList<>();
    List<LoopWatchdog.Watched> watched = new ArrayList<>();
    Duration stallAfter = config.watchdog().stallAfter();
    Duration checkEvery = config.watchdog().checkEvery();
    if (demo) {
      DemoBay d = DemoBay.start(store, codec);
      demoBay = d;
      runtimes.add(d.runtime());
      watched.add(
          new LoopWatchdog.Watched(
              d.runtime(),
              d.emergencyPaths(),
              deviceDeadline(Duration.ofMillis(500), Duration.ofMillis(300))));
      scheduler = d.schedule(runtimes, config.demo().clockSpeed());
      LOG.info(
          "demo: "
              + d.describe()
              + ", clock x"
              + config.demo().clockSpeed()
              + ", journal "
              + journal.toAbsolutePath());
    } else {
      Clock clock = new MonotonicClock();
      for (var e : settings.entrySet()) {
        ChargebayConfig.Bay bay = config.bays().get(e.getKey());
        BayRuntime runtime =
            new BayRuntime(
                e.getValue(),
                clock,
                supply(e.getKey(), bay.supply()),
                bmsClient(e.getKey(), bay.bms()),
                store,
                codec,
                new ChargeDecider(e.getValue().decider()));
        runtimes.add(runtime);
        watched.add(
            new LoopWatchdog.Watched(
                runtime,
                new DeviceEmergencyPaths(
                    () ->
                        ModbusConnections.open(
                            bay.supply().url(),
                            bay.supply().unit(),
                            bay.supply().model(),
                            bay.supply().timeout()),
                    () -> bmsClient(e.getKey(), bay.bms())),
                deviceDeadline(bay.supply().timeout(), bay.bms().timeout())));
      }
      scheduler = BayScheduler.realTime(runtimes);
      LOG.info("running " + runtimes.size() + " bays, journal " + journal.toAbsolutePath());
    }
    watchdog = new LoopWatchdog(watched, stallAfter, System::nanoTime).start(checkEvery);
    if (config.samples().enabled()) {
      sampleLog = SqliteSampleLog.open(journal);
      sampleRecorder = new SampleRecorder(sampleLog, config.samples().retention());
    }
    if (config.kafka().bootstrapServers().isPresent()) {
      startRelay(journal);
    }
    for (BayRuntime r : runtimes) {
      bays.put(r.id(), r);
      metrics.register(r, BayConfigs.perCellMetrics(r.id(), config.bays()), store);
      loopMetrics.register(r);
      if (sampleRecorder != null) {
        r.addListener(sampleRecorder);
        sampleMetrics.register(sampleRecorder, r.id());
      }
      if (samplePublisher != null) {
        r.addListener(samplePublisher);
        sampleMetrics.register(samplePublisher, r.id());
      }
      KafkaOutboxRelay k = relay;
      if (k != null) {
        r.addListener(
            new BayListener() {
              @Override
              public void onEvents(
                  String bayId, List<EventEnvelope> stored, List<ChargeEvent> events) {
                k.wakeUp();
              }
            });
      }
    }
  }

  /**
   * Starts the outbox relay on its own thread with its own journal connection. Never waits for the
   * broker: an unreachable Kafka only makes the relay retry while its lag grows.
   */
  private void startRelay(Path journal) {
    ChargebayConfig.Kafka k = config.kafka();
    KafkaClients clients =
        new KafkaClients(k.bootstrapServers().orElseThrow(), k.topic(), k.properties());
    if (k.createTopic()) {
      try {
        clients.ensureTopic(k.partitions(), (short) -1, Duration.ofSeconds(10));
      } catch (EventStoreException e) {
        LOG.warning("Kafka: " + e.getMessage() + "; the relay retries until the topic exists");
      }
    }
    relayJournal = SqliteEventStore.open(journal);
    relayPositions = SqliteOutboxPositions.open(journal);
    relay =
        new KafkaOutboxRelay(
            clients,
            relayJournal,
            relayPositions,
            new KafkaOutboxRelay.Settings(
                k.relayName(), k.batchSize(), Duration.ofMillis(200), Duration.ofSeconds(1)));
    relay.start();
    relayMetrics.register(relay, k.topic());
    if (k.samplesTopic().isPresent()) {
      samplePublisher =
          new KafkaSamplePublisher(
              new KafkaClients(clients.bootstrapServers(), k.samplesTopic().get(), k.properties()));
    }
    LOG.info(
        "Kafka outbox relay '"
            + k.relayName()
            + "' publishing the journal to "
            + k.topic()
            + " at "
            + clients.bootstrapServers()
            + " from position "
            + relay.acknowledgedPosition());
  }

  private static org.chargebay.supply.SupplyDriver supply(String id, ChargebayConfig.Supply s) {
    try {
      return ModbusConnections.open(s.url(), s.unit(), s.model(), s.timeout());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("chargebay.bays." + id + ".supply: " + e.getMessage(), e);
    }
  }

  private static BmsClient bmsClient(String id, ChargebayConfig.Bms bms) {
    String key = "chargebay.bays." + id + ".bms";
    try {
      return BmsClients.open(
          bms.family(),
          bms.url(),
          BmsOptions.create(
              o ->
                  o.responseTimeout(bms.timeout())
                      .protocol(bms.protocol().orElse(null))
                      .address(bms.address().orElse(null))
                      .baud(bms.baud().orElse(null))
                      .conventions(conventions(bms.conventions()))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static BmsConventions conventions(ChargebayConfig.Conventions c) {
    return BmsConventions.create(
        b -> {
          c.dalyCurrentSign().ifPresent(b::dalyCurrentSign);
          c.antLegacyCurrentSign().ifPresent(b::antLegacyCurrentSign);
          c.antMosByteOrder().ifPresent(b::antMosByteOrder);
          c.cellIndexPolicy().ifPresent(b::cellIndexPolicy);
        });
  }

  void onStop(@Observes ShutdownEvent event) {
    closeAll();
  }

  private synchronized void closeAll() {
    long deadline = System.nanoTime() + config.shutdown().timeout().toNanos();
    if (scheduler != null) {
      scheduler.stop(Duration.ofNanos(Math.max(0, (deadline - System.nanoTime()) / 2)));
      scheduler = null;
    }
    if (watchdog != null) {
      watchdog.close();
      watchdog = null;
    }
    SafeShutdown.run(bays.values(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    for (BayRuntime r : bays.values()) {
      r.close();
    }
    bays.clear();
    if (samplePublisher != null) {
      samplePublisher.close();
      samplePublisher = null;
    }
    if (relay != null) {
      relay.close();
      relay = null;
    }
    if (relayPositions != null) {
      relayPositions.close();
      relayPositions = null;
    }
    if (relayJournal != null) {
      relayJournal.close();
      relayJournal = null;
    }
    if (sampleRecorder != null) {
      sampleRecorder.close();
      sampleRecorder = null;
    }
    if (sampleLog != null) {
      sampleLog.close();
      sampleLog = null;
    }
    if (demoBay != null) {
      demoBay.close();
      demoBay = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  public List<BayRuntime> bays() {
    return List.copyOf(bays.values());
  }

  public Optional<BayRuntime> bay(String id) {
    return Optional.ofNullable(bays.get(id));
  }

  public Optional<EventStore> store() {
    return Optional.ofNullable(store);
  }

  public Optional<String> startupError() {
    return Optional.ofNullable(startupError);
  }

  /** The Kafka outbox relay, if {@code chargebay.kafka.bootstrap-servers} is set. */
  public Optional<KafkaOutboxRelay> relay() {
    return Optional.ofNullable(relay);
  }

  /** The demo bay while the demo runs (tests flip its simulated faults through it). */
  public Optional<DemoBay> demoBay() {
    return Optional.ofNullable(demoBay);
  }

  public boolean demo() {
    return demo;
  }

  /** Wall nanoseconds since the bay's last completed poll, -1 if none yet (or no such bay). */
  public long nanosSinceLastTick(String id) {
    BayRuntime bay = bays.get(id);
    if (bay == null || bay.lastCycleEndNanos() < 0) {
      return -1;
    }
    return bay.nanoClock().getAsLong() - bay.lastCycleEndNanos();
  }

  /**
   * The longest one device call may take: a connect (1 s) plus five request timeouts of the slower
   * device (reads retried, a MOSFET command with its read-back, output off re-sent).
   */
  static Duration deviceDeadline(Duration supplyTimeout, Duration bmsTimeout) {
    Duration slower = supplyTimeout.compareTo(bmsTimeout) >= 0 ? supplyTimeout : bmsTimeout;
    return Duration.ofSeconds(1).plus(slower.multipliedBy(5));
  }
}
