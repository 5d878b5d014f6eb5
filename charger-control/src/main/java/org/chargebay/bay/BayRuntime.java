package org.chargebay.bay;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.replay.Decider;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.safety.SafetyHistory;
import org.chargebay.safety.SafetyInputs;
import org.chargebay.safety.SafetyLimits;
import org.chargebay.safety.SafetySupervisor;
import org.chargebay.safety.SafetyVerdict;
import org.chargebay.session.ChargeCommand;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargePlan;
import org.chargebay.session.ChargeState;
import org.chargebay.session.Observation;
import org.chargebay.session.SupplyFacts;
import org.chargebay.site.BayReport;
import org.chargebay.site.SiteAllocations;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.jspecify.annotations.Nullable;

/**
 * One bay's I/O shell. Each {@link #tick()} polls the BMS and the supply, and hands what it got to
 * the pure parts: {@link Telemetry} (freshness, current window, charge and energy), the {@link
 * SafetySupervisor}, the {@link ChargeDecider} and {@link Effects}. It appends the decided events
 * to the journal and only then executes their device commands. The one exception is a safety
 * cut-off: its commands run first and the outcome of each path is recorded right after, so that no
 * disk can delay it.
 *
 * <p>Not thread-safe: one thread calls {@link #tick()} (the scheduler's). Operator commands from
 * other threads are queued and run inside the next tick, in order.
 *
 * <p>On construction the bay's state is folded from its stream. A bay that was charging is treated
 * as unverified: its output is commanded off at once, a {@code ChargeSuspended} is recorded, and
 * the session resumes only after fresh telemetry passes the checks.
 */
