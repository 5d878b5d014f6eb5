package org.chargebay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BaySample;
import org.chargebay.bay.BayStatus;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.supply.SupplyReading;
import org.jspecify.annotations.Nullable;

/**
 * Per-bay meters in base units (Prometheus naming): gauges read the bay's latest status and
 * readings, so a scrape never touches a device. Tags are the bay id and a bounded second label
 * (phase, reason, cell 1..series count, sensor t1..tn, mode); never a session id. The README's
 * "Operations" table lists every meter.
 */
@ApplicationScoped
public class BayMetrics {
  /** More pack probes than this are not exported (no BMS family reports as many). */
  static final int MAX_PROBES = 16;

  /** The paths of a cut-off, as the device commands name them (a path label's values). */
  static final List<String> CUT_PATHS = List.of("supply-output-off", "bms-charge-fet-off");

  @Inject MeterRegistry registry;

  /**
   * Registers the meters of {@code bay}.
   *
   * @param perCell export {@code chargebay_cell_voltage_volts{cell}} for cells 1..the profile's
   *     series count ({@code chargebay.bays.<id>.metrics.per-cell})
   * @param store the journal: the bay's stream is read once for the instants of its latest phase
   *     change, session start and cut-off, so that they survive a controller restart
   */
  public void register(BayRuntime bay, boolean perCell, EventStore store) {
    String id = bay.id();
    BayReadings readings = new BayReadings();
    bay.addListener(readings);

    status(
        "chargebay.pack.voltage",
        "volts",
        "Pack voltage as the BMS measures it",
        bay,
        BayStatus::packVolts);
    status(
        "chargebay.pack.current",
        "amperes",
        "Pack current, positive while charging",
        bay,
        BayStatus::currentAmps);
    status(
        "chargebay.cell.voltage.max",
        "volts",
        "Highest cell voltage",
        bay,
        BayStatus::cellMaxVolts);
    status(
        "chargebay.cell.voltage.min", "volts", "Lowest cell voltage", bay, BayStatus::cellMinVolts);
    status(
        "chargebay.cell.ceiling",
        "volts",
        "Per-cell ceiling of the open session (as started or adjusted live), else of the profile",
        bay,
        BayStatus::ceilingVolts);
    status(
        "chargebay.supply.voltage",
        "volts",
        "Supply output voltage as read back",
        bay,
        BayStatus::supplyVolts);
    status(
        "chargebay.supply.current",
        "amperes",
        "Supply output current as read back",
        bay,
        BayStatus::supplyAmps);
    status(
        "chargebay.session.charge",
        "coulombs",
        "Charge delivered in the current session (1 Ah = 3600 C)",
        bay,
        s -> s.ampHours() * 3600.0);
    status(
        "chargebay.session.energy",
        "joules",
        "Energy delivered in the current session (1 Wh = 3600 J)",
        bay,
        s -> s.wattHours() * 3600.0);
    status(
        "chargebay.bms.age",
        "seconds",
        "Age of the last good BMS reading at the bay's last poll",
        bay,
        s -> s.bmsAgeMillis() == null ? null : s.bmsAgeMillis() / 1000.0);
    status(
        "chargebay.supply.age",
        "seconds",
        "Age of the last good supply reading at the bay's last poll",
        bay,
        s -> s.supplyAgeMillis() == null ? null : s.supplyAgeMillis() / 1000.0);
    status(
        "chargebay.fault.latched",
        null,
        "1 while a fault is latched on the bay",
        bay,
        s -> s.phase() == Phase.FAULT ? 1.0 : 0.0);
    for (Phase phase : Phase.values()) {
      Gauge.builder("chargebay.bay.phase", bay, b -> b.status().phase() == phase ? 1 : 0)
          .description("1 for the bay's current phase, 0 for the others")
          .tags("bay", id, "phase", phase.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }

    reading(
        "chargebay.supply.setpoint.volts",
        "volts",
        "Voltage setpoint as the supply reports it",
        id,
        readings,
        r -> supplyValue(r, s -> s.setMillivolts() / 1000.0));
    reading(
        "chargebay.supply.setpoint.amperes",
        "amperes",
        "Current setpoint as the supply reports it",
        id,
        readings,
        r -> supplyValue(r, s -> s.setMilliamps() / 1000.0));
    for (String mode : List.of("cc", "cv")) {
      boolean cc = mode.equals("cc");
      Gauge.builder(
              "chargebay.supply.mode",
              readings,
              r -> {
                SupplyReading s = r.supply();
                return s != null && s.constantCurrent() == cc ? 1 : 0;
              })
          .description("1 for the regulation mode the supply reports (cc or cv), 0 for the other")
          .tags("bay", id, "mode", mode)
          .register(registry);
    }
    reading(
        "chargebay.bms.soc",
        "ratio",
        "The BMS's own state-of-charge estimate, 0..1: for display only, never used for decisions",
        id,
        readings,
        r -> {
          BmsSnapshot b = r.bms();
          return b == null || b.socPercent() == null ? Double.NaN : b.socPercent() / 100.0;
        });
    reading(
        "chargebay.phase.start.timestamp",
        "seconds",
        "When the bay entered its current phase, Unix seconds on the controller clock",
        id,
        readings,
        BayReadings::phaseStartSeconds);
    Gauge.builder("chargebay.charge.seconds", bay, BayRuntime::chargeSeconds)
        .description(
            "How long the bay has been charging, as its maximum charge time counts it: time the"
                + " site holds it at 0 A not counted, below its current in proportion")
        .baseUnit("seconds")
        .tags("bay", id)
        .register(registry);
    reading(
        "chargebay.session.start.timestamp",
        "seconds",
        "When the current or last session started, Unix seconds on the controller clock",
        id,
        readings,
        BayReadings::sessionStartSeconds);
    reading(
        "chargebay.last.cutoff.timestamp",
        "seconds",
        "When the bay was last cut off, Unix seconds on the controller clock",
        id,
        readings,
        BayReadings::lastCutOffSeconds);

    if (perCell) {
      int cells = bay.settings().profile().cellCount();
      for (int cell = 1; cell <= cells; cell++) {
        int c = cell;
        Gauge.builder("chargebay.cell.voltage", readings, r -> r.cellVolts(c))
            .description("Cell voltage as the BMS reports it, cell 1 first")
            .baseUnit("volts")
            .tags("bay", id, "cell", Integer.toString(cell))
            .register(registry);
      }
    }
    bay.addListener(new TemperatureGauges(id, readings));

    Map<CutOffReason, Counter> cutOffs = new EnumMap<>(CutOffReason.class);
    for (CutOffReason reason : CutOffReason.values()) {
      cutOffs.put(
          reason,
          Counter.builder("chargebay.cutoffs")
              .description("Safety cut-offs since the controller started, by reason")
              .tags("bay", id, "reason", reason.name())
              .register(registry));
    }
    // a cut-off path that failed is retried on every poll until its read-back confirms it
    Map<String, Counter> pathRetries = new java.util.HashMap<>();
    for (String path : CUT_PATHS) {
      Gauge.builder(
              "chargebay.cutoff.path.unconfirmed",
              bay,
              b -> b.failedCutPaths().contains(path) ? 1 : 0)
          .description(
              "1 while a cut-off path that failed is retried every poll, not yet confirmed off")
          .tags("bay", id, "path", path)
          .register(registry);
      pathRetries.put(
          path,
          Counter.builder("chargebay.cutoff.path.retries")
              .description("Retries of a failed cut-off path since the controller started")
              .tags("bay", id, "path", path)
              .register(registry));
    }
    bay.addListener(
        new BayListener() {
          @Override
          public void onCutPathRetried(String bayId, String path, int retries, boolean confirmed) {
            Counter c = pathRetries.get(path);
            if (c != null) {
              c.increment();
            }
          }
        });
    Counter events =
        Counter.builder("chargebay.events.appended")
            .description("Events appended to the bay's journal stream")
            .tags("bay", id)
            .register(registry);
    bay.addListener(
        new BayListener() {
          @Override
          public void onEvents(String bayId, List<EventEnvelope> stored, List<ChargeEvent> list) {
            events.increment(stored.size());
            for (ChargeEvent e : list) {
              if (e instanceof CutOff c) {
                cutOffs.get(c.reason()).increment();
              }
            }
          }
        });

    // After the listener: an event recorded meanwhile is seen twice, which the latest-wins
    // instants absorb, rather than not at all.
    EventCodec codec = EventCodec.standard();
    for (EventEnvelope e : store.readStream(bay.settings().streamId(), 1)) {
      readings.seen(codec.decode(e));
    }
  }

  /**
   * Removes every meter tagged with this bay (its gauges, counters and timers, including those of
   * {@link LoopMetrics} and {@link SampleMetrics}): the bay was removed, and a scrape must not show
   * a bay that no longer runs, nor keep the removed runtime reachable.
   *
   * @return how many meters were removed
   */
  public int unregister(String bayId) {
    return unregister(registry, bayId);
  }

  /** {@link #unregister(String)} on {@code registry}. */
  public static int unregister(MeterRegistry registry, String bayId) {
    List<io.micrometer.core.instrument.Meter> mine =
        registry.getMeters().stream().filter(m -> bayId.equals(m.getId().getTag("bay"))).toList();
    mine.forEach(registry::remove);
    return mine.size();
  }

  /** Registers {@code t<n>} gauges as a BMS first reports that many pack probes. */
  private final class TemperatureGauges implements BayListener {
    private final String bayId;
    private final BayReadings readings;
    private int registered;

    TemperatureGauges(String bayId, BayReadings readings) {
      this.bayId = bayId;
      this.readings = readings;
    }

    @Override
    public void onSample(BaySample sample) {
      int probes = Math.min(MAX_PROBES, readings.probes());
      while (registered < probes) {
        int probe = ++registered;
        Gauge.builder("chargebay.temperature", readings, r -> r.temperatureCelsius(probe))
            .description("Pack temperature probe as the BMS reports it (t1..tn in the BMS's order)")
            .baseUnit("celsius")
            .tags("bay", bayId, "sensor", "t" + probe)
            .register(registry);
      }
    }
  }

  private static double supplyValue(BayReadings r, ToDoubleFunction<SupplyReading> value) {
    SupplyReading s = r.supply();
    return s == null ? Double.NaN : value.applyAsDouble(s);
  }

  private void reading(
      String name,
      String unit,
      String help,
      String bayId,
      BayReadings readings,
      ToDoubleFunction<BayReadings> value) {
    Gauge.builder(name, readings, value)
        .description(help)
        .baseUnit(unit)
        .tags("bay", bayId)
        .register(registry);
  }

  private void status(
      String name,
      @Nullable String unit,
      String help,
      BayRuntime bay,
      java.util.function.Function<BayStatus, @Nullable Double> value) {
    Gauge.Builder<BayRuntime> b =
        Gauge.builder(
                name,
                bay,
                r -> {
                  Double v = value.apply(r.status());
                  return v == null ? Double.NaN : v;
                })
            .description(help)
            .tags("bay", bay.id());
    if (unit != null) {
      b.baseUnit(unit);
    }
    b.register(registry);
  }
}
