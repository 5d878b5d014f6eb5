package org.chargebay.metrics;

import java.util.List;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BaySample;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.BalanceHoldStarted;
import org.chargebay.events.BayConfigured;
import org.chargebay.events.BayRemoved;
import org.chargebay.events.BaySlept;
import org.chargebay.events.CeilingAdjusted;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargePlanned;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CutOff;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.FaultAcknowledged;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.PackIdentified;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.RampDownStarted;
import org.chargebay.events.ResistanceMeasured;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.TopUpStarted;
import org.chargebay.supply.SupplyReading;
import org.jspecify.annotations.Nullable;

/**
 * What one bay's gauges read between scrapes: the last good BMS and supply readings (from the
 * loop's samples) and the instants of the latest phase change, session start and cut-off (from the
 * bay's events, on the controller clock: a demo's virtual clock runs ahead of the wall). Written on
 * the bay's loop thread, read on scrape threads.
 */
final class BayReadings implements BayListener {
  private volatile @Nullable BmsSnapshot bms;
  private volatile @Nullable SupplyReading supply;
  private double phaseStartSeconds = Double.NaN;
  private double sessionStartSeconds = Double.NaN;
  private double lastCutOffSeconds = Double.NaN;

  @Override
  public void onSample(BaySample sample) {
    if (sample.bms() != null) {
      bms = sample.bms();
    }
    if (sample.supply() != null) {
      supply = sample.supply();
    }
  }

  @Override
  public void onEvents(String bayId, List<EventEnvelope> stored, List<ChargeEvent> events) {
    for (ChargeEvent e : events) {
      seen(e);
    }
  }

  /**
   * Takes the instants of {@code event} if they are later than the ones held, so that the bay's
   * history read at start-up and the live events may arrive in either order.
   */
  synchronized void seen(ChargeEvent event) {
    double at = event.at().toEpochMilli() / 1000.0;
    if (changesPhase(event)) {
      phaseStartSeconds = later(phaseStartSeconds, at);
    }
    if (event instanceof ChargeStarted) {
      sessionStartSeconds = later(sessionStartSeconds, at);
    }
    if (event instanceof CutOff) {
      lastCutOffSeconds = later(lastCutOffSeconds, at);
    }
  }

  /**
   * True for every event that moves a bay into a phase (or again into the same one, as a resumed
   * session does); false for those that leave the phase as it was.
   */
  static boolean changesPhase(ChargeEvent event) {
    if (event instanceof SetpointChanged
        || event instanceof StartRefused
        || event instanceof BayConfigured
        || event instanceof BayRemoved
        || event instanceof PackIdentified
        || event instanceof ResistanceMeasured
        || event instanceof org.chargebay.events.CommandAudited
        || event instanceof CeilingAdjusted
        || event instanceof BaySlept
        || event instanceof TopUpStarted
        || event instanceof org.chargebay.events.PlanComputed
        || event instanceof org.chargebay.events.AllocationChanged
        || event instanceof org.chargebay.events.DepartureSet
        || event instanceof ChargePlanned
        || event instanceof RampDownStarted
        || event instanceof BalanceHoldStarted
        || event instanceof org.chargebay.events.BalanceWarned) {
      return false;
    }
    if (event instanceof ChargeStarted
        || event instanceof PhaseChanged
        || event instanceof CutOff
        || event instanceof FaultLatched
        || event instanceof FaultAcknowledged
        || event instanceof ChargeCompleted
        || event instanceof ChargeStopped
        || event instanceof ChargeSuspended
        || event instanceof ChargeResumed) {
      return true;
    }
    throw new IllegalArgumentException("unhandled event " + event.getClass().getName());
  }

  private static double later(double held, double at) {
    return Double.isNaN(held) || at > held ? at : held;
  }

  @Nullable BmsSnapshot bms() {
    return bms;
  }

  @Nullable SupplyReading supply() {
    return supply;
  }

  synchronized double phaseStartSeconds() {
    return phaseStartSeconds;
  }

  synchronized double sessionStartSeconds() {
    return sessionStartSeconds;
  }

  synchronized double lastCutOffSeconds() {
    return lastCutOffSeconds;
  }

  /** Cell {@code cell} (1-based) of the last good BMS reading in volts, NaN if not reported. */
  double cellVolts(int cell) {
    BmsSnapshot b = bms;
    if (b == null || cell > b.cellMillivolts().size()) {
      return Double.NaN;
    }
    return b.cellMillivolts().get(cell - 1) / 1000.0;
  }

  /** Pack probe {@code probe} (1-based, BMS order) in degrees Celsius, NaN if not reported. */
  double temperatureCelsius(int probe) {
    BmsSnapshot b = bms;
    if (b == null || probe > b.tempDeciCelsius().size()) {
      return Double.NaN;
    }
    return b.tempDeciCelsius().get(probe - 1) / 10.0;
  }

  /** Pack probes the last good BMS reading had, 0 before the first. */
  int probes() {
    BmsSnapshot b = bms;
    return b == null ? 0 : b.tempDeciCelsius().size();
  }
}
