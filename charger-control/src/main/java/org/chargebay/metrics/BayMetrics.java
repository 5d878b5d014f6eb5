package org.chargebay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BayStatus;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.CutOff;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;

/**
 * Per-bay meters in base units (Prometheus naming): gauges read the bay's latest status, so a
 * scrape never touches a device. Tags are the bay id (and phase or reason); never a session id.
 */
@ApplicationScoped
public class BayMetrics {
  @Inject MeterRegistry registry;

  public void register(BayRuntime bay) {
    String id = bay.id();
    gauge("chargebay.pack.voltage", "volts", "Pack voltage as the BMS measures it", bay, BayStatus::packVolts);
    gauge("chargebay.pack.current", "amperes", "Pack current, positive while charging", bay, BayStatus::currentAmps);
    gauge("chargebay.cell.voltage.max", "volts", "Highest cell voltage", bay, BayStatus::cellMaxVolts);
    gauge("chargebay.cell.voltage.min", "volts", "Lowest cell voltage", bay, BayStatus::cellMinVolts);
    gauge("chargebay.cell.ceiling", "volts", "Per-cell ceiling of the profile", bay, BayStatus::ceilingVolts);
    gauge("chargebay.supply.voltage", "volts", "Supply output voltage", bay, BayStatus::supplyVolts);
    gauge("chargebay.supply.current", "amperes", "Supply output current", bay, BayStatus::supplyAmps);
    gauge("chargebay.session.charge", "amp_hours", "Charge delivered in the current session", bay, BayStatus::ampHours);
    gauge("chargebay.session.energy", "watt_hours", "Energy delivered in the current session", bay, BayStatus::wattHours);
    gauge(
        "chargebay.bms.age",
        "seconds",
        "Age of the last good BMS reading",
        bay,
        s -> s.bmsAgeMillis() == null ? null : s.bmsAgeMillis() / 1000.0);
    gauge(
        "chargebay.fault.latched",
        null,
        "1 while a fault is latched on the bay",
        bay,
        s -> s.phase() == Phase.FAULT ? 1.0 : 0.0);
    for (Phase phase : Phase.values()) {
      Gauge.builder("chargebay.bay.phase", bay, b -> b.status().phase() == phase ? 1 : 0)
          .description("1 for the bay's current phase, 0 for the others")
          .tags("bay", id, "phase", phase.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
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
                Counter.builder("chargebay.cutoffs")
                    .description("Safety cut-offs, by reason")
                    .tags("bay", bayId, "reason", c.reason().name())
                    .register(registry)
                    .increment();
              }
            }
          }
        });
  }

  private void gauge(
      String name, String unit, String help, BayRuntime bay, Function<BayStatus, Double> value) {
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
