package org.chargebay.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.chargebay.bms.BmsSnapshot;

/**
 * A BMS that measures like a real one: every reading of the wrapped backend gets Gaussian noise on
 * the pack voltage, each cell voltage and the current (seeded, so a run is repeatable), before the
 * emulator quantises it to its wire units (JBD: 10 mV, 10 mA). At rest the current reads 0, as
 * behind a real board's zero dead band; while current flows it jitters.
 */
public final class NoisyBms implements BmsBackend {
  private final BmsBackend backend;
  private final SplittableRandom random;
  private final double packSigmaMillivolts;
  private final double cellSigmaMillivolts;
  private final double currentSigmaMilliamps;

  /**
   * @param seed the noise's seed
   * @param packSigmaMillivolts the pack voltage's standard deviation
   * @param cellSigmaMillivolts each cell voltage's standard deviation
   * @param currentSigmaMilliamps the current's standard deviation while current flows
   */
  public NoisyBms(
      BmsBackend backend,
      long seed,
      double packSigmaMillivolts,
      double cellSigmaMillivolts,
      double currentSigmaMilliamps) {
    if (packSigmaMillivolts < 0 || cellSigmaMillivolts < 0 || currentSigmaMilliamps < 0) {
      throw new IllegalArgumentException("noise levels must be >= 0");
    }
    this.backend = backend;
    this.random = new SplittableRandom(seed);
    this.packSigmaMillivolts = packSigmaMillivolts;
    this.cellSigmaMillivolts = cellSigmaMillivolts;
    this.currentSigmaMilliamps = currentSigmaMilliamps;
  }

  @Override
  public synchronized BmsSnapshot snapshot() {
    BmsSnapshot s = backend.snapshot();
    List<Integer> cells = new ArrayList<>(s.cellMillivolts().size());
    for (int mv : s.cellMillivolts()) {
      cells.add(Math.max(0, mv + gaussian(cellSigmaMillivolts)));
    }
    int current =
        s.currentMilliamps() == 0 ? 0 : s.currentMilliamps() + gaussian(currentSigmaMilliamps);
    return new BmsSnapshot(
        cells,
        Math.max(0, s.packMillivolts() + gaussian(packSigmaMillivolts)),
        current,
        s.socPercent(),
        s.tempDeciCelsius(),
        s.chargeFet(),
        s.dischargeFet(),
        s.balanceBits(),
        s.protectionBits(),
        s.cycles(),
        s.remainingMilliampHours(),
        s.nominalMilliampHours(),
        s.cellCount(),
        s.temperatures(),
        s.mosfetTempDeciCelsius(),
        s.balanceState(),
        s.alarms(),
        s.extras(),
        s.rawFrames());
  }

  @Override
  public void setFets(boolean charge, boolean discharge) {
    backend.setFets(charge, discharge);
  }

  /** A Gaussian sample (Box-Muller) of standard deviation {@code sigma}, rounded. */
  private int gaussian(double sigma) {
    if (sigma == 0) {
      return 0;
    }
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return (int) Math.round(sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  }
}
