package org.chargebay.bay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.jspecify.annotations.Nullable;

/**
 * Re-runs a bay's recorded ticks through the same {@link BayRuntime} code (safety supervisor,
 * decider, journal-then-act) with the recorded device outcomes and operator commands, and compares
 * the events it decides with the recorded ones, decision by decision.
 *
 * <p>Recorded events of an older schema version are compared after upcasting (see {@link #replay}).
 * Recordings made before the supply's capabilities were recorded replay with the capabilities
 * unknown, which decides starts as that code did (no supply checks, OVP/OCP at the bay's margins).
 *
 * <p>A replay starts at a controller start (tick 1, whose record carries the settings as run): the
 * journal is seeded with the stream as it was then, so the start-up recovery runs again too. Starts
 * whose first tick was pruned by the sample retention cannot be replayed and are listed in {@link
 * Result#notes()}.
 */
public final class BayReplay {

  private BayReplay() {}

  /**
   * One position of the stream: the recorded and the replayed event (either may be missing).
   *
   * @param sequence the stream sequence
   */
  public record Decision(
      long sequence,
      @Nullable String sessionId,
      @Nullable String recordedType,
      @Nullable String recordedPayload,
      @Nullable String replayedType,
      @Nullable String replayedPayload) {
    public boolean same() {
      return Objects.equals(recordedType, replayedType)
          && Objects.equals(recordedPayload, replayedPayload);
    }
  }

  /**
   * @param decisions every compared position, in order
   * @param ioMismatches device calls the replay made differently from the recording
   * @param notes what could not be replayed
   * @param ticks how many ticks were re-run
   */
  public record Result(
      String bayId,
      List<Decision> decisions,
      List<String> ioMismatches,
      List<String> notes,
      long ticks) {
    /** True if every decision is reproduced. */
    public boolean identical() {
      return !decisions.isEmpty() && decisions.stream().allMatch(Decision::same);
    }
  }

  /** The controller clock of a replay: set to each recorded instant. */
  private static final class SetClock extends Clock {
    Instant now = Instant.EPOCH;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /**
   * Replays every start of the bay found in {@code ticks}.
   *
   * @param ticks the bay's tick records in time order (any retention window)
   * @param recorded the bay's whole stream as recorded
   * @param sessionId compare only this session's events (all starts that touch it are re-run)
   * @param alter changes the settings before the replay (identity to reproduce)
   */
  public static Result replay(
      String bayId,
      List<TickRecord> ticks,
      List<EventEnvelope> recorded,
      @Nullable String sessionId,
      UnaryOperator<BaySettings> alter,
      EventCodec codec) {
    List<List<TickRecord>> starts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (TickRecord t : ticks) {
      if (t.tick() == 1 && t.boot() != null) {
        starts.add(new ArrayList<>());
      } else if (starts.isEmpty()) {
        if (notes.isEmpty()) {
          notes.add(
              "ticks before "
                  + t.at()
                  + " belong to a controller start whose first tick"
                  + " was pruned; they are not replayed");
        }
        continue;
      }
      starts.get(starts.size() - 1).add(t);
    }
    List<Decision> decisions = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    long ran = 0;
    for (int i = 0; i < starts.size(); i++) {
      List<TickRecord> run = starts.get(i);
      long from = run.get(0).startVersion();
      long to =
          i + 1 < starts.size()
              ? starts.get(i + 1).get(0).startVersion()
              : recorded.stream().mapToLong(EventEnvelope::sequence).max().orElse(0);
      List<EventEnvelope> expected =
          recorded.stream().filter(e -> e.sequence() > from && e.sequence() <= to).toList();
      if (sessionId != null
          && expected.stream().noneMatch(e -> sessionId.equals(sessionOf(codec, e)))) {
        continue;
      }
      List<EventEnvelope> replayed = new ArrayList<>();
      ScriptedDevices devices = new ScriptedDevices();
      ran += runOnce(run, recorded, from, alter, codec, devices, replayed);
      mismatches.addAll(devices.mismatches());
      int n = Math.max(expected.size(), replayed.size());
      for (int k = 0; k < n; k++) {
        EventEnvelope r = k < expected.size() ? expected.get(k) : null;
        EventEnvelope p = k < replayed.size() ? replayed.get(k) : null;
        String session =
            r != null ? sessionOf(codec, r) : sessionOf(codec, Objects.requireNonNull(p));
        if (sessionId != null && !sessionId.equals(session)) {
          continue;
        }
        decisions.add(
            new Decision(
                from + k + 1,
                session,
                r == null ? null : r.type(),
                r == null ? null : atCurrentVersion(codec, r),
                p == null ? null : p.type(),
                p == null ? null : p.payload()));
      }
    }
    if (starts.isEmpty()) {
      notes.add("no recorded controller start of bay " + bayId + " is within the sample retention");
    }
    return new Result(
        bayId, List.copyOf(decisions), List.copyOf(mismatches), List.copyOf(notes), ran);
  }

  /**
   * The recorded payload as this build writes it: a payload of an older schema version is read
   * through the upcasters and written again, so that a decision recorded before a schema change
   * compares equal to the same decision replayed now (payloads of the current version are compared
   * as stored).
   */
  private static String atCurrentVersion(EventCodec codec, EventEnvelope e) {
    try {
      if (e.schemaVersion() >= codec.types().currentVersion(e.type())) {
        return e.payload();
      }
      return codec.encode(codec.decode(e)).payload();
    } catch (RuntimeException ex) {
      return e.payload(); // unreadable: compared as stored (and reported as different)
    }
  }

  private static @Nullable String sessionOf(EventCodec codec, EventEnvelope e) {
    try {
      ChargeEvent event = codec.decode(e);
      return event.sessionId();
    } catch (RuntimeException ex) {
      return null;
    }
  }

  private static long runOnce(
      List<TickRecord> run,
      List<EventEnvelope> recorded,
      long fromVersion,
      UnaryOperator<BaySettings> alter,
      EventCodec codec,
      ScriptedDevices devices,
      List<EventEnvelope> replayedOut) {
    TickRecord first = run.get(0);
    TickRecord.Boot boot = Objects.requireNonNull(first.boot());
    BaySettings settings = alter.apply(boot.settings());
    List<EventEnvelope> seed = recorded.stream().filter(e -> e.sequence() <= fromVersion).toList();
    MemoryEventStore store = new MemoryEventStore(codec, seed);
    SetClock clock = new SetClock();
    clock.now = boot.at();
    devices.load("start-up", first.calls().subList(0, boot.bootCalls()));
    BayRuntime runtime =
        new BayRuntime(
            settings, clock, devices.supply, devices.bms, store, codec, BayRules.decider(settings));
    runtime.runCycleRevision(boot.cycleRevision());
    runtime.useSiteAllocations(devices.site);
    for (TickRecord t : run) {
      List<IoCall> calls =
          t == first ? t.calls().subList(boot.bootCalls(), t.calls().size()) : t.calls();
      devices.load("tick " + t.tick() + " at " + t.at(), calls);
      for (IoCall c : calls) {
        if (c instanceof IoCall.Command command) {
          runtime.submit(command.command());
        }
      }
      clock.now = t.at();
      runtime.tick();
    }
    devices.finish();
    replayedOut.addAll(store.readStream(settings.streamId(), fromVersion + 1));
    return run.size();
  }
}