public final class BayRuntime implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BayRuntime.class.getName());

  private final BaySettings settings;
  private final Clock clock;
  private final BayDevices devices;
  private final EventStore store;
  private final Decider<ChargeCommand, ChargeState, ChargeEvent> decider;
  private final ConcurrentLinkedQueue<Pending> inbox = new ConcurrentLinkedQueue<>();
  private final List<BayListener> listeners = new CopyOnWriteArrayList<>();
  private final List<IoCall> transcript = new ArrayList<>();
  private final Instant bootAt;
  private final long bootVersion;
  private final int bootCalls;

  private ChargeState state;
  private Telemetry telemetry;
  private volatile SafetyHistory safetyHistory = SafetyHistory.NONE;

  /** Cut-off paths that failed and are retried on every poll until confirmed, with their count. */
  private final java.util.LinkedHashMap<DeviceCommand, Integer> failedCutPaths =
      new java.util.LinkedHashMap<>();

  /** {@link #failedCutPaths}' path names as of the loop's last change, for any thread to read. */
  private volatile List<String> unconfirmedCutPaths = List.of();

  private @Nullable String lastError;
  private @Nullable String lastRefusal;
  private boolean autoStartTried;
  private long tickCount;
  private @Nullable Instant lastPolledAt;
  private boolean lastPollAsleep;
  private Instant now;
  private volatile BayStatus status;

  private int cycleRevision = TickRecord.Boot.CYCLE_REVISION;
  private LongSupplier nanoClock = System::nanoTime;
  private volatile long lastCycleEndNanos = -1;
  private volatile long lastCycleNanos;
  private volatile boolean outputMayBeOn;
  private final AtomicReference<WatchdogCut> watchdogCut = new AtomicReference<>();
  private volatile SiteAllocations site = SiteAllocations.none();
  private volatile boolean siteConfigured;
  private @Nullable Integer allocation;

  /**
   * What the watchdog did to this bay while its loop was stalled, waiting to be recorded by the
   * loop once it returns.
   */
  private record WatchdogCut(String detail, List<String> actions) {}

  private record Pending(OperatorCommand command, CompletableFuture<List<ChargeEvent>> result) {}

  /** Folds the bay's stream and, if it was mid-charge, holds its output off. */
  public BayRuntime(
      BaySettings settings,
      Clock clock,
      SupplyDriver supply,
      BmsClient bms,
      EventStore store,
      EventCodec codec,
      Decider<ChargeCommand, ChargeState, ChargeEvent> decider) {
    this.settings = settings;
    this.clock = clock;
    this.now = clock.instant();
    this.bootAt = now;
    this.devices = new BayDevices(supply, bms, transcript::add, () -> nanoClock.getAsLong());
    this.store = store;
    this.decider = decider;
    this.state =
        decider.fold(store.readStream(settings.streamId(), 1).stream().map(codec::decode).toList());
    this.bootVersion = state.version();
    this.telemetry = Telemetry.resumedFrom(state);
    List<DeviceCommand> startUp = Effects.atStartUp(state);
    if (!startUp.isEmpty()) {
      List<String> actions = BayDevices.describe(devices.executeAll(startUp));
      LOG.warning(
          () ->
              "bay "
                  + settings.id()
                  + ": found session "
                  + state.sessionId()
                  + " in phase "
                  + state.phase()
                  + " after a restart; output held off: "
                  + actions);
      record(decider.decide(new ChargeCommand.RecoverAfterRestart(now, observation()), state));
    }
    this.bootCalls = transcript.size();
    this.outputMayBeOn = mayBeOn(state);
    this.status = BayStatus.of(settings, state, telemetry, now, lastError, lastRefusal);
  }

  /**
   * The monotonic time source of {@link #lastCycleEndNanos()} (wall {@code System.nanoTime} unless
   * a test shares a simulated one with the watchdog). Set before the first tick.
   */
  public void useNanoClock(LongSupplier nanos) {
    this.nanoClock = nanos;
  }

  /**
   * Where this bay's share of the site's power comes from (none unless a site is configured): each
   * cycle reads the allocation once, before deciding, and reports the bay's state after it. May be
   * set while the loop runs (it takes effect at the next cycle).
   */
  public void useSiteAllocations(SiteAllocations allocations) {
    this.site = allocations;
    this.siteConfigured = true;
  }

  /**
   * Runs cycles in the order of an older revision ({@link TickRecord.Boot#cycleRevision()}): for a
   * replay of a recording made with it. Set before the first tick.
   */
  void runCycleRevision(int revision) {
    this.cycleRevision = revision;
  }

  /** A cell reading equal to ceiling + margin cuts from revision 3 on; before, only above it. */
  private SafetySupervisor.CellLimit cellLimit() {
    return cycleRevision >= 3
        ? SafetySupervisor.CellLimit.REACHED
        : SafetySupervisor.CellLimit.ABOVE;
  }

  public String id() {
    return settings.id();
  }

  public BaySettings settings() {
    return settings;
  }

  public BayStatus status() {
    return status;
  }

  public ChargeState state() {
    return state;
  }

  public void addListener(BayListener listener) {
    listeners.add(listener);
  }

  /** Queues a start; completes with the events it produced (a refusal is an event too). */
  public CompletableFuture<List<ChargeEvent>> start(String sessionId, ChargeProfile profile) {
    return submit(new OperatorCommand.Start(sessionId, profile));
  }

  /** Queues a start asked for by {@code by} (a login), recorded in its {@code ChargeStarted}. */
  public CompletableFuture<List<ChargeEvent>> start(
      String sessionId, ChargeProfile profile, String by) {
    return submit(new OperatorCommand.Start(sessionId, profile, by));
  }

  /**
   * Queues a start with a charge policy (delayed, finish by, target); completes with the events it
   * produced (a {@code ChargePlanned} alone when it waits for its time).
   */
  public CompletableFuture<List<ChargeEvent>> start(
      String sessionId, ChargeProfile profile, @Nullable ChargePlan plan) {
    return submit(new OperatorCommand.Start(sessionId, profile, plan));
  }

  /** Queues a start with a charge policy, asked for by {@code by} (a login). */
  public CompletableFuture<List<ChargeEvent>> start(
      String sessionId, ChargeProfile profile, @Nullable String by, @Nullable ChargePlan plan) {
    return submit(new OperatorCommand.Start(sessionId, profile, by, plan));
  }

  public CompletableFuture<List<ChargeEvent>> stop(String by, String reason) {
    return submit(new OperatorCommand.Stop(by, reason));
  }

  /**
   * Queues a change of the open session's ceiling; completes with the events it produced (none if
   * no session is open or the ceiling is unchanged).
   */
  public CompletableFuture<List<ChargeEvent>> adjustCeiling(int cellCeilingMillivolts, String by) {
    return submit(new OperatorCommand.AdjustCeiling(cellCeilingMillivolts, by));
  }

  public CompletableFuture<List<ChargeEvent>> acknowledge(String operator, String note) {
    return submit(new OperatorCommand.Acknowledge(operator, note));
  }

  /** Queues an operator command for the next tick; completes with the events it produced. */
  public CompletableFuture<List<ChargeEvent>> submit(OperatorCommand command) {
    CompletableFuture<List<ChargeEvent>> f = new CompletableFuture<>();
    inbox.add(new Pending(command, f));
    return f;
  }

  /**
   * How long the current stretch of charging has lasted as the maximum-charge-time rule counts it
   * (time the site holds the bay below its current counted in proportion, at 0 mA not at all), in
   * seconds on the bay's clock; 0 while not charging or when the bay's rules are off. Any thread.
   */
  public double chargeSeconds() {
    return safetyHistory.chargeMillisAt(clock.millis()) / 1000.0;
  }

  /** One poll cycle. Never throws for device or journal trouble: it fails closed instead. */
  public void tick() {
    long startNanos = nanoClock.getAsLong();
    try {
      cycle();
    } finally {
      long end = nanoClock.getAsLong();
      lastCycleNanos = end - startNanos;
      lastCycleEndNanos = end;
      for (BayListener l : listeners) {
        l.onCycle(settings.id(), end - startNanos);
      }
    }
  }

  private void cycle() {
    now = clock.instant();
    OptionalInt share = site.milliampsFor(settings.id());
    allocation = share.isPresent() ? share.getAsInt() : null;
    if (allocation != null) {
      transcript.add(new IoCall.SiteAllocation(allocation)); // the replay reads it back
    }
    try {
      cycleOnce();
    } finally {
      if (siteConfigured) {
        reportToSite();
      }
    }
  }

  /** The bay's state after the cycle, for the site planner. */
  private void reportToSite() {
    ChargeProfile p = state.profile() != null ? state.profile() : settings.profile();
    Observation obs = observation();
    org.chargebay.events.Evidence.Bms bms = obs.evidence().bms();
    org.chargebay.events.Evidence.Supply supply = obs.evidence().supply();
    int packMv = bms != null ? bms.packMillivolts() : supply != null ? supply.outMillivolts() : 0;
    int milliamps =
        bms != null ? bms.currentMilliamps() : supply != null ? supply.outMilliamps() : 0;
    int cellMax = bms == null ? 0 : bms.cellMaxMillivolts();
    // a fixed charger on a relay: on at its nameplate (what the start commanded) or off, at its
    // own voltage
    org.chargebay.events.SupplyTerms terms = state.supply();
    Integer fixedMv = terms == null ? null : terms.fixedMillivolts();
    boolean switchOnly = fixedMv != null && state.phase().inSession();
    try {
      site.report(
          new BayReport(
              settings.id(),
              now,
              p.chemistry(),
              p.cellCount(),
              obs.capacityMilliampHours(),
              cellMax,
              packMv,
              milliamps,
              switchOnly
                  ? (fixedMv + p.cellCount() - 1) / Math.max(1, p.cellCount())
                  : p.cellCeilingMillivolts(),
              switchOnly ? state.commandedMilliamps() : p.chargeCurrentMilliamps(),
              state.phase().inSession(),
              null,
              0,
              1,
              switchOnly));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "bay " + settings.id() + ": site report failed", e);
    }
  }

  private void cycleOnce() {
    long nowMillis = now.toEpochMilli();
    long startVersion = tickCount == 0 ? bootVersion : state.version();
    tickCount++;
    boolean poll = BayRules.pollDue(settings, state, lastPolledAt, lastPollAsleep, now);
    if (poll) {
      lastError = null;
      lastPolledAt = now;
      lastPollAsleep = state.asleep();
    }
    // a bay without a BMS (by configuration) has none to poll: the supply is all it reads
    BmsSnapshot polledBms = poll && settings.hasBms() ? pollBms(nowMillis) : null;
    boolean cutOnCells = poll && settings.hasBms() && cutOnCellsBeforeSupply(nowMillis);
    SupplyReading polledSupply = poll ? pollSupply(nowMillis) : null;
    if (!cutOnCells) {
      telemetry =
          settings.hasBms()
              ? telemetry.integrated(nowMillis, state.phase().charging())
              : telemetry.integratedFromSupply(nowMillis, state.phase().charging());
    }
    for (BayListener l : listeners) {
      l.onSample(new BaySample(settings.id(), now, polledBms, polledSupply, state.phase()));
    }

    if (cutOnCells || watchdogCut.get() != null) {
      // a cell check cut the bay before the supply was read, or the watchdog cut it while the
      // loop was stalled: that is what this poll records
      recordWatchdogCut();
      status = BayStatus.of(settings, state, telemetry, now, lastError, lastRefusal);
      publishTick(startVersion);
      return;
    }
    SafetyLimits limits = BayRules.sessionLimits(settings.limits(), state, now);
    SafetyInputs inputs = telemetry.safetyInputs(nowMillis, state).withAllocation(allocation);
    if (poll) {
      safetyHistory = SafetyHistory.fold(safetyHistory, inputs, polledBms == null, limits);
    }
    SafetyVerdict verdict =
        SafetySupervisor.evaluate(inputs.withHistory(safetyHistory), limits, cellLimit());
    String reboot = BayRules.rebootAfterDropout(state, safetyHistory);
    if (verdict instanceof SafetyVerdict.Ok && reboot != null) {
      // the BMS that dropped out came back with its counters reset: said so, both paths again
      verdict = new SafetyVerdict.CutOff(SafetyVerdict.Reason.BMS_REBOOTED, reboot);
    }
    if (verdict instanceof SafetyVerdict.CutOff cut) {
      cutOff(Effects.reasonOf(cut.reason()), cut.detail());
      failInbox("refused: safety cut-off " + cut.reason());
    } else {
      boolean fetRetried = retryFailedCutPaths();
      for (DeviceCommand.Outcome o :
          devices.executeAll(
              fetRetried ? List.of() : Effects.whileFaulted(state, telemetry.bms()))) {
        if (!o.confirmed()) {
          lastError = "BMS: charge MOSFET off failed while faulted: " + o.failure();
        }
      }
      runInbox();
      autoStart();
      scheduledStart();
      decideAndAct(new ChargeCommand.Observe(now, observation(), null));
    }
    recordWatchdogCut();
    status = BayStatus.of(settings, state, telemetry, now, lastError, lastRefusal);
    publishTick(startVersion);
  }

  /**
   * The cell checks on the BMS reading just taken, before the supply is read (revision 1): a cell
   * over its ceiling cuts both paths at once instead of after the supply's read and the request gap
   * its bus mandates (100 ms on a Riden). True if it cut. The charge is integrated first, over the
   * interval that ends in this reading, as the full cycle does.
   */
  private boolean cutOnCellsBeforeSupply(long nowMillis) {
    if (cycleRevision < 1 || watchdogCut.get() != null) {
      return false;
    }
    SafetyVerdict verdict =
        SafetySupervisor.evaluateCells(
            telemetry.safetyInputs(nowMillis, state),
            BayRules.sessionLimits(settings.limits(), state, now),
            cellLimit());
    if (!(verdict instanceof SafetyVerdict.CutOff cut)) {
      return false;
    }
    telemetry = telemetry.integrated(nowMillis, state.phase().charging());
    cutOff(Effects.reasonOf(cut.reason()), cut.detail());
    failInbox("refused: safety cut-off " + cut.reason());
    return true;
  }

  private void publishTick(long startVersion) {
    TickRecord.Boot boot =
        tickCount == 1 ? new TickRecord.Boot(bootAt, bootCalls, settings, cycleRevision) : null;
    TickRecord record =
        new TickRecord(settings.id(), tickCount, now, startVersion, boot, transcript);
    transcript.clear();
    for (BayListener l : listeners) {
      l.onTick(record);
    }
  }

  private @Nullable BmsSnapshot pollBms(long nowMillis) {
    try {
      BmsSnapshot s = devices.readBms();
      telemetry = telemetry.withBms(nowMillis, s);
      return s;
    } catch (BmsException e) {
      telemetry = telemetry.withBmsFailed();
      lastError = "BMS: " + e.getMessage();
      return null;
    }
  }

  private @Nullable SupplyReading pollSupply(long nowMillis) {
    try {
      SupplyReading r = devices.readSupply();
      telemetry =
          settings.hasBms()
              ? telemetry.withSupply(nowMillis, r)
              : telemetry.withSupplyOnly(nowMillis, r);
      return r;
    } catch (SupplyException e) {
      if (!settings.hasBms()) {
        telemetry = telemetry.withSupplyOnlyFailed();
      }
      lastError = (lastError == null ? "" : lastError + "; ") + "supply: " + e.getMessage();
      return null;
    }
  }

  private Observation observation() {
    long nowMillis = now.toEpochMilli();
    boolean fresh =
        settings.hasBms()
            ? telemetry.fresh(
                nowMillis,
                settings.limits().bmsStaleAfterMillis(),
                settings.limits().supplyStaleAfterMillis())
            : telemetry.supplyFresh(nowMillis, settings.limits().supplyStaleAfterMillis());
    Observation obs = telemetry.observation(nowMillis, fresh);
    return allocation == null ? obs : obs.withAllocation(allocation);
  }

  /**
   * Both paths off, then the cut-off recorded with each path's outcome. A path that failed is
   * retried on every poll from now on until it is confirmed (revision 2).
   */
  private void cutOff(CutOffReason reason, String detail) {
    List<String> actions = cutOffPaths();
    LOG.warning(
        () -> "bay " + settings.id() + ": safety cut-off " + reason + ", actions " + actions);
    recordTrip(reason, detail, actions);
  }

  /**
   * {@link Effects#cutOff(BaySettings)}, each path attempted; the failed ones are kept for retries.
   */
  private List<DeviceCommand.Outcome> cutBothPaths() {
    List<DeviceCommand.Outcome> outcomes = devices.executeAll(Effects.cutOff(settings));
    if (cycleRevision >= 2) {
      for (DeviceCommand.Outcome o : outcomes) {
        if (o.retriable()) {
          failedCutPaths.putIfAbsent(o.command(), 0);
        } else {
          failedCutPaths.remove(o.command());
        }
      }
      publishUnconfirmedCutPaths();
    }
    return outcomes;
  }

  /**
   * Retries each cut-off path that failed (revision 2), each on its own: one that fails again does
   * not keep the other from being tried. A confirmed one is logged and told to the listeners. Paths
   * are dropped once the fault is acknowledged (the session is no longer cut). True if the charge
   * MOSFET was commanded off in this call.
   */
  private boolean retryFailedCutPaths() {
    if (failedCutPaths.isEmpty()) {
      return false;
    }
    if (state.phase() != org.chargebay.events.Phase.FAULT) {
      failedCutPaths.clear();
      publishUnconfirmedCutPaths();
      return false;
    }
    boolean fet = false;
    for (DeviceCommand command : List.copyOf(failedCutPaths.keySet())) {
      DeviceCommand.Outcome o = devices.execute(command);
      int retries = failedCutPaths.get(command) + 1;
      fet |= command instanceof DeviceCommand.ChargeFet;
      for (BayListener l : listeners) {
        l.onCutPathRetried(settings.id(), command.path(), retries, o.confirmed());
      }
      if (o.confirmed()) {
        failedCutPaths.remove(command);
        LOG.warning(
            () ->
                "bay "
                    + settings.id()
                    + ": cut-off path "
                    + command.path()
                    + " confirmed on retry "
                    + retries);
        for (BayListener l : listeners) {
          l.onCutPathConfirmed(settings.id(), command.path(), retries);
        }
      } else {
        failedCutPaths.put(command, retries);
        lastError = "cut-off path " + o.describe() + " (retry " + retries + ")";
      }
    }
    publishUnconfirmedCutPaths();
    return fet;
  }

  private void publishUnconfirmedCutPaths() {
    unconfirmedCutPaths = failedCutPaths.keySet().stream().map(DeviceCommand::path).toList();
  }

  /**
   * The cut-off paths that failed and are being retried, by path name (safe from any thread: as of
   * the loop's last cut or retry).
   */
  public List<String> failedCutPaths() {
    return unconfirmedCutPaths;
  }

  /**
   * Both paths off, each outcome described; a bay without a BMS has only the supply's, and its
   * evidence says the BMS path is not available.
   */
  private List<String> cutOffPaths() {
    List<String> actions = new ArrayList<>(BayDevices.describe(cutBothPaths()));
    if (!settings.hasBms()) {
      actions.add(Effects.NO_BMS_PATH);
    }
    return actions;
  }

  private void recordTrip(CutOffReason reason, String detail, List<String> actions) {
    ChargeCommand.Trip trip = new ChargeCommand.Trip(reason, detail, actions);
    record(decider.decide(new ChargeCommand.Observe(now, observation(), trip), state));
  }

  /**
   * Called by the watchdog (layer 4, its own thread) after it cut this bay on both paths through
   * its own connections while the loop was stalled. From now on the loop sends nothing that could
   * switch the bay on again, and records the cut-off as soon as it runs again.
   *
   * @param actions each path's outcome as the watchdog saw it
   */
  public void watchdogCutOff(String detail, List<String> actions) {
    devices.blockSwitchingOn();
    watchdogCut.set(new WatchdogCut(detail, List.copyOf(actions)));
  }

  /** True while a watchdog cut waits to be recorded by the loop. */
  public boolean watchdogCutPending() {
    return watchdogCut.get() != null;
  }

  private void recordWatchdogCut() {
    WatchdogCut cut = watchdogCut.get();
    if (cut == null) {
      return;
    }
    List<String> actions = new ArrayList<>(cut.actions());
    // the loop's own paths, now that it runs again (the watchdog's may have failed)
    actions.addAll(cutOffPaths());
    recordTrip(CutOffReason.LOOP_STALLED, cut.detail(), actions);
    failInbox("refused: the watchdog cut bay " + settings.id());
    watchdogCut.set(null);
    devices.allowSwitchingOn();
  }

  private void runInbox() {
    Pending p;
    while ((p = inbox.poll()) != null) {
      try {
        transcript.add(new IoCall.Command(p.command()));
        SupplyFacts facts = BayRules.needsSupplyFacts(p.command()) ? supplyFacts() : null;
        p.result()
            .complete(
                decideAndAct(
                    BayRules.toChargeCommand(
                        p.command(),
                        now,
                        observation(),
                        facts,
                        settings.profile().cellCeilingMillivolts())));
      } catch (RuntimeException e) {
        p.result().completeExceptionally(e);
      }
    }
  }

  private void failInbox(String why) {
    Pending p;
    while ((p = inbox.poll()) != null) {
      p.result().completeExceptionally(new IllegalStateException(why));
    }
  }

  private void autoStart() {
    if (!BayRules.autoStartDue(settings, autoStartTried, fresh())) {
      return;
    }
    autoStartTried = true;
    if (BayRules.autoStartable(state)) {
      decideAndAct(
          new ChargeCommand.StartCharge(
              now,
              BayRules.autoSessionId(settings, now),
              settings.profile(),
              observation(),
              supplyFacts(),
              settings.plan() == null ? null : settings.plan().planAt(now)));
    }
  }

  /** A start that waited for its time (rebuilt from the journal after a restart), when due. */
  private void scheduledStart() {
    ChargeState.Scheduled due = BayRules.scheduledStartDue(state, now, fresh());
    if (due != null) {
      decideAndAct(
          new ChargeCommand.StartCharge(
              now, due.sessionId(), due.profile(), observation(), supplyFacts()));
    }
  }

  private boolean fresh() {
    return observation().fresh();
  }

  /** The supply as a start decision uses it, recorded in the transcript for the replay. */
  private @Nullable SupplyFacts supplyFacts() {
    return BayRules.supplyFacts(devices.recordCapabilities(), settings).orElse(null);
  }

  private List<ChargeEvent> decideAndAct(ChargeCommand command) {
    List<ChargeEvent> events = decider.decide(command, state);
    if (events.isEmpty() || !record(events)) {
      return events;
    }
    for (ChargeEvent e : events) {
      if (!act(e)) {
        break; // the session was cut off while acting: the events after it must not act
      }
    }
    return events;
  }

  /** Appends with the expected version, then evolves. False (and output off) if it failed. */
  private boolean record(List<ChargeEvent> events) {
    if (events.isEmpty()) {
      return true;
    }
    try {
      List<EventEnvelope> stored =
          store.append(settings.streamId(), ExpectedVersion.exactly(state.version()), events);
      state = decider.fold(state, events);
      outputMayBeOn = mayBeOn(state);
      for (BayListener l : listeners) {
        l.onEvents(settings.id(), stored, events);
      }
      return true;
    } catch (ConcurrentAppendException | EventStoreException e) {
      lastError = "journal: " + e.getMessage();
      LOG.log(
          Level.SEVERE, "bay " + settings.id() + ": journal append failed; holding output off", e);
      devices.executeAll(List.of(new DeviceCommand.OutputOff()));
      return false;
    }
  }

  /**
   * Executes one recorded event's device commands. False if one failed such that the session was
   * cut off: the caller must not act on the events after it (e.g. the start's output-on setpoint).
   */
  private boolean act(ChargeEvent event) {
    telemetry = telemetry.after(event);
    lastRefusal = BayStatus.refusalAfter(event, lastRefusal);
    String notice = Effects.notice(event);
    if (notice != null) {
      LOG.warning(() -> "bay " + settings.id() + ": " + notice);
    }
    for (DeviceCommand command : Effects.of(event, settings)) {
      DeviceCommand.Outcome outcome = devices.execute(command);
      if (outcome.confirmed()) {
        continue;
      }
      String failure = String.valueOf(outcome.failure());
      lastError = "acting on " + event.getClass().getSimpleName() + ": " + failure;
      LOG.warning(() -> "bay " + settings.id() + ": " + lastError);
      CutOffReason reason = command.cutOffWhenFailed();
      if (reason != null) {
        cutOff(reason, command.cutOffDetail(failure));
        return false;
      }
    }
    return true;
  }

  /**
   * The controller is stopping: the output is turned off and confirmed by read-back (if the supply
   * does not confirm, the BMS charge MOSFET is opened as well), and a charging session is suspended
   * (recorded). Call after the loop has stopped, on any thread (never concurrently with {@link
   * #tick()}).
   *
   * @return each path's outcome, for the log
   */
  public List<String> shutdownSafely() {
    now = clock.instant();
    List<String> done = new ArrayList<>();
    List<DeviceCommand.Outcome> off = devices.executeAll(List.of(new DeviceCommand.OutputOff()));
    done.addAll(BayDevices.describe(off));
    List<ChargeEvent> events =
        decideAndAct(new ChargeCommand.SuspendForShutdown(now, observation()));
    if (!off.get(0).confirmed() && settings.hasBms()) {
      done.addAll(
          BayDevices.describe(devices.executeAll(List.of(new DeviceCommand.ChargeFet(false)))));
    }
    if (!events.isEmpty()) {
      done.add("recorded " + events.get(0).getClass().getSimpleName());
    }
    outputMayBeOn = mayBeOn(state);
    status = BayStatus.of(settings, state, telemetry, now, lastError, lastRefusal);
    return done;
  }

  private static boolean mayBeOn(ChargeState s) {
    return s.outputOn() || s.phase().charging();
  }

  /** True while the supply's output may be on (the watchdog guards only such bays). */
  public boolean outputMayBeOn() {
    return outputMayBeOn;
  }

  /**
   * The latest sign of life of the loop (monotonic nanos): the end of its last cycle or of its last
   * device call, whichever is later; -1 before either.
   */
  public long lastProgressNanos() {
    return Math.max(lastCycleEndNanos, devices.callEndedNanos());
  }

  /** Start of the device call the loop is inside (monotonic nanos), or -1 if it is not in one. */
  public long deviceCallSinceNanos() {
    return devices.callSinceNanos();
  }

  /** Monotonic nanos at the end of the last completed cycle, -1 before the first. */
  public long lastCycleEndNanos() {
    return lastCycleEndNanos;
  }

  /** How long the last completed cycle took, nanoseconds. */
  public long lastCycleNanos() {
    return lastCycleNanos;
  }

  /** The monotonic time source the cycle times are on. */
  public LongSupplier nanoClock() {
    return nanoClock;
  }

  @Override
  public void close() {
    failInbox("bay " + settings.id() + " is shutting down");
    devices.close();
  }

  /** When the loop last ran, for the watchdog. */
  public Instant lastTickAt() {
    return status.updatedAt();
  }
}
