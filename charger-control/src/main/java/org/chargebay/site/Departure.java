package org.chargebay.site;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.chargebay.events.DepartureSet;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;

/**
 * An operator's departure for a bay: when the pack leaves and the state of charge wanted then.
 *
 * @param by who set it ({@code default} for a planner's default departure)
 */
public record Departure(Instant at, int targetSocPercent, String by) {

  /**
   * The departures recorded in {@code store} ({@code DepartureSet} in the {@value
   * PlanComputed#STREAM} stream), the last one of each bay; a cleared one is absent.
   */
  static Map<String, Departure> recorded(EventStore store, EventCodec codec) {
    Map<String, Departure> out = new TreeMap<>();
    for (EventEnvelope e : store.readStream(PlanComputed.STREAM, 1)) {
      if ("DepartureSet".equals(e.type())) {
        DepartureSet d = (DepartureSet) codec.decode(e);
        Instant at = d.departure();
        if (at == null) {
          out.remove(d.bayId());
        } else {
          out.put(d.bayId(), new Departure(at, d.targetSocPercent(), d.by()));
        }
      }
    }
    return out;
  }
}
