package org.chargebay.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BaySample;
import org.chargebay.bms.BmsSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The operator page's detail view: per bay, the latest cell voltages and pack voltage and current
 * over the current session, kept in memory (the journal and the sample table stay the record). At
 * most {@value #MAX_POINTS} points per session: when full, every other point is dropped and the
 * stride doubles, so a long session keeps its whole shape at a coarser step.
 */
@ApplicationScoped
public class BayTraces {
  static final int MAX_POINTS = 600;

  private final Map<String, Trace> byBay = new ConcurrentHashMap<>();

  /**
   * A bay's trace as served.
   *
   * @param sessionId the session the points belong to, null before the first
   * @param cellMillivolts the last BMS reading's cells, empty before the first
   * @param points {@code [epochMillis, packVolts, currentAmps, cellMaxVolts]} per kept poll
   */
  public record View(
      @Nullable String sessionId, List<Integer> cellMillivolts, List<double[]> points) {}

  /** Starts tracing {@code bay}; called once per bay when it is set up. */
  public void register(BayRuntime bay) {
    Trace trace = new Trace(bay);
    byBay.put(bay.id(), trace);
    bay.addListener(trace);
  }

  /** Stops tracing a bay that left the fleet. */
  public void unregister(String bayId) {
    byBay.remove(bayId);
  }

  /** The trace of a registered bay. */
  public Optional<View> view(String bayId) {
    Trace t = byBay.get(bayId);
    return t == null ? Optional.empty() : Optional.of(t.view());
  }

  private static final class Trace implements BayListener {
    private final BayRuntime bay;
    private @Nullable String sessionId;
    private List<Integer> cells = List.of();
    private final List<double[]> points = new ArrayList<>();
    private int stride = 1;
    private long seen;

    Trace(BayRuntime bay) {
      this.bay = bay;
    }

    @Override
    public synchronized void onSample(BaySample sample) {
      String session = bay.status().sessionId();
      if (session != null && !session.equals(sessionId)) {
        sessionId = session;
        points.clear();
        stride = 1;
        seen = 0;
      }
      BmsSnapshot bms = sample.bms();
      if (bms == null) {
        return;
      }
      cells = bms.cellMillivolts();
      if (seen++ % stride != 0) {
        return;
      }
      int max = bms.cellMillivolts().stream().mapToInt(Integer::intValue).max().orElse(0);
      points.add(
          new double[] {
            sample.at().toEpochMilli(),
            bms.packMillivolts() / 1000.0,
            bms.currentMilliamps() / 1000.0,
            max / 1000.0
          });
      if (points.size() >= MAX_POINTS) {
        for (int i = points.size() - 1; i > 0; i -= 2) {
          points.remove(i);
        }
        stride *= 2;
      }
    }

    synchronized View view() {
      return new View(sessionId, cells, List.copyOf(points));
    }
  }
}
