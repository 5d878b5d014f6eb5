package org.chargebay.events.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.chargebay.events.AllocationChanged;
import org.chargebay.events.BalanceHoldStarted;
import org.chargebay.events.BayConfigured;
import org.chargebay.events.BayRemoved;
import org.chargebay.events.BaySlept;
import org.chargebay.events.CeilingAdjusted;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargePlanned;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.Evidence;
import org.chargebay.events.FaultAcknowledged;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.PackIdentified;
import org.chargebay.events.Phase;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.RampDownStarted;
import org.chargebay.events.ResistanceMeasured;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.TopUpStarted;
import org.jspecify.annotations.Nullable;

/**
 * The sessions of one bay's stream, oldest first: when each started, under which profile, how and
 * when it ended and how much charge it delivered. A pure projection:
 *
 * <pre>{@code
 * SessionHistory history = Fold.fold(SessionHistory.empty(), events, SessionHistory::evolve);
 * }</pre>
 *
 * <p>Rules, per event (events naming a session that was never started, or one that has already
 * ended, change nothing, so a replay never fails on a projection):
 *
 * <ul>
 *   <li>{@link ChargeStarted} opens a session in {@link Phase#CC}; {@link StartRefused} records a
 *       session that ended as it began ({@link Outcome#REFUSED}, the refusal code as end reason).
 *   <li>{@link PhaseChanged}, {@link ChargeSuspended} and {@link ChargeResumed} move an open
 *       session's phase; {@link SetpointChanged} and {@link CeilingAdjusted} only update the charge
 *       delivered.
 *   <li>{@link ChargeCompleted}, {@link ChargeStopped}, {@link CutOff} and a {@link FaultLatched}
 *       without a preceding cut-off end the session.
 *   <li>{@link FaultAcknowledged}, {@link BaySlept}, {@link TopUpStarted}, {@link ChargePlanned},
 *       {@link RampDownStarted} and {@link BalanceHoldStarted} concern the bay, not the session's
 *       history: ignored (a top-up is a session of its own, from its {@link ChargeStarted}); so are
 *       the configuration and pack events, which live in streams of their own.
 * </ul>
 *
 * <p>Instances are immutable; {@link #evolve} returns a new one.
 */
public final class SessionHistory {

  /** How a session ended, or that it has not. */
  public enum Outcome {
    /** Still running or suspended. */
    OPEN,
    /** Current tapered below the profile's threshold ({@link ChargeCompleted}). */
    COMPLETED,
    /** An operator stopped it ({@link ChargeStopped}). */
    STOPPED,
    /** The safety supervisor cut it ({@link CutOff}). */
    CUT_OFF,
    /** A fault was latched without a recorded cut-off ({@link FaultLatched}). */
    FAULTED,
    /** The start was refused before any current flowed ({@link StartRefused}). */
    REFUSED
  }

  /**
   * One session as replayed so far.
   *
   * @param sessionId the session id
   * @param startedAt when it started (or was refused)
   * @param profile the profile it charged (or would have charged) to
   * @param outcome how it ended; {@link Outcome#OPEN} while it runs
   * @param phase the last phase: {@code CC}, {@code CV} or {@code SUSPENDED} while open; {@code
   *     COMPLETE} when completed; {@code FAULT} after a cut-off or fault; {@code IDLE} when stopped
   *     or refused
   * @param endedAt when it ended; null while open
   * @param endReason the stop reason, refusal code, cut-off code or fault code; null while open or
   *     when completed
   * @param chargedMilliampHours charge delivered, mAh: the completion's own figure, otherwise the
   *     highest figure any of the session's events carried in its evidence (an event recorded
   *     without readings carries 0, which must not erase what was delivered)
   * @param chargedMilliwattHours energy delivered, mWh, taken the same way
   * @param cutOffReason the cut-off code if the safety supervisor cut the session, else null
   */
  public record Session(
      String sessionId,
      Instant startedAt,
      ChargeProfile profile,
      Outcome outcome,
      Phase phase,
      @Nullable Instant endedAt,
      @Nullable String endReason,
      long chargedMilliampHours,
      long chargedMilliwattHours,
      @Nullable CutOffReason cutOffReason) {

    /** True until the session ends. */
    public boolean isOpen() {
      return outcome == Outcome.OPEN;
    }

    private Session charged(Evidence evidence) {
      return new Session(
          sessionId,
          startedAt,
          profile,
          outcome,
          phase,
          endedAt,
          endReason,
          Math.max(chargedMilliampHours, evidence.chargedMilliampHours()),
          Math.max(chargedMilliwattHours, evidence.chargedMilliwattHours()),
          cutOffReason);
    }

    private Session inPhase(Phase newPhase) {
      return new Session(
          sessionId,
          startedAt,
          profile,
          outcome,
          newPhase,
          endedAt,
          endReason,
          chargedMilliampHours,
          chargedMilliwattHours,
          cutOffReason);
    }

    private Session ended(
        Outcome how,
        Phase finalPhase,
        Instant at,
        @Nullable String reason,
        @Nullable CutOffReason cutOff) {
      return new Session(
          sessionId,
          startedAt,
          profile,
          how,
          finalPhase,
          at,
          reason,
          chargedMilliampHours,
          chargedMilliwattHours,
          cutOff);
    }
  }

