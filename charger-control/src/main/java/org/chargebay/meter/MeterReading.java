package org.chargebay.meter;

import java.util.List;

/**
 * One reading of a three-phase energy meter.
 *
 * @param volts per phase, L1..L3
 * @param amps per phase
 * @param watts active power per phase, positive = import from the grid
 * @param totalWatts the meter's total system active power, positive = import
 * @param hertz the line frequency
 * @param importKwh the import active energy counter
 * @param exportKwh the export active energy counter
 */
public record MeterReading(
    List<Double> volts,
    List<Double> amps,
    List<Double> watts,
    double totalWatts,
    double hertz,
    double importKwh,
    double exportKwh) {

  public MeterReading {
    volts = List.copyOf(volts);
    amps = List.copyOf(amps);
    watts = List.copyOf(watts);
  }

  /** The site's import now, kW (negative while exporting). */
  public double siteKw() {
    return totalWatts / 1000.0;
  }
}
