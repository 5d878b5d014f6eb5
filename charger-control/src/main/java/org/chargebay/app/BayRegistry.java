package org.chargebay.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.chargebay.app.demo.DemoBay;
import org.chargebay.bay.BayFleet;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRules;
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
import org.chargebay.events.BayConfigured;
import org.chargebay.events.BayDefinition;
import org.chargebay.events.BayRemoved;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.replay.BayConfigurations;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaOutboxRelay;
import org.chargebay.events.store.sqlite.SqliteAuditLog;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;
import org.chargebay.events.store.sqlite.SqliteSampleLog;
import org.chargebay.metrics.BayMetrics;
import org.chargebay.metrics.LoopMetrics;
import org.chargebay.metrics.RelayMetrics;
import org.chargebay.metrics.SampleMetrics;
import org.chargebay.packs.PackRecorder;
import org.chargebay.supply.ModbusConnections;
import org.chargebay.supply.SupplyDriver;
import org.jspecify.annotations.Nullable;

/**
 * Owns the journal, the bays and their scheduler for the life of the process. With no bays
 * configured it runs the demo: three simulated bays on loopback ({@link DemoBay}: 13S NMC, 16S LFP
 * and 20S NMC), clock at {@code chargebay.demo.clock-speed} x real time.
 */
@ApplicationScoped
public class BayRegistry {
  private static final Logger LOG = Logger.getLogger(BayRegistry.class.getName());

  /** How long a normal stop waits for the Kafka relay to publish the last events. */
  private static final Duration RELAY_DRAIN = Duration.ofSeconds(5);

  @Inject ChargebayConfig config;
  @Inject BayMetrics metrics;
  @Inject BayTraces traces;
  @Inject LoopMetrics loopMetrics;
  @Inject RelayMetrics relayMetrics;
  @Inject SampleMetrics sampleMetrics;
  @Inject SiteService site;

  private final Clock wallClock = new MonotonicClock();
  private final Map<String, ConfiguredBay> fileBays = new LinkedHashMap<>();
  private volatile @Nullable BayFleet fleet;
  private volatile List<BayRuntime> demoRuntimes = List.of();
  private volatile @Nullable EventStore store;
  private @Nullable SqliteSampleLog sampleLog;
  private @Nullable SampleRecorder sampleRecorder;
  private @Nullable SqliteEventStore relayJournal;
  private @Nullable SqliteOutboxPositions relayPositions;
  private @Nullable KafkaOutboxRelay relay;
  private @Nullable KafkaSamplePublisher samplePublisher;
  private @Nullable BayScheduler scheduler;
  private @Nullable BayScheduler demoScheduler;
  private @Nullable LoopWatchdog watchdog;
  private @Nullable DemoBay demoBay;
  private volatile @Nullable String startupError;
  private volatile boolean demo;

  /** A bay of the configuration file: its validated settings and its configuration. */
  private record ConfiguredBay(BaySettings settings, ChargebayConfig.Bay config) {}

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

