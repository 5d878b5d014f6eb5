package org.chargebay.events.replay;

import java.util.List;

/**
 * A decider in the sense of Chassaing's "Functional Event Sourcing Decider": {@code decide} turns a
 * command and the current state into events, {@code evolve} folds one event into the state. Both
 * are pure (no clock, no I/O, no logging); commands carry their {@code now}.
 *
 * <p>The shell around a decider folds the stream ({@link #fold}), calls {@link #decide}, appends
 * the events with the expected version, evolves, and only then acts. Replays, projections, tests
 * and benchmarks fold through the same {@link #fold}, never through a loop of their own.
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 */
public interface Decider<C, S, E> {

  /** The state before the first event. */
  S initialState();

  /**
   * The events this command causes in this state; empty for a no-op. Never throws for a refusal.
   */
  List<E> decide(C command, S state);

  /** The state after one more event. */
  S evolve(S state, E event);

  /** True when no more events are expected in the current span (e.g. no open session). */
  boolean isTerminal(S state);

  /** The state after {@code events}, starting from {@link #initialState()}. */
  default S fold(Iterable<? extends E> events) {
    return fold(initialState(), events);
  }

  /** The state after {@code events}, starting from {@code from}. */
  default S fold(S from, Iterable<? extends E> events) {
    return Fold.fold(from, events, this::evolve);
  }
}
