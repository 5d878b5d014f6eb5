package org.chargebay.events.store;

/**
 * The last journal position each outbox relay had acknowledged by its destination, kept where the
 * journal is so that a restarted relay resumes there. A position only ever says "everything up to
 * here arrived"; a relay that finds it behind its destination skips what is already there.
 */
public interface OutboxPositions {

  /**
   * The acknowledged position of relay {@code name}, 0 if it never acknowledged anything.
   *
   * @throws EventStoreException if the positions cannot be read
   */
  long get(String name);

  /**
   * Records, durably before returning, that every event up to {@code position} is acknowledged by
   * relay {@code name}.
   *
   * @param position a journal global position, {@code >= 0}
   * @throws EventStoreException if the position cannot be stored
   */
  void set(String name, long position);
}