  private synchronized void start() {
    boolean haveFileBays = !config.bays().isEmpty();
    // Validate all configuration before touching any device or file.
    Map<String, BaySettings> checked = ConfigChecks.check(config);
    for (var e : config.bays().entrySet()) {
      fileBays.put(e.getKey(), new ConfiguredBay(checked.get(e.getKey()), e.getValue()));
    }
    Duration stallAfter = config.watchdog().stallAfter();
    Duration checkEvery = config.watchdog().checkEvery();
    Path journal = Path.of(config.journal().path());
    EventStore journalStore = SqliteEventStore.open(journal);
    store = journalStore;
    int audited = SqliteAuditLog.migrateToJournal(journal, journalStore);
    if (audited > 0) {
      LOG.info(
          "moved "
              + audited
              + " entries of the audit table into the journal's stream "
              + CommandAudited.STREAM);
    }
    Map<String, BayDefinition> apiBays =
        BayConfigurations.fold(journalStore, EventCodec.standard());
    for (String id : fileBays.keySet()) {
      if (apiBays.remove(id) != null) {
        LOG.warning(
            "bay "
                + id
                + " is in the configuration file and was also configured through the API:"
                + " the configuration file wins");
      }
    }
    Map<String, BaySettings> apiSettings = new LinkedHashMap<>();
    for (var e : apiBays.entrySet()) {
      try {
        apiSettings.put(e.getKey(), BayDefinitions.toSettings(e.getKey(), e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            "bay " + e.getKey() + " as configured through the API: " + ex.getMessage(), ex);
      }
    }
    demo = config.demo().enabled().orElse(!haveFileBays && apiBays.isEmpty());
    if (demo && haveFileBays) {
      throw new IllegalArgumentException(
          "chargebay.demo.enabled=true and chargebay.bays.* are both set: choose one");
    }
    EventCodec codec = EventCodec.standard();
    if (config.samples().enabled()) {
      sampleLog = SqliteSampleLog.open(journal);
      sampleRecorder = new SampleRecorder(sampleLog, config.samples().retention());
    }
    if (config.kafka().bootstrapServers().isPresent()) {
      startRelay(journal);
    }
    ExecutorService pt =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "packs");
              t.setDaemon(true);
              return t;
            });
    packThread = pt;
    packs = new PackRecorder(journalStore, pt);
    LoopWatchdog dog = new LoopWatchdog(List.of(), stallAfter, System::nanoTime);
    watchdog = dog;
    if (demo) {
      DemoBay d = DemoBay.start(journalStore, codec);
      demoBay = d;
      site.start(journalStore, d.clock());
      for (BayRuntime r : d.runtimes()) {
        String id = r.id();
        packAccess.put(id, new PackAccess(() -> d.openBms(id), null));
        hooks().added(r);
        dog.watch(
            new LoopWatchdog.Watched(
                r,
                d.emergencyPaths(id),
                deviceDeadline(Duration.ofMillis(500), Duration.ofMillis(300))));
      }
      demoRuntimes = d.runtimes();
      demoScheduler = d.schedule(d.runtimes(), config.demo().clockSpeed());
      LOG.info(
          "demo: "
              + d.describe()
              + ", clock x"
              + config.demo().clockSpeed()
              + ", journal "
              + journal.toAbsolutePath());
    }
    if (!demo) {
      site.start(journalStore, wallClock);
    }
    BayScheduler loops = BayScheduler.realTime(List.of());
    scheduler = loops;
    BayFleet f = new BayFleet(loops, dog, hooks());
    fleet = f;
    for (var e : fileBays.entrySet()) {
      String id = e.getKey();
      ChargebayConfig.Bay bay = e.getValue().config();
      f.add(id, () -> build(e.getValue().settings(), fileDevices(id, bay), perCell(id)), () -> {});
    }
    for (var e : apiSettings.entrySet()) {
      BayDefinition d = apiBays.get(e.getKey());
      f.add(
          e.getKey(),
          () -> build(e.getValue(), apiDevices(e.getKey(), d), d.perCellMetrics()),
          () -> {});
    }
    dog.start(checkEvery);
    LOG.info(
        "running "
            + (fileBays.size() + apiSettings.size())
            + " bays ("
            + fileBays.size()
            + " from the configuration file, "
            + apiSettings.size()
            + " configured through the API)"
            + (demo ? " besides the demo" : "")
            + ", journal "
            + journal.toAbsolutePath());
    if (!demo && fileBays.isEmpty() && apiSettings.isEmpty()) {
      LOG.warning(
          "no bays configured (chargebay.bays.<id>.*, or PUT /api/admin/bays/<id>) and the demo is"
              + " disabled: nothing runs until a bay is added through the API");
    }
  }

  /** How a bay reaches its devices: the loop's own and the watchdog's. */
  private record Devices(
      Supplier<SupplyDriver> supply,
      Supplier<BmsClient> bms,
      Duration deviceDeadline,
      @Nullable String packLabel) {}

  private Devices fileDevices(String id, ChargebayConfig.Bay bay) {
    return new Devices(
        () -> supply(id, bay.supply()),
        () -> bmsClient(id, bay.bms()),
        deviceDeadline(bay.supply().timeout(), bay.bms().timeout()),
        null);
  }

  private static Devices apiDevices(String id, BayDefinition d) {
    Duration supplyTimeout = Duration.ofMillis(d.supply().timeoutMillis());
    Duration bmsTimeout = Duration.ofMillis(d.bms().timeoutMillis());
    return new Devices(
        () -> {
          try {
            return ModbusConnections.open(
                d.supply().url(), d.supply().unit(), d.supply().model(), supplyTimeout);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("supply: " + e.getMessage(), e);
          }
        },
        () -> {
          if (BayDefinitions.hasNoBms(d)) {
            return new org.chargebay.bay.NoBmsClient();
          }
          try {
            return BmsClients.open(
                d.bms().family(),
                java.util.Objects.requireNonNull(d.bms().url(), "bms.url"),
                BmsOptions.create(
                    o ->
                        o.responseTimeout(bmsTimeout)
                            .protocol(d.bms().protocol())
                            .address(d.bms().address())
                            .baud(d.bms().baud())));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bms: " + e.getMessage(), e);
          }
        },
        deviceDeadline(supplyTimeout, bmsTimeout),
        d.packLabel());
  }

  /** Builds a bay's runtime (folding its stream) and the watchdog's paths to its devices. */
  private LoopWatchdog.Watched build(BaySettings settings, Devices devices, boolean perCell) {
    EventStore s = requireStore();
    SupplyDriver supply = devices.supply().get();
    BmsClient bms;
    try {
      bms = devices.bms().get();
    } catch (RuntimeException e) {
      supply.close();
      throw e;
    }
    BayRuntime runtime =
        new BayRuntime(
            settings, wallClock, supply, bms, s, EventCodec.standard(), BayRules.decider(settings));
    perCellBays.put(settings.id(), perCell);
    packAccess.put(settings.id(), new PackAccess(devices.bms(), devices.packLabel()));
    return new LoopWatchdog.Watched(
        runtime,
        new DeviceEmergencyPaths(devices.supply(), devices.bms()),
        devices.deviceDeadline());
  }

  /** Per bay: whether it exports one series per cell (read by the metrics hook). */
  private final Map<String, Boolean> perCellBays = new ConcurrentHashMap<>();

  /** Per bay: how the pack recorder reaches its BMS, and the bay's pack label (if any). */
  private record PackAccess(Supplier<BmsClient> bms, @Nullable String label) {}

  private final Map<String, PackAccess> packAccess = new ConcurrentHashMap<>();

  /** Per bay: the pack recorder's own client of the bay's BMS (a shared link), once opened. */
  private final Map<String, BmsClient> idClients = new ConcurrentHashMap<>();

  private volatile @Nullable PackRecorder packs;
  private @Nullable ExecutorService packThread;

  /** The pack recorder: labels given at a start go through it. */
  public Optional<PackRecorder> packs() {
    return Optional.ofNullable(packs);
  }

  private boolean perCell(String id) {
    ConfiguredBay file = fileBays.get(id);
    return file == null || file.config().metrics().perCell();
  }

  /** Meters and listeners that follow each bay in and out of the fleet. */
  private BayFleet.Hooks hooks() {
    return new BayFleet.Hooks() {
      @Override
      public void added(BayRuntime r) {
        EventStore s = requireStore();
        site.attach(r);
        metrics.register(r, perCellBays.getOrDefault(r.id(), true), s);
        loopMetrics.register(r);
        traces.register(r);
        if (sampleRecorder != null) {
          r.addListener(sampleRecorder);
          sampleMetrics.register(sampleRecorder, r.id());
        }
        if (samplePublisher != null) {
          r.addListener(samplePublisher);
          sampleMetrics.register(samplePublisher, r.id());
        }
        PackRecorder p = packs;
        PackAccess access = packAccess.get(r.id());
        if (p != null && access != null) {
          r.addListener(
              p.observe(
                  r.id(),
                  () -> idClients.computeIfAbsent(r.id(), x -> access.bms().get()).readHardwareId(),
                  access::label,
                  2 * r.settings().pollInterval().toMillis()));
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

      @Override
      public void removed(BayRuntime r) {
        metrics.unregister(r.id());
        traces.unregister(r.id());
        perCellBays.remove(r.id());
        packAccess.remove(r.id());
        BmsClient idClient = idClients.remove(r.id());
        if (idClient != null) {
          idClient.close();
        }
      }
    };
  }

  private EventStore requireStore() {
    EventStore s = store;
    if (s == null) {
      throw new IllegalStateException("the journal is not open");
    }
    return s;
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
    if (BayConfigs.hasNoBms(bms)) {
      return new org.chargebay.bay.NoBmsClient();
    }
    try {
      return BmsClients.open(
          bms.family(),
          bms.url().orElseThrow(() -> new IllegalArgumentException("url is required")),
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
    List<BayRuntime> all = bays();
    if (demoScheduler != null) {
      demoScheduler.stop(Duration.ofNanos(Math.max(0, (deadline - System.nanoTime()) / 4)));
      demoScheduler = null;
    }
    if (scheduler != null) {
      scheduler.stop(Duration.ofNanos(Math.max(0, (deadline - System.nanoTime()) / 2)));
      scheduler = null;
    }
    if (watchdog != null) {
      watchdog.close();
      watchdog = null;
    }
    SafeShutdown.run(all, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    site.stop();
    for (BayRuntime r : all) {
      r.close();
    }
    if (packThread != null) {
      packThread.shutdownNow();
      packThread = null;
    }
    packs = null;
    idClients.values().forEach(BmsClient::close);
    idClients.clear();
    fleet = null;
    demoRuntimes = List.of();
    if (samplePublisher != null) {
      samplePublisher.close();
      samplePublisher = null;
    }
    if (relay != null) {
      // the shutdown's own events (outputs off, sessions stopped) reach Kafka now, not at the next
      // start; a broker that does not answer delays the stop by RELAY_DRAIN at most
      if (!relay.close(RELAY_DRAIN)) {
        LOG.warning(
            "Kafka outbox relay stopped with "
                + relay.lagEvents()
                + " events not yet published (last error: "
                + relay.lastError()
                + "); the next start publishes them");
      }
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

  /** Every running bay: the demo bays first (if they run), then the others in the order added. */
  public List<BayRuntime> bays() {
    List<BayRuntime> all = new ArrayList<>(demoRuntimes);
    BayFleet f = fleet;
    if (f != null) {
      all.addAll(f.bays());
    }
    return List.copyOf(all);
  }

  public Optional<BayRuntime> bay(String id) {
    Optional<BayRuntime> demoBay = demo(id);
    if (demoBay.isPresent()) {
      return demoBay;
    }
    BayFleet f = fleet;
    return f == null ? Optional.empty() : f.bay(id);
  }

  /** The demo bay of this id, if the demo runs and has it. */
  private Optional<BayRuntime> demo(String id) {
    for (BayRuntime r : demoRuntimes) {
      if (r.id().equals(id)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Where a bay's configuration comes from. */
  public enum Source {
    /** {@code chargebay.bays.<id>.*}; changed only by editing the file and restarting. */
    FILE,
    /** {@code PUT /api/admin/bays/<id>}, kept in the journal. */
    API,
    /** A simulated demo bay. */
    DEMO
  }

  /** The source of a running bay's configuration. */
  public Optional<Source> source(String id) {
    if (bay(id).isEmpty()) {
      return Optional.empty();
    }
    if (demo(id).isPresent()) {
      return Optional.of(Source.DEMO);
    }
    return Optional.of(fileBays.containsKey(id) ? Source.FILE : Source.API);
  }

  /** The definitions of the bays configured through the API, as the journal holds them. */
  public Map<String, BayDefinition> apiDefinitions() {
    return BayConfigurations.fold(requireStore(), EventCodec.standard());
  }

  /** What {@link #configure} did. */
  public enum Configured {
    ADDED,
    CHANGED
  }

  /**
   * Adds a bay, or changes one configured through the API, while the others run: the definition is
   * recorded ({@code BayConfigured}) and the bay started at once. A change replaces the running bay
   * (which must have no open session) with one built from the new definition.
   *
   * @throws ErrorMappers refusals: 409 for a bay of the configuration file or the demo, a bay with
   *     an open session, or one being changed already; 400 (IllegalArgumentException) for a
   *     definition the bay cannot be built from
   */
  public synchronized Configured configure(String id, BayDefinition definition, String by) {
    BayFleet f = requireFleet();
    refuseNonApi(id, "changed");
    BaySettings settings;
    try {
      settings = BayDefinitions.toSettings(id, definition);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bay " + id + ": " + e.getMessage(), e);
    }
    Runnable record =
        () ->
            append(
                new BayConfigured(id, wallClock.instant(), by, definition),
                "the configuration of bay " + id);
    Configured result = Configured.ADDED;
    BayDefinition old = apiDefinitions().get(id);
    if (f.bay(id).isPresent()) {
      BayFleet.Removal removal = f.remove(id, loopBound(id), offBound(), () -> {});
      refuseUnlessRemoved(id, removal, "changed");
      result = Configured.CHANGED;
    }
    try {
      f.add(
          id,
          () -> build(settings, apiDevices(id, definition), definition.perCellMetrics()),
          record);
    } catch (BayFleet.Conflict e) {
      throw ErrorMappers.refusal(Response.Status.CONFLICT, "bay_changing", e.getMessage());
    } catch (RuntimeException e) {
      if (result == Configured.CHANGED && old != null) {
        // the new definition could not be built: the recorded one runs again
        f.add(
            id,
            () ->
                build(
                    BayDefinitions.toSettings(id, old), apiDevices(id, old), old.perCellMetrics()),
            () -> {});
      }
      throw e;
    }
    return result;
  }

  /**
   * Removes a bay configured through the API while the others run: refused (409) while it has an
   * open session; otherwise its loop stops, its output is turned off and confirmed, {@code
   * BayRemoved} is recorded and its meters are unregistered. Its stream keeps its history.
   *
   * @return each path's outcome of turning the output off
   */
  public synchronized List<String> remove(String id, String by, String reason) {
    BayFleet f = requireFleet();
    if (bay(id).isEmpty()) {
      throw ErrorMappers.refusal(
          Response.Status.NOT_FOUND,
          "unknown_bay",
          "no bay '"
              + ErrorMappers.echo(id)
              + "'; known: "
              + bays().stream().map(BayRuntime::id).toList());
    }
    refuseNonApi(id, "removed");
    BayFleet.Removal removal =
        f.remove(
            id,
            loopBound(id),
            offBound(),
            () ->
                append(
                    new BayRemoved(id, wallClock.instant(), by, reason),
                    "the removal of bay " + id));
    refuseUnlessRemoved(id, removal, "removed");
    return ((BayFleet.Removal.Removed) removal).actions();
  }

  private void refuseNonApi(String id, String verb) {
    if (fileBays.containsKey(id)) {
      throw ErrorMappers.refusal(
          Response.Status.CONFLICT,
          "configured_in_file",
          "bay "
              + id
              + " is configured in the configuration file (chargebay.bays."
              + id
              + ".*): it is "
              + verb
              + " by editing the file and restarting, not through the API");
    }
    if (demo(id).isPresent()) {
      throw ErrorMappers.refusal(
          Response.Status.CONFLICT,
          "demo_bay",
          "bay " + id + " is the simulated demo bay; it cannot be " + verb + " through the API");
    }
  }

  private static void refuseUnlessRemoved(String id, BayFleet.Removal removal, String verb) {
    if (removal instanceof BayFleet.Removal.Removed) {
      return;
    }
    if (removal instanceof BayFleet.Removal.Active a) {
      throw ErrorMappers.refusal(
          Response.Status.CONFLICT,
          "bay_active",
          "bay "
              + id
              + " has an open session ("
              + a.sessionId()
              + ", phase "
              + a.phase()
              + "): stop it first (POST /api/bays/"
              + id
              + "/stop), then it can be "
              + verb);
    }
    if (removal instanceof BayFleet.Removal.Busy) {
      throw ErrorMappers.refusal(
          Response.Status.CONFLICT,
          "bay_changing",
          "bay " + id + " is being added or removed already; try again when that is done");
    }
    if (removal instanceof BayFleet.Removal.LoopStuck s) {
      throw ErrorMappers.refusal(
          Response.Status.SERVICE_UNAVAILABLE,
          "bay_busy",
          "bay "
              + id
              + "'s loop is still inside a device call after "
              + s.waited().toMillis()
              + " ms; try again");
    }
    throw ErrorMappers.refusal(
        Response.Status.NOT_FOUND, "unknown_bay", "no bay '" + ErrorMappers.echo(id) + "'");
  }

  private void append(ChargeEvent event, String what) {
    try {
      requireStore().append(BayConfigured.STREAM, ExpectedVersion.any(), List.of(event));
    } catch (EventStoreException e) {
      throw ErrorMappers.refusal(
          Response.Status.SERVICE_UNAVAILABLE,
          "journal_unavailable",
          what + " could not be recorded: " + e.getMessage());
    }
  }

  /** Long enough for the bay's loop to finish a worst-case cycle: every device call's deadline. */
  private Duration loopBound(String id) {
    return bay(id)
        .map(b -> b.settings().pollInterval().plus(Duration.ofSeconds(10)))
        .orElse(Duration.ofSeconds(10));
  }

  private Duration offBound() {
    return config.shutdown().timeout();
  }

  private BayFleet requireFleet() {
    BayFleet f = fleet;
    if (f == null) {
      throw ErrorMappers.refusal(
          Response.Status.SERVICE_UNAVAILABLE,
          "not_running",
          startupError == null
              ? "the controller is not running"
              : "the controller did not start: " + startupError);
    }
    return f;
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
    BayRuntime bay = bay(id).orElse(null);
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
