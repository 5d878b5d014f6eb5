package org.chargebay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.IoCall;
import org.chargebay.bay.TickRecord;

/**
 * The bay loops' own health, measured where it cannot freeze with the loop: the loop age is
 * computed when Prometheus scrapes (a stalled loop's age grows between scrapes), the cycle time and
 * device failures as the loop reports them.
 *
 * <ul>
 *   <li>{@code chargebay_bay_loop_age_seconds{bay}}: time since the bay's last completed cycle;
 *   <li>{@code chargebay_bay_cycle_seconds{bay}}: histogram of cycle durations;
 *   <li>{@code chargebay_device_errors_total{bay,device,kind}}: failed device calls, {@code device}
 *       {@code bms} or {@code supply}, {@code kind} {@code retriable}, {@code fatal} or {@code
 *       bms};
 *   <li>{@code chargebay_device_timeouts_total{bay,device}}: the failures among them that were
 *       timeouts (no answer within the device's deadline).
 * </ul>
 */
@ApplicationScoped
public class LoopMetrics {
  /** How the drivers word a missing answer ("timeout", "timed out", "no ... reply ... within"). */
  private static final Pattern TIMEOUT =
      Pattern.compile(
          "time(d)? ?out|no .*(reply|answer|response).* within", Pattern.CASE_INSENSITIVE);

  @Inject MeterRegistry registry;

  public void register(BayRuntime bay) {
    register(registry, bay);
  }

  /** Registers the bay's loop meters in {@code registry}. */
  public static void register(MeterRegistry registry, BayRuntime bay) {
    String id = bay.id();
    long registeredAt = bay.nanoClock().getAsLong();
    Gauge.builder("chargebay.bay.loop.age", bay, b -> loopAgeSeconds(b, registeredAt))
        .description("Time since the bay's loop last completed a cycle, computed at scrape time")
        .baseUnit("seconds")
        .tags("bay", id)
        .register(registry);
    Timer cycles =
        Timer.builder("chargebay.bay.cycle")
            .description("Duration of the bay loop's cycles (poll, decide, record, act)")
            .tags("bay", id)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    Counter[][] errors = new Counter[2][];
    String[] devices = {"bms", "supply"};
    String[][] kinds = {{"bms"}, {"retriable", "fatal"}};
    Counter[] timeouts = new Counter[2];
    for (int d = 0; d < 2; d++) {
      errors[d] = new Counter[kinds[d].length];
      for (int k = 0; k < kinds[d].length; k++) {
        errors[d][k] =
            Counter.builder("chargebay.device.errors")
                .description("Failed device calls of the bay loop")
                .tags("bay", id, "device", devices[d], "kind", kinds[d][k])
                .register(registry);
      }
      timeouts[d] =
          Counter.builder("chargebay.device.timeouts")
              .description("Device calls of the bay loop that got no answer within their deadline")
              .tags("bay", id, "device", devices[d])
              .register(registry);
    }
    bay.addListener(
        new BayListener() {
          @Override
          public void onCycle(String bayId, long nanos) {
            cycles.record(Duration.ofNanos(nanos));
          }

          @Override
          public void onTick(TickRecord tick) {
            for (IoCall call : tick.calls()) {
              IoCall.Failure f = call.failure();
              if (f == null) {
                continue;
              }
              int d = device(call) == null ? -1 : device(call).equals("bms") ? 0 : 1;
              if (d < 0) {
                continue;
              }
              String[] ks = kinds[d];
              for (int k = 0; k < ks.length; k++) {
                if (ks[k].equals(f.kind().toLowerCase(Locale.ROOT))) {
                  errors[d][k].increment();
                }
              }
              if (TIMEOUT.matcher(f.message()).find()) {
                timeouts[d].increment();
              }
            }
          }
        });
  }

  private static String device(IoCall call) {
    if (call instanceof IoCall.BmsRead || call instanceof IoCall.BmsChargeFet) {
      return "bms";
    }
    if (call instanceof IoCall.SupplyRead
        || call instanceof IoCall.SupplyApply
        || call instanceof IoCall.SupplyOutputOff
        || call instanceof IoCall.SupplyProtection) {
      return "supply";
    }
    return null;
  }

  /** Seconds since the last completed cycle, or since registration if none completed yet. */
  static double loopAgeSeconds(BayRuntime bay, long registeredAtNanos) {
    long end = bay.lastCycleEndNanos();
    return (bay.nanoClock().getAsLong() - (end < 0 ? registeredAtNanos : end)) / 1e9;
  }
}
