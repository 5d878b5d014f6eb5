package org.chargebay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BaySample;
import org.chargebay.bay.BaySettings;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.ChargeDecider;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.supply.ModbusConnections;
import org.chargebay.supply.SupplyReading;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated bay on loopback (emulated RD6018 and JBD, a SQLite journal) ticked on a virtual
 * clock, its meters registered in a Prometheus registry: the exported series, by their Prometheus
 * names, carry exactly the values of the bay's last readings and events.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BayMetricsIT {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  private static final Duration POLL = Duration.ofMillis(200);

  @TempDir Path dir;

  /** The bay, its devices, its journal and its meters. */
  private final class Rig implements AutoCloseable {
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SimulatedBench bench;
    final EventStore store;
    BayRuntime runtime;
    PrometheusMeterRegistry registry;
    BaySample last;

    Rig(PackModel pack, boolean perCell) {
      bench = SimulatedBench.start(clock, pack);
      store = SqliteEventStore.open(dir.resolve("chargebay.db"));
      restart(perCell);
    }

    /**
     * A new runtime and registry on the same journal and devices, as after a controller restart.
     */
    void restart(boolean perCell) {
      if (runtime != null) {
        runtime.close();
      }
      BaySettings settings = BaySettings.of("b1", PROFILE, true);
      runtime =
          new BayRuntime(
              settings,
              clock,
              ModbusConnections.open(bench.supplyUrl(), 1, "auto", Duration.ofMillis(500)),
              BmsClients.open(
                  "jbd",
                  bench.bmsUrl(),
                  BmsOptions.create(o -> o.responseTimeout(Duration.ofMillis(300)))),
              store,
              EventCodec.standard(),
              new ChargeDecider(settings.decider()));
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      BayMetrics metrics = new BayMetrics();
      metrics.registry = registry;
      metrics.register(runtime, perCell, store);
      runtime.addListener(
          new BayListener() {
            @Override
            public void onSample(BaySample sample) {
              last = sample;
            }
          });
    }

    void ticks(int n) {
      for (int i = 0; i < n; i++) {
        clock.advance(POLL);
        runtime.tick();
      }
    }

    void tickUntil(Phase phase, Duration maxSimulated) {
      for (long i = maxSimulated.toMillis() / POLL.toMillis(); i > 0; i--) {
        ticks(1);
        if (runtime.state().phase() == phase) {
          return;
        }
      }
      throw new AssertionError(
          "bay not " + phase + " within " + maxSimulated + ": " + runtime.status());
    }

    /** Every exported series (name and labels as written) with its value. */
    Map<String, Double> scrape() {
      Map<String, Double> series = new LinkedHashMap<>();
      for (String line : registry.scrape().split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        series.put(
            line.substring(0, space).replace(",}", "}"),
            Double.parseDouble(line.substring(space + 1)));
      }
      return series;
    }

    <T extends ChargeEvent> T event(Class<T> type) {
      EventCodec codec = EventCodec.standard();
      return store.readStream("bay-b1", 1).stream()
          .map(codec::decode)
          .filter(type::isInstance)
          .map(type::cast)
          .reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in the journal"));
    }

    @Override
    public void close() {
      runtime.close();
      store.close();
      bench.close();
    }
  }

  private static double seconds(Instant at) {
    return at.toEpochMilli() / 1000.0;
  }

  @Test
  void cell_temperature_soc_and_supply_series_carry_the_last_readings() {
    try (Rig rig = new Rig(SimulatedBench.demoPack(), true)) {
      rig.ticks(25);
      assertThat(rig.runtime.state().phase()).isEqualTo(Phase.CC);
      Map<String, Double> s = rig.scrape();
      BmsSnapshot bms = rig.last.bms();
      SupplyReading supply = rig.last.supply();

      for (int cell = 1; cell <= 13; cell++) {
        assertThat(s.get("chargebay_cell_voltage_volts{bay=\"b1\",cell=\"" + cell + "\"}"))
            .as("cell %d", cell)
            .isEqualTo(bms.cellMillivolts().get(cell - 1) / 1000.0);
      }
      assertThat(s.keySet().stream().filter(k -> k.startsWith("chargebay_cell_voltage_volts{")))
          .hasSize(13);
      assertThat(bms.tempDeciCelsius()).isNotEmpty();
      for (int t = 1; t <= bms.tempDeciCelsius().size(); t++) {
        assertThat(s.get("chargebay_temperature_celsius{bay=\"b1\",sensor=\"t" + t + "\"}"))
            .isEqualTo(bms.tempDeciCelsius().get(t - 1) / 10.0);
      }
      assertThat(s.keySet().stream().filter(k -> k.startsWith("chargebay_temperature_celsius{")))
          .hasSize(bms.tempDeciCelsius().size());
      assertThat(s.get("chargebay_bms_soc_ratio{bay=\"b1\"}")).isEqualTo(bms.socPercent() / 100.0);
      assertThat(s.get("chargebay_supply_setpoint_volts{bay=\"b1\"}"))
          .isEqualTo(supply.setMillivolts() / 1000.0);
      assertThat(s.get("chargebay_supply_setpoint_amperes{bay=\"b1\"}")).isEqualTo(2.0);
      assertThat(s.get("chargebay_supply_mode{bay=\"b1\",mode=\"cc\"}")).isEqualTo(1.0);
      assertThat(s.get("chargebay_supply_mode{bay=\"b1\",mode=\"cv\"}")).isEqualTo(0.0);
      assertThat(s.get("chargebay_supply_age_seconds{bay=\"b1\"}")).isEqualTo(0.0);
      assertThat(s.get("chargebay_session_charge_coulombs{bay=\"b1\"}"))
          .isEqualTo(rig.runtime.status().ampHours() * 3600.0)
          .isGreaterThan(0.0);
      assertThat(s.get("chargebay_session_energy_joules{bay=\"b1\"}"))
          .isEqualTo(rig.runtime.status().wattHours() * 3600.0);

      double started = seconds(rig.event(ChargeStarted.class).at());
      assertThat(s.get("chargebay_session_start_timestamp_seconds{bay=\"b1\"}")).isEqualTo(started);
      assertThat(s.get("chargebay_phase_start_timestamp_seconds{bay=\"b1\"}")).isEqualTo(started);
      assertThat(s.get("chargebay_last_cutoff_timestamp_seconds{bay=\"b1\"}")).isNaN();
      assertThat(
              s.entrySet().stream().filter(e -> e.getKey().startsWith("chargebay_cutoffs_total{")))
          .as("every reason at 0 from the start")
          .hasSize(CutOffReason.values().length)
          .allSatisfy(e -> assertThat(e.getValue()).isZero());
      for (CutOffReason reason : CutOffReason.values()) {
        assertThat(s)
            .containsKey("chargebay_cutoffs_total{bay=\"b1\",reason=\"" + reason.name() + "\"}");
      }
    }
  }

  @Test
  void a_cut_off_counts_once_under_its_reason_and_its_instants_survive_a_restart() {
    PackModel nearlyFull = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 85.0, 40.0);
    try (Rig rig = new Rig(nearlyFull, true)) {
      rig.bench.faults().supplyIgnoresVoltageSetpoint(true);
      rig.tickUntil(Phase.FAULT, Duration.ofHours(2));
      CutOff cut = rig.event(CutOff.class);
      FaultLatched latched = rig.event(FaultLatched.class);
      Map<String, Double> s = rig.scrape();

      for (CutOffReason reason : CutOffReason.values()) {
        assertThat(s.get("chargebay_cutoffs_total{bay=\"b1\",reason=\"" + reason.name() + "\"}"))
            .as(reason.name())
            .isEqualTo(reason == cut.reason() ? 1.0 : 0.0);
      }
      assertThat(s.get("chargebay_last_cutoff_timestamp_seconds{bay=\"b1\"}"))
          .isEqualTo(seconds(cut.at()));
      assertThat(s.get("chargebay_phase_start_timestamp_seconds{bay=\"b1\"}"))
          .isEqualTo(seconds(latched.at()));
      assertThat(s.get("chargebay_fault_latched{bay=\"b1\"}")).isEqualTo(1.0);
      assertThat(s.get("chargebay_bay_phase{bay=\"b1\",phase=\"fault\"}")).isEqualTo(1.0);

      rig.restart(true);
      Map<String, Double> after = rig.scrape();
      assertThat(after.get("chargebay_last_cutoff_timestamp_seconds{bay=\"b1\"}"))
          .isEqualTo(seconds(cut.at()));
      assertThat(after.get("chargebay_phase_start_timestamp_seconds{bay=\"b1\"}"))
          .isEqualTo(seconds(latched.at()));
      assertThat(after.get("chargebay_session_start_timestamp_seconds{bay=\"b1\"}"))
          .isEqualTo(seconds(rig.event(ChargeStarted.class).at()));
      assertThat(
              after.get(
                  "chargebay_cutoffs_total{bay=\"b1\",reason=\"" + cut.reason().name() + "\"}"))
          .as("counters count this process's cut-offs")
          .isZero();
    }
  }

  @Test
  void a_cut_off_path_that_failed_is_unconfirmed_until_acknowledged_and_each_retry_is_counted() {
    PackModel nearlyFull = PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 85.0, 40.0);
    try (Rig rig = new Rig(nearlyFull, true)) {
      String fet = "{bay=\"b1\",path=\"bms-charge-fet-off\"}";
      String output = "{bay=\"b1\",path=\"supply-output-off\"}";
      assertThat(rig.scrape())
          .containsEntry("chargebay_cutoff_path_unconfirmed" + fet, 0.0)
          .containsEntry("chargebay_cutoff_path_unconfirmed" + output, 0.0)
          .containsEntry("chargebay_cutoff_path_retries_total" + fet, 0.0)
          .containsEntry("chargebay_cutoff_path_retries_total" + output, 0.0);
      rig.bench.bay().ignoreFetCommands();
      rig.bench.faults().supplyIgnoresVoltageSetpoint(true);
      rig.tickUntil(Phase.FAULT, Duration.ofHours(2));

      Map<String, Double> cut = rig.scrape();
      assertThat(cut.get("chargebay_cutoff_path_unconfirmed" + fet)).isEqualTo(1.0);
      assertThat(cut.get("chargebay_cutoff_path_unconfirmed" + output)).isEqualTo(0.0);
      assertThat(cut.get("chargebay_cutoff_path_retries_total" + fet))
          .as("the cut's own attempt is not a retry")
          .isEqualTo(0.0);

      rig.ticks(5);
      Map<String, Double> retried = rig.scrape();
      assertThat(retried.get("chargebay_cutoff_path_retries_total" + fet))
          .as("one retry per poll")
          .isEqualTo(5.0);
      assertThat(retried.get("chargebay_cutoff_path_unconfirmed" + fet)).isEqualTo(1.0);
      assertThat(retried.get("chargebay_cutoff_path_retries_total" + output)).isEqualTo(0.0);

      rig.runtime.acknowledge("test", "MOSFET checked on site");
      rig.ticks(2);
      assertThat(rig.scrape().get("chargebay_cutoff_path_unconfirmed" + fet))
          .as("no longer cut once acknowledged")
          .isEqualTo(0.0);
    }
  }

  @Test
  void per_cell_series_can_be_switched_off_per_bay() {
    try (Rig rig = new Rig(SimulatedBench.demoPack(), false)) {
      rig.ticks(3);
      Map<String, Double> s = rig.scrape();
      assertThat(s.keySet()).noneMatch(k -> k.startsWith("chargebay_cell_voltage_volts"));
      assertThat(s.get("chargebay_cell_voltage_max_volts{bay=\"b1\"}"))
          .isEqualTo(rig.last.bms().cellMaxMillivolts() / 1000.0);
      assertThat(s.get("chargebay_cell_voltage_min_volts{bay=\"b1\"}"))
          .isEqualTo(rig.last.bms().cellMinMillivolts() / 1000.0);
    }
  }
}