  /** A session with the position of the event that started it, for ordering. */
  private record Entry(long ordinal, Session session) {}

  private static final SessionHistory EMPTY = new SessionHistory(List.of(), List.of(), 0);

  /** Ended sessions, in the order they ended. Only ever appended to. */
  private final List<Entry> ended;

  /** Open sessions, in start order: normally none or one. */
  private final List<Entry> open;

  /** The ordinal the next session gets. */
  private final long nextOrdinal;

  private SessionHistory(List<Entry> ended, List<Entry> open, long nextOrdinal) {
    this.ended = ended;
    this.open = open;
    this.nextOrdinal = nextOrdinal;
  }

  /** No sessions: the state before a stream's first event. */
  public static SessionHistory empty() {
    return EMPTY;
  }

  /** The history of a stream's events, in stream order. */
  public static SessionHistory of(Iterable<? extends ChargeEvent> events) {
    return Fold.fold(empty(), events, SessionHistory::evolve);
  }

  /** Every session, in the order they started. */
  public List<Session> sessions() {
    List<Entry> all = new ArrayList<>(ended.size() + open.size());
    all.addAll(ended);
    all.addAll(open);
    all.sort(Comparator.comparingLong(Entry::ordinal));
    return all.stream().map(Entry::session).toList();
  }

  /** The most recently started session that is still open, if any. */
  public Optional<Session> current() {
    return open.isEmpty() ? Optional.empty() : Optional.of(open.get(open.size() - 1).session());
  }

  /** The session with this id, if the stream has one. */
  public Optional<Session> session(String sessionId) {
    return find(open, sessionId).or(() -> find(ended, sessionId)).map(Entry::session);
  }

  /**
   * The history after one more event. Pure: {@code this} is unchanged.
   *
   * @param event the stream's next event
   */
  public SessionHistory evolve(ChargeEvent event) {
    Objects.requireNonNull(event, "event");
    if (event instanceof ChargeStarted started) {
      return start(started);
    }
    if (event instanceof StartRefused refused) {
      return refuse(refused);
    }
    if (event instanceof PhaseChanged changed) {
      return update(changed.sessionId(), s -> s.inPhase(changed.to()).charged(changed.evidence()));
    }
    if (event instanceof SetpointChanged setpoint) {
      return update(setpoint.sessionId(), s -> s.charged(setpoint.evidence()));
    }
    if (event instanceof ChargeSuspended suspended) {
      return update(
          suspended.sessionId(), s -> s.inPhase(Phase.SUSPENDED).charged(suspended.evidence()));
    }
    if (event instanceof ChargeResumed resumed) {
      return update(
          resumed.sessionId(), s -> s.inPhase(resumed.phase()).charged(resumed.evidence()));
    }
    if (event instanceof BaySlept
        || event instanceof TopUpStarted
        || event instanceof ChargePlanned
        || event instanceof RampDownStarted
        || event instanceof BalanceHoldStarted
        || event instanceof org.chargebay.events.BalanceWarned) {
      return this;
    }
    if (event instanceof CeilingAdjusted adjusted) {
      return update(adjusted.sessionId(), s -> s.charged(adjusted.evidence()));
    }
    if (event instanceof ChargeCompleted completed) {
      return end(
          completed.sessionId(),
          s ->
              new Session(
                  s.sessionId(),
                  s.startedAt(),
                  s.profile(),
                  Outcome.COMPLETED,
                  Phase.COMPLETE,
                  completed.at(),
                  null,
                  completed.chargedMilliampHours(),
                  completed.chargedMilliwattHours(),
                  null));
    }
    if (event instanceof ChargeStopped stopped) {
      return end(
          stopped.sessionId(),
          s ->
              s.charged(stopped.evidence())
                  .ended(Outcome.STOPPED, Phase.IDLE, stopped.at(), stopped.reason(), null));
    }
    if (event instanceof CutOff cutOff) {
      return end(
          cutOff.sessionId(),
          s ->
              s.charged(cutOff.evidence())
                  .ended(
                      Outcome.CUT_OFF,
                      Phase.FAULT,
                      cutOff.at(),
                      cutOff.reason().name(),
                      cutOff.reason()));
    }
    if (event instanceof FaultLatched fault) {
      return end(
          fault.sessionId(),
          s -> s.ended(Outcome.FAULTED, Phase.FAULT, fault.at(), fault.reason().name(), null));
    }
    if (event instanceof FaultAcknowledged
        || event instanceof BayConfigured
        || event instanceof BayRemoved
        || event instanceof PackIdentified
        || event instanceof ResistanceMeasured
        || event instanceof PlanComputed
        || event instanceof AllocationChanged
        || event instanceof org.chargebay.events.DepartureSet
        || event instanceof CommandAudited) {
      return this;
    }
    throw new IllegalArgumentException("unhandled event type " + event.getClass().getName());
  }

