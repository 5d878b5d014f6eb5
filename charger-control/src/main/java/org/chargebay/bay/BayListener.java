package org.chargebay.bay;

import java.util.List;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;

/** Told about every sample and every batch of recorded events (metrics, tests, projections). */
public interface BayListener {
  default void onSample(BaySample sample) {}

  default void onEvents(String bayId, List<EventEnvelope> stored, List<ChargeEvent> events) {}
}
