package org.chargebay.simulator.fleet;

import java.time.Instant;

/**
 * When something happened, on three time lines: the simulation clock, {@link System#nanoTime()}
 * (monotonic; on Linux comparable between processes of one machine) and the wall clock.
 *
 * @param clock the instant on the fleet's simulation clock
 * @param nanoTime {@link System#nanoTime()} at that moment
 * @param epochMillis {@link System#currentTimeMillis()} at that moment
 */
public record Stamp(Instant clock, long nanoTime, long epochMillis) {}