  private SessionHistory start(ChargeStarted started) {
    if (isKnown(started.sessionId())) {
      return this;
    }
    Session session =
        new Session(
            started.sessionId(),
            started.at(),
            started.profile(),
            Outcome.OPEN,
            Phase.CC,
            null,
            null,
            started.evidence().chargedMilliampHours(),
            started.evidence().chargedMilliwattHours(),
            null);
    List<Entry> newOpen = new ArrayList<>(open);
    newOpen.add(new Entry(nextOrdinal, session));
    return new SessionHistory(ended, List.copyOf(newOpen), nextOrdinal + 1);
  }

  private SessionHistory refuse(StartRefused refused) {
    if (isKnown(refused.sessionId())) {
      return this;
    }
    Session session =
        new Session(
            refused.sessionId(),
            refused.at(),
            refused.profile(),
            Outcome.REFUSED,
            Phase.IDLE,
            refused.at(),
            refused.reason().name(),
            refused.evidence().chargedMilliampHours(),
            refused.evidence().chargedMilliwattHours(),
            null);
    return new SessionHistory(
        appended(ended, new Entry(nextOrdinal, session)), open, nextOrdinal + 1);
  }

  private SessionHistory update(String sessionId, UnaryOperator<Session> change) {
    int index = indexOf(open, sessionId);
    if (index < 0) {
      return this;
    }
    Entry entry = open.get(index);
    List<Entry> newOpen = new ArrayList<>(open);
    newOpen.set(index, new Entry(entry.ordinal(), change.apply(entry.session())));
    return new SessionHistory(ended, List.copyOf(newOpen), nextOrdinal);
  }

  private SessionHistory end(String sessionId, UnaryOperator<Session> change) {
    int index = indexOf(open, sessionId);
    if (index < 0) {
      return this;
    }
    Entry entry = open.get(index);
    List<Entry> newOpen = new ArrayList<>(open);
    newOpen.remove(index);
    Entry closed = new Entry(entry.ordinal(), change.apply(entry.session()));
    return new SessionHistory(appended(ended, closed), List.copyOf(newOpen), nextOrdinal);
  }

  private boolean isKnown(String sessionId) {
    return indexOf(open, sessionId) >= 0 || indexOf(ended, sessionId) >= 0;
  }

  private static List<Entry> appended(List<Entry> list, Entry entry) {
    List<Entry> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(entry);
    return List.copyOf(copy);
  }

  private static int indexOf(List<Entry> entries, String sessionId) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).session().sessionId().equals(sessionId)) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<Entry> find(List<Entry> entries, String sessionId) {
    int index = indexOf(entries, sessionId);
    return index < 0 ? Optional.empty() : Optional.of(entries.get(index));
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SessionHistory that && sessions().equals(that.sessions());
  }

  @Override
  public int hashCode() {
    return sessions().hashCode();
  }

  @Override
  public String toString() {
    return "SessionHistory" + sessions();
  }
}
