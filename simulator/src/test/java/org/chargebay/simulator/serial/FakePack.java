package org.chargebay.simulator.serial;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.simulator.BmsBackend;

/**
 * A fixed 4-cell pack for emulator tests: values chosen to be exact on every family's wire (100 mV,
 * 100 mA, whole °C), so a read must give them back unchanged. Only the MOSFETs change.
 */
final class FakePack implements BmsBackend {

  static final List<Integer> CELLS = List.of(3301, 3302, 3303, 3304);
  static final int PACK_MV = 13200;
  static final int CURRENT_MA = 2500;

  private volatile boolean charge = true;
  private volatile boolean discharge = true;
  private volatile int current = CURRENT_MA;

  @Override
  public BmsSnapshot snapshot() {
    return new BmsSnapshot(
        CELLS,
        PACK_MV,
        current,
        55,
        List.of(250, 240),
        charge,
        discharge,
        0,
        0,
        7,
        55000,
        100000,
        4);
  }

  @Override
  public void setFets(boolean charge, boolean discharge) {
    this.charge = charge;
    this.discharge = discharge;
  }

  void current(int milliamps) {
    current = milliamps;
  }

  boolean charge() {
    return charge;
  }

  /** A clock the test moves by hand (emulator reboots). */
  static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
