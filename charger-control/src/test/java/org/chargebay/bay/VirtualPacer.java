package org.chargebay.bay;

import java.time.Duration;
import org.chargebay.simulator.VirtualClock;

/**
 * Real-time loops on a test's virtual clock: a loop waiting for its next cycle wakes only when the
 * test advances the clock past it, so polls can be counted per simulated interval.
 */
final class VirtualPacer implements BayScheduler.Pacer {
  private final VirtualClock clock;
  private final long epochNanos;

  VirtualPacer(VirtualClock clock) {
    this.clock = clock;
    this.epochNanos = nanosOf(clock);
  }

  private static long nanosOf(VirtualClock clock) {
    var i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Override
  public long nanos() {
    return nanosOf(clock) - epochNanos;
  }

  @Override
  public synchronized void parkUntil(long deadlineNanos) {
    if (nanos() - deadlineNanos >= 0) {
      return;
    }
    try {
      wait(1_000); // woken by advance() or wake(); the bound only re-checks
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void wake(Thread thread) {
    notifyAll();
  }

  /** Moves the virtual time on and wakes every loop whose next cycle is due. */
  synchronized void advance(Duration step) {
    clock.advance(step);
    notifyAll();
  }
}
