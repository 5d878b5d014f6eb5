package org.chargebay.simulator.serial;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Faults a {@link StreamEmulator} injects, switchable at any time from any thread.
 *
 * <ul>
 *   <li>{@link #silent}: reads requests but answers nothing (hung board, broken line).
 *   <li>{@link #garbageBytes}: that many noise bytes before every reply (line noise, an adapter
 *       echo).
 *   <li>{@link #truncate}: every reply frame is cut in half.
 *   <li>{@link #corrupt}: one bit in the middle of every reply frame is flipped (a corrupted frame
 *       with an intact length, as dbus-serialbattery reports for Daly 0x95).
 *   <li>{@link #frozen}: replies keep the values of the moment the freeze started, while frame
 *       counters keep moving (a stuck BMS that still talks).
 *   <li>{@link #reboot(Duration)}: silent until the clock passes now + the duration, as JK boards
 *       drop off the bus at their high-voltage alarm.
 *   <li>{@link #ignoreMosfetCommands}: MOSFET commands are acknowledged but not applied.
 * </ul>
 *
 * A MOSFET changed unasked is an action, not a state: {@link
 * StreamEmulator#changeChargeFetUnasked}.
 */
public final class EmulatorFaults {

  private final Clock clock;
  private volatile boolean silent;
  private volatile int garbageBytes;
  private volatile boolean truncate;
  private volatile boolean corrupt;
  private volatile boolean frozen;
  private volatile boolean ignoreMosfetCommands;
  private volatile @Nullable Instant rebootUntil;

  /** Faults timed by {@code clock} (reboots). */
  public EmulatorFaults(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void silent(boolean on) {
    silent = on;
  }

  public void garbageBytes(int count) {
    if (count < 0 || count > 4096) {
      throw new IllegalArgumentException("garbage bytes must be 0-4096, was " + count);
    }
    garbageBytes = count;
  }

  public void truncate(boolean on) {
    truncate = on;
  }

  public void corrupt(boolean on) {
    corrupt = on;
  }

  public void frozen(boolean on) {
    frozen = on;
  }

  public void ignoreMosfetCommands(boolean on) {
    ignoreMosfetCommands = on;
  }

  /** Drops off the bus for {@code duration} from the clock's now. */
  public void reboot(Duration duration) {
    rebootUntil = clock.instant().plus(duration);
  }

  /** Clears every fault. */
  public void clear() {
    silent = false;
    garbageBytes = 0;
    truncate = false;
    corrupt = false;
    frozen = false;
    ignoreMosfetCommands = false;
    rebootUntil = null;
  }

  /** Whether a request arriving now gets no answer (silent or rebooting). */
  public boolean mute() {
    Instant until = rebootUntil;
    return silent || (until != null && clock.instant().isBefore(until));
  }

  public int garbageBytes() {
    return garbageBytes;
  }

  public boolean truncate() {
    return truncate;
  }

  public boolean corrupt() {
    return corrupt;
  }

  public boolean frozen() {
    return frozen;
  }

  public boolean ignoreMosfetCommands() {
    return ignoreMosfetCommands;
  }
}
