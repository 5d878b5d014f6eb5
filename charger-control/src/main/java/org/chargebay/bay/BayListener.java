package org.chargebay.bay;

import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;

/**
 * Told about every sample, every batch of recorded events and every finished tick (metrics, tests,
 * projections, the sample recorder). Called on the bay's loop thread: must not block.
 */
public interface BayListener {
  default void onSample(BaySample sample) {}

  default void onEvents(String bayId, List<EventEnvelope> stored, List<ChargeEvent> events) {}

  /** A tick's full transcript, after the tick's decisions were recorded and acted on. */
  default void onTick(TickRecord tick) {}

  /** A cycle ended (also one that threw), after {@code nanos} of wall time. */
  default void onCycle(String bayId, long nanos) {}

  /**
   * A cut-off path that had failed (e.g. a BMS that ignored its charge-MOSFET command) was retried
   * on a later poll and is now confirmed by read-back.
   *
   * @param path the path, e.g. {@code bms-charge-fet-off}
   * @param retries how many polls retried it
   */
  default void onCutPathConfirmed(String bayId, String path, int retries) {}

  /**
   * A cut-off path that had failed was tried again on this poll (each poll until it is confirmed,
   * while the fault is latched).
   *
   * @param path the path, e.g. {@code bms-charge-fet-off}
   * @param retries how many polls retried it, this one included
   * @param confirmed true if this retry confirmed it by read-back
   */
  default void onCutPathRetried(String bayId, String path, int retries, boolean confirmed) {}
}
