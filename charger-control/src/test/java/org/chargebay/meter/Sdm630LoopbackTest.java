package org.chargebay.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.chargebay.meter.Sdm630Reader.MeterException;
import org.chargebay.simulator.supply.Sdm630Emulator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The SDM630 reader against the simulator's SDM630 emulator on a loopback port. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class Sdm630LoopbackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void reads_per_phase_values_the_total_power_and_the_energy_counters() throws Exception {
    try (Sdm630Emulator meter = new Sdm630Emulator()) {
      meter.setPhase(1, 231.4, 10.5, 2_380);
      meter.setPhase(2, 229.8, 4.25, 950);
      meter.setPhase(3, 230.1, 0.5, -110);
      meter.setImportKwh(1, 1_200.5);
      meter.setImportKwh(2, 800.25);
      meter.setImportKwh(3, 10);
      meter.setExportKwh(42.75);
      meter.setHertz(49.98);
      try (Sdm630Reader reader = Sdm630Reader.open("127.0.0.1", meter.port(), 1, TIMEOUT)) {
        MeterReading r = reader.read();

        assertThat(r.volts().get(0)).isCloseTo(231.4, within(1e-4));
        assertThat(r.volts().get(2)).isCloseTo(230.1, within(1e-4));
        assertThat(r.amps().get(1)).isEqualTo(4.25);
        assertThat(r.watts()).containsExactly(2_380.0, 950.0, -110.0);
        assertThat(r.totalWatts()).isEqualTo(3_220.0);
        assertThat(r.siteKw()).isCloseTo(3.22, within(1e-9));
        assertThat(r.hertz()).isCloseTo(49.98, within(1e-4));
        assertThat(r.importKwh()).isCloseTo(2_010.75, within(1e-3));
        assertThat(r.exportKwh()).isEqualTo(42.75);

        // A later reading sees the meter's new values on the same connection.
        meter.setPhase(1, 231.4, 0, 0);
        assertThat(reader.read().totalWatts()).isEqualTo(840.0);
      }
    }
  }

  @Test
  void a_wrong_unit_or_a_meter_that_is_gone_is_an_error_naming_the_meter() throws Exception {
    int port;
    try (Sdm630Emulator meter = new Sdm630Emulator()) {
      port = meter.port();
      try (Sdm630Reader reader = Sdm630Reader.open("127.0.0.1", port, 2, TIMEOUT)) {
        assertThatThrownBy(reader::read)
            .isInstanceOf(MeterException.class)
            .hasMessageStartingWith("SDM630 at 127.0.0.1:" + port + " unit 2: reading input");
      }
    }
    assertThatThrownBy(() -> Sdm630Reader.open("127.0.0.1", port, 1, TIMEOUT).read())
        .isInstanceOf(MeterException.class)
        .hasMessageContaining("SDM630 at 127.0.0.1:" + port + " unit 1");
  }
}
