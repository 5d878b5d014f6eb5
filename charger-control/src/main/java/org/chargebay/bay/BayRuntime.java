package org.chargebay.bay;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.FaultAcknowledged;
import org.chargebay.events.Phase;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.SupplyTerms;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ConcurrentAppendException;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.safety.SafetyInputs;
import org.chargebay.safety.SafetySupervisor;
import org.chargebay.safety.SafetyVerdict;
import org.chargebay.session.ChargeCommand;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargeState;
import org.chargebay.session.Observation;
import org.chargebay.session.SupplyFacts;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * One bay's loop. Each {@link #tick()} reads the BMS and the supply, asks the safety supervisor,
 * asks the decider, appends the events to the journal, and only then acts on them. The one
 * exception is a safety cut-off: it turns the supply output off and the BMS charge MOSFET off
 * first, and is recorded right after, so that no disk can delay it.
 *
 * <p>Not thread-safe: one thread calls {@link #tick()} (the scheduler's). Operator commands from
 * other threads are queued and run inside the next tick, in order.
 *
 * <p>On construction the bay's state is folded from its stream. A bay that was charging is
 * treated as unverified: its output is commanded off at once, a {@code ChargeSuspended} is
 * recorded, and the session resumes only after fresh telemetry passes the checks.
 */
public final class BayRuntime implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BayRuntime.class.getName());
  private static final int WINDOW = 10;

  private final BaySettings settings;
  private final Clock clock;
  private final RecordingSupply supply;
  private final BmsClient bms;
  private final EventStore store;
  private final EventCodec codec;
  private final ChargeDecider decider;
  private final ConcurrentLinkedQueue<Pending> inbox = new ConcurrentLinkedQueue<>();
  private final List<BayListener> listeners = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Integer> window = new ArrayDeque<>();

  private ChargeState state;
  private @Nullable BmsSnapshot lastBms;
  private long lastBmsAt;
  private @Nullable SupplyReading lastSupply;
  private long lastSupplyAt;
  private @Nullable String lastError;
  private @Nullable String lastRefusal;
  private long chargeMilliampMillis;
  private long energyMicrowattMillis;
  private long lastIntegrationAt = -1;
  private boolean autoStarted;
  private volatile BayStatus status;

  private final List<IoCall> transcript = new ArrayList<>();
  private final Instant bootAt;
  private final long bootVersion;
  private int bootCalls;
  private long tickCount;
  private Instant now;

  private record Pending(IoCall.Command command, CompletableFuture<List<ChargeEvent>> result) {}

  /** Folds the bay's stream and, if it was mid-charge, holds its output off. */
  public BayRuntime(
      BaySettings settings,
      Clock clock,
      SupplyDriver supply,
      BmsClient bms,
      EventStore store,
      EventCodec codec,
      ChargeDecider decider) {
    this.settings = settings;
    this.clock = clock;
    this.now = clock.instant();
    this.bootAt = now;
    this.supply = new RecordingSupply(supply, transcript::add);
    this.bms = new RecordingBms(bms, transcript::add);
    this.store = store;
    this.codec = codec;
    this.decider = decider;
    ChargeState s = decider.initialState();
    for (EventEnvelope env : store.readStream(settings.streamId(), 1)) {
      s = decider.evolve(s, codec.decode(env));
    }
    this.state = s;
    this.bootVersion = s.version();
    this.chargeMilliampMillis = s.chargedMilliampHours() * 3_600_000L;
    this.energyMicrowattMillis = s.chargedMilliwattHours() * 3_600_000_000L;
    if (s.phase().inSession()) {
      List<String> actions = new ArrayList<>();
      supplyOff(actions);
      LOG.warning(
          () ->
              "bay " + settings.id() + ": found session " + state.sessionId() + " in phase "
                  + state.phase() + " after a restart; output held off: " + actions);
      record(decider.decide(new ChargeCommand.RecoverAfterRestart(now, observation()), state));
    }
    this.bootCalls = transcript.size();
    this.status = buildStatus();
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
    return enqueue(new IoCall.Command("START", sessionId, profile, null, null));
  }

  public CompletableFuture<List<ChargeEvent>> stop(String by, String reason) {
    return enqueue(new IoCall.Command("STOP", null, null, by, reason));
  }

  public CompletableFuture<List<ChargeEvent>> acknowledge(String operator, String note) {
    return enqueue(new IoCall.Command("ACKNOWLEDGE", null, null, operator, note));
  }

  private CompletableFuture<List<ChargeEvent>> enqueue(IoCall.Command c) {
    CompletableFuture<List<ChargeEvent>> f = new CompletableFuture<>();
    inbox.add(new Pending(c, f));
    return f;
  }

  /** One poll cycle. Never throws for device or journal trouble: it fails closed instead. */
  public void tick() {
    this.now = clock.instant();
    long now = this.now.toEpochMilli();
    long startVersion = tickCount == 0 ? bootVersion : state.version();
    tickCount++;
    lastError = null;
    BmsSnapshot polledBms = pollBms(now);
    SupplyReading polledSupply = pollSupply(now);
    integrate(now);
    for (BayListener l : listeners) {
      l.onSample(new BaySample(settings.id(), this.now, polledBms, polledSupply, state.phase()));
    }

    SafetyVerdict verdict = SafetySupervisor.evaluate(safetyInputs(now), settings.limits());
    if (verdict instanceof SafetyVerdict.CutOff cut) {
      List<String> actions = cutOff();
      ChargeCommand.Trip trip = new ChargeCommand.Trip(cut.reason().name(), cut.detail(), actions);
      record(decider.decide(new ChargeCommand.Observe(this.now, observation(), trip), state));
      failInbox("refused: safety cut-off " + cut.reason());
    } else {
      enforceFault();
      runInbox();
      autoStart();
      decideAndAct(new ChargeCommand.Observe(this.now, observation(), null));
    }
    status = buildStatus();
    publishTick(this.now, startVersion);
  }

  private void publishTick(Instant at, long startVersion) {
    TickRecord.Boot boot =
        tickCount == 1 ? new TickRecord.Boot(bootAt, bootCalls, settings) : null;
    TickRecord record =
        new TickRecord(settings.id(), tickCount, at, startVersion, boot, transcript);
    transcript.clear();
    for (BayListener l : listeners) {
      l.onTick(record);
    }
  }

  private @Nullable BmsSnapshot pollBms(long now) {
    try {
      BmsSnapshot s = bms.read();
      lastBms = s;
      lastBmsAt = now;
      window.addLast(s.currentMilliamps());
      while (window.size() > WINDOW) {
        window.removeFirst();
      }
      return s;
    } catch (BmsException e) {
      window.clear();
      lastError = "BMS: " + e.getMessage();
      return null;
    }
  }

  private @Nullable SupplyReading pollSupply(long now) {
    try {
      SupplyReading r = supply.read();
      lastSupply = r;
      lastSupplyAt = now;
      return r;
    } catch (SupplyException e) {
      lastError = (lastError == null ? "" : lastError + "; ") + "supply: " + e.getMessage();
      return null;
    }
  }

  /** Integrates charge and energy from the BMS's current and pack voltage while charging. */
  private void integrate(long now) {
    BmsSnapshot b = lastBms;
    if (state.phase().charging() && b != null && lastBmsAt == now && lastIntegrationAt >= 0) {
      long dt = now - lastIntegrationAt;
      int ma = Math.max(0, b.currentMilliamps());
      chargeMilliampMillis += (long) ma * dt;
      energyMicrowattMillis += (long) ma * b.packMillivolts() * dt;
    }
    lastIntegrationAt = now;
  }

  private boolean fresh(long now) {
    return lastBms != null
        && lastSupply != null
        && now - lastBmsAt <= settings.limits().bmsStaleAfterMillis()
        && now - lastSupplyAt <= settings.limits().supplyStaleAfterMillis();
  }

  private Observation observation() {
    long now = this.now.toEpochMilli();
    BmsSnapshot b = lastBms;
    SupplyReading s = lastSupply;
    Evidence.Bms eb =
        b == null
            ? null
            : new Evidence.Bms(
                now - lastBmsAt,
                b.packMillivolts(),
                b.currentMilliamps(),
                b.cellMillivolts(),
                b.chargeFet(),
                b.dischargeFet());
    Evidence.Supply es =
        s == null
            ? null
            : new Evidence.Supply(
                now - lastSupplyAt,
                s.setMillivolts(),
                s.setMilliamps(),
                s.outMillivolts(),
                s.outMilliamps(),
                s.outputOn(),
                s.mode());
    Evidence ev =
        new Evidence(
            eb, es, chargeMilliampMillis / 3_600_000L, energyMicrowattMillis / 3_600_000_000L);
    return new Observation(ev, fresh(now), List.copyOf(window));
  }

  private SafetyInputs safetyInputs(long now) {
    BmsSnapshot b = lastBms;
    SupplyReading s = lastSupply;
    return new SafetyInputs(
        now,
        state.phase().charging() && state.outputOn(),
        new SafetyInputs.Commanded(
            state.commandedMillivolts(), state.commandedMilliamps(), state.outputOn()),
        b == null
            ? null
            : new SafetyInputs.Bms(
                lastBmsAt, b.cellMillivolts(), b.packMillivolts(), b.currentMilliamps(), b.chargeFet()),
        s == null
            ? null
            : new SafetyInputs.Supply(
                lastSupplyAt,
                s.setMillivolts(),
                s.outMillivolts(),
                s.outMilliamps(),
                s.outputOn(),
                s.protection()));
  }

  /** Both cut-off paths, each attempted whatever happened to the other. */
  private List<String> cutOff() {
    List<String> actions = new ArrayList<>(2);
    supplyOff(actions);
    try {
      bms.setChargeFet(false);
      actions.add("bms-charge-fet-off: confirmed");
    } catch (BmsException e) {
      actions.add("bms-charge-fet-off: failed: " + e.getMessage());
    }
    LOG.warning(() -> "bay " + settings.id() + ": safety cut-off, actions " + actions);
    return actions;
  }

  private void supplyOff(List<String> actions) {
    try {
      supply.outputOff();
      actions.add("supply-output-off: confirmed");
    } catch (SupplyException e) {
      actions.add("supply-output-off: failed: " + e.getMessage());
    }
  }

  /** While a fault is latched, keep both paths off if a device turned itself back on. */
  private void enforceFault() {
    if (state.phase() != Phase.FAULT) {
      return;
    }
    BmsSnapshot b = lastBms;
    if (b != null && b.chargeFet()) {
      try {
        bms.setChargeFet(false);
      } catch (BmsException e) {
        lastError = "BMS: charge MOSFET off failed while faulted: " + e.getMessage();
      }
    }
  }

  private void runInbox() {
    Pending p;
    while ((p = inbox.poll()) != null) {
      try {
        transcript.add(
            new IoCall(IoCall.Kind.COMMAND, null, null, null, null, null, null, null, null, p.command()));
        List<ChargeEvent> events = decideAndAct(toCommand(p.command()));
        p.result().complete(events);
      } catch (RuntimeException e) {
        p.result().completeExceptionally(e);
      }
    }
  }

  private ChargeCommand toCommand(IoCall.Command c) {
    switch (c.type()) {
      case "START":
        return new ChargeCommand.StartCharge(
            now, c.sessionId(), c.profile(), observation(), supplyFacts());
      case "STOP":
        return new ChargeCommand.StopCharge(now, c.by(), c.reason(), observation());
      case "ACKNOWLEDGE":
        return new ChargeCommand.AcknowledgeFault(now, c.by(), c.reason());
      default:
        throw new IllegalArgumentException("unknown command type " + c.type());
    }
  }

  private void failInbox(String why) {
    Pending p;
    while ((p = inbox.poll()) != null) {
      p.result().completeExceptionally(new IllegalStateException(why));
    }
  }

  private void autoStart() {
    if (!settings.autoStart() || autoStarted || !fresh(now.toEpochMilli())) {
      return;
    }
    autoStarted = true;
    if (state.phase() == Phase.IDLE || state.phase() == Phase.COMPLETE) {
      String sessionId = settings.id() + "-" + now.toEpochMilli();
      decideAndAct(
          new ChargeCommand.StartCharge(
              now, sessionId, settings.profile(), observation(), supplyFacts()));
    }
  }

  /** The configuration key of this bay's opt-in to a supply without settable OVP/OCP. */
  public static String acceptNoHardwareLimitsKey(String bayId) {
    return "chargebay.bays." + bayId + ".supply.accept-no-hardware-limits";
  }

  /**
   * What a start needs to know of the supply, as known now (recorded in the tick's transcript, so
   * that a replay decides the same); null if the model is not known: then the start is decided
   * as before supply checks existed and the OVP/OCP is set at the bay's margins (a supply without
   * OVP/OCP then fails that and the session is cut off: fail closed).
   */
  private @Nullable SupplyFacts supplyFacts() {
    return supply
        .recordCapabilities()
        .map(
            caps ->
                new SupplyFacts(
                    caps.model(),
                    caps.maxMillivolts(),
                    caps.maxMilliamps(),
                    caps.hasHardwareProtection(),
                    caps.fixedMillivolts(),
                    caps.notes(),
                    settings.hardwareVoltageMarginMillivolts(),
                    settings.hardwareCurrentMarginMilliamps(),
                    settings.acceptNoHardwareLimits(),
                    acceptNoHardwareLimitsKey(settings.id())))
        .orElse(null);
  }

  private List<ChargeEvent> decideAndAct(ChargeCommand command) {
    List<ChargeEvent> events = decider.decide(command, state);
    if (events.isEmpty()) {
      return events;
    }
    if (!record(events)) {
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
      ChargeState s = state;
      for (ChargeEvent e : events) {
        s = decider.evolve(s, e);
      }
      state = s;
      for (BayListener l : listeners) {
        l.onEvents(settings.id(), stored, events);
      }
      return true;
    } catch (ConcurrentAppendException | EventStoreException e) {
      lastError = "journal: " + e.getMessage();
      LOG.log(Level.SEVERE, "bay " + settings.id() + ": journal append failed; holding output off", e);
      List<String> ignored = new ArrayList<>();
      supplyOff(ignored);
      return false;
    }
  }

  /**
   * Applies one recorded event's effects. False if acting on it failed such that the session was
   * cut off (the hardware backstop of a {@code ChargeStarted} could not be set): the caller must
   * not act on the events after it (e.g. the start's output-on setpoint).
   */
  private boolean act(ChargeEvent event) {
    try {
      if (event instanceof ChargeStarted e) {
        chargeMilliampMillis = 0;
        energyMicrowattMillis = 0;
        lastRefusal = null;
        SupplyTerms terms = e.supply();
        if (terms == null) {
          // started without supply terms (as before they were recorded): OVP/OCP at the margins
          ChargeProfile p = e.profile();
          supply.setProtection(
              p.packCeilingMillivolts() + settings.hardwareVoltageMarginMillivolts(),
              p.chargeCurrentMilliamps() + settings.hardwareCurrentMarginMilliamps());
        } else if (terms.hardwareBackstop()) {
          supply.setProtection(terms.ovpMillivolts(), terms.ocpMilliamps());
        } else {
          LOG.warning(
              () -> "bay " + settings.id() + ": session " + e.sessionId() + " runs WITHOUT safety layer 1: "
                  + terms.detail());
        }
      } else if (event instanceof StartRefused e) {
        lastRefusal = e.reason() + ": " + e.detail();
        LOG.warning(
            () -> "bay " + settings.id() + ": start of session " + e.sessionId() + " refused: "
                + e.reason() + ": " + e.detail());
      } else if (event instanceof SetpointChanged e) {
        supply.apply(new SupplySetpoint(e.millivolts(), e.milliamps(), e.outputOn()));
      } else if (event instanceof ChargeCompleted
          || event instanceof ChargeStopped
          || event instanceof ChargeSuspended) {
        supply.outputOff();
      } else if (event instanceof FaultAcknowledged) {
        bms.setChargeFet(true);
      }
    } catch (SupplyException | BmsException e) {
      lastError = "acting on " + event.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.warning(() -> "bay " + settings.id() + ": " + lastError);
      if (event instanceof ChargeStarted) {
        // The hardware backstop could not be set: this session must not push current.
        List<String> actions = cutOff();
        record(
            decider.decide(
                new ChargeCommand.Observe(
                    now,
                    observation(),
                    new ChargeCommand.Trip(
                        "HARDWARE_LIMITS_NOT_SET", "could not set the supply's OVP/OCP: " + e.getMessage(), actions)),
                state));
        return false;
      }
    }
    return true;
  }

  private BayStatus buildStatus() {
    long now = this.now.toEpochMilli();
    BmsSnapshot b = lastBms;
    SupplyReading s = lastSupply;
    return new BayStatus(
        settings.id(),
        state.phase(),
        state.sessionId(),
        b == null ? null : b.packMillivolts() / 1000.0,
        b == null ? null : b.currentMilliamps() / 1000.0,
        b == null ? null : b.cellMaxMillivolts() / 1000.0,
        b == null ? null : b.cellMinMillivolts() / 1000.0,
        settings.profile().cellCeilingMillivolts() / 1000.0,
        chargeMilliampMillis / 3_600_000.0 / 1000.0,
        energyMicrowattMillis / 3_600_000.0 / 1e6,
        s == null ? null : s.outMillivolts() / 1000.0,
        s == null ? null : s.outMilliamps() / 1000.0,
        s == null ? null : s.outputOn(),
        s == null ? null : s.mode(),
        state.fault(),
        b == null ? null : now - lastBmsAt,
        s == null ? null : now - lastSupplyAt,
        lastError,
        lastRefusal,
        state.supply() == null ? null : state.supply().detail(),
        this.now);
  }

  @Override
  public void close() {
    failInbox("bay " + settings.id() + " is shutting down");
    supply.close();
    bms.close();
  }

  /** When the loop last ran, for the watchdog. */
  public Instant lastTickAt() {
    return status.updatedAt();
  }
}
