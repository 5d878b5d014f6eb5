package org.chargebay.events.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chargebay.events.BayConfigured;
import org.chargebay.events.BayDefinition;
import org.chargebay.events.BayRemoved;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;

/**
 * The bays configured through the API, replayed from the {@value BayConfigured#STREAM} stream: each
 * bay's latest {@link BayConfigured} unless a {@link BayRemoved} came after it. A pure fold; the
 * journal is the only store of this configuration.
 */
public final class BayConfigurations {
  private BayConfigurations() {}

  /** The current definitions, by bay id, in the order the bays were first configured. */
  public static Map<String, BayDefinition> fold(List<ChargeEvent> events) {
    Map<String, BayDefinition> bays = new LinkedHashMap<>();
    for (ChargeEvent e : events) {
      if (e instanceof BayConfigured c) {
        bays.put(c.bayId(), c.bay());
      } else if (e instanceof BayRemoved r) {
        bays.remove(r.bayId());
      }
    }
    return bays;
  }

  /** The current definitions as the store's {@value BayConfigured#STREAM} stream tells them. */
  public static Map<String, BayDefinition> fold(EventStore store, EventCodec codec) {
    return fold(store.readStream(BayConfigured.STREAM, 1).stream().map(codec::decode).toList());
  }
}
