package org.chargebay.events.replay;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Left fold of events into state: the one way state is rebuilt from a stream, for the decider's
 * state and for projections alike.
 */
public final class Fold {

  private Fold() {}

  /**
   * Applies {@code evolve} to each event in order, starting from {@code initial}.
   *
   * @param initial the state before the first event
   * @param events the events, in stream order
   * @param evolve the pure transition {@code (state, event) -> next state}; must not return null
   * @return the state after the last event ({@code initial} if there are none)
   */
  public static <S, E> S fold(
      S initial, Iterable<? extends E> events, BiFunction<S, ? super E, S> evolve) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(evolve, "evolve");
    S state = initial;
    long index = 0;
    for (E event : events) {
      S next = evolve.apply(state, event);
      if (next == null) {
        throw new NullPointerException(
            "evolve returned null for event #"
                + index
                + " ("
                + event.getClass().getSimpleName()
                + ")");
      }
      state = next;
      index++;
    }
    return state;
  }
}
