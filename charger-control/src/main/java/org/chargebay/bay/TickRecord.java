package org.chargebay.bay;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything one tick of a bay's loop exchanged with the outside world (a raw sample plus the
 * commands and device outcomes), recorded so that the tick can be re-run: {@code ./chargebay
 * replay}. Samples are measurements, not events: they live in a retention-bounded table.
 *
 * @param bayId the bay
 * @param tick 1 for the first tick after the runtime was built (a controller start), then +1
 * @param at the tick's instant on the controller clock (full precision: decisions carry it)
 * @param startVersion the bay stream's version before this tick's calls (for tick 1: before the
 *     start-up recovery)
 * @param boot for tick 1: how the runtime was built; null otherwise
 * @param calls the calls in order (for tick 1 the start-up recovery's calls come first)
 */
public record TickRecord(
    String bayId,
    long tick,
    Instant at,
    long startVersion,
    @Nullable Boot boot,
    List<IoCall> calls) {

  public TickRecord {
    calls = List.copyOf(calls);
  }

  /**
   * The start of a runtime.
   *
   * @param at the controller clock when the runtime was built
   * @param bootCalls how many of tick 1's calls the start-up recovery made
   * @param settings the bay's settings as run
   * @param cycleRevision the order of a cycle's calls the runtime ran with: 0 (recordings made
   *     before the field existed) reads the BMS and the supply before any check; 1 runs the cell
   *     checks as soon as the BMS has answered and cuts on them before it reads the supply; 2
   *     ({@link #CYCLE_REVISION}) also retries a cut-off path that failed on every poll until it is
   *     confirmed. A replay runs the recorded revision.
   */
  public record Boot(Instant at, int bootCalls, BaySettings settings, int cycleRevision) {
    /** The revision this build runs. */
    public static final int CYCLE_REVISION = 2;

    public Boot {
      if (cycleRevision < 0 || cycleRevision > CYCLE_REVISION) {
        throw new IllegalArgumentException(
            "cycle revision "
                + cycleRevision
                + " is not one this build knows (0.."
                + CYCLE_REVISION
                + ")");
      }
    }
  }
}
