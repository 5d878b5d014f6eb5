package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.simulator.VirtualClock;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Reconnect backoff of the lazy driver on a virtual clock: a unit that stops answering is not
 * hammered with connect + identify every poll, the backoff survives the dropped connections, output
 * off is always tried, and one answer resets it.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LazySupplyDriverTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration POLL = Duration.ofMillis(200);

  private final VirtualClock clock = new VirtualClock(T0);
  private final List<Long> connectsAtMillis = new ArrayList<>();
  private boolean answering = true;
  private int offs;

  /** A unit that answers or times out, as {@link #answering} says (also to identification). */
  private final class Unit implements SupplyDriver {
    @Override
    public SupplyReading read() throws SupplyException {
      if (!answering) {
        throw new SupplyException.Retriable("no answer reading the unit (timeout)", null);
      }
      return new SupplyReading("RD6018", 0, 0, 0, 0, 0, 0, false, false, 0);
    }

    @Override
    public void apply(SupplySetpoint setpoint) {}

    @Override
    public void outputOff() throws SupplyException {
      read();
      offs++;
    }

    @Override
    public void setProtection(int ovpMillivolts, int ocpMilliamps) {}

    @Override
    public SupplyCapabilities capabilities() {
      return new SupplyCapabilities("RD6018", 60_000, 18_000, 10, 1, true);
    }

    @Override
    public void close() {}
  }

  private long millis() {
    return Duration.between(T0, clock.instant()).toMillis();
  }

  private LazySupplyDriver driver() {
    return new LazySupplyDriver(
        () -> {
          connectsAtMillis.add(millis());
          Unit u = new Unit();
          u.read(); // identification: a silent unit fails here
          return u;
        },
        () -> {},
        () -> Duration.between(T0, clock.instant()).toNanos());
  }

  /** Polls every 200 ms until {@code untilMillis}; the messages of the failed reads. */
  private List<String> pollUntil(LazySupplyDriver d, long untilMillis) {
    List<String> failures = new ArrayList<>();
    while (millis() < untilMillis) {
      clock.advance(POLL);
      try {
        d.read();
      } catch (SupplyException e) {
        assertThat(e).isInstanceOf(SupplyException.Retriable.class);
        failures.add(e.getMessage());
      }
    }
    return failures;
  }

  @Test
  void a_unit_that_stops_answering_is_reconnected_at_doubling_intervals_not_every_poll()
      throws Exception {
    LazySupplyDriver d = driver();
    d.read();
    assertThat(d.knownCapabilities()).map(SupplyCapabilities::model).hasValue("RD6018");
    answering = false;

    List<String> failures = pollUntil(d, 62_000);

    // lost at 200 ms; reconnects at 400 and 600 ms fail; then 1 s, 2 s, 4 s, 8 s, 16 s, 30 s pauses
    assertThat(connectsAtMillis)
        .containsExactly(0L, 400L, 600L, 1_600L, 3_600L, 7_600L, 15_600L, 31_600L, 61_600L);
    assertThat(failures).hasSize(310);
    assertThat(failures.get(3))
        .isEqualTo(
            "not reconnecting to the supply: 3 lost or failed connections in a row; backing off"
                + " for another 800 ms");
    // only the lost read and the 8 reconnect attempts touched the unit; every other poll failed
    // fast
    assertThat(failures.stream().filter(m -> m.contains("backing off")).count()).isEqualTo(310 - 9);
  }

  @Test
  void output_off_is_tried_at_once_even_while_reconnects_back_off() throws Exception {
    LazySupplyDriver d = driver();
    d.read();
    answering = false;
    pollUntil(d, 1_000); // in backoff until 1600 ms
    answering = true;

    d.outputOff();

    assertThat(connectsAtMillis).containsExactly(0L, 400L, 600L, 1_000L);
    assertThat(offs).isEqualTo(1);
  }

  @Test
  void one_answer_resets_the_backoff_so_a_later_glitch_reconnects_at_the_next_poll()
      throws Exception {
    LazySupplyDriver d = driver();
    d.read();
    answering = false;
    pollUntil(d, 4_000); // attempts at 400, 600, 1600, 3600
    answering = true;
    pollUntil(d, 8_000); // the 7600 ms attempt succeeds
    connectsAtMillis.clear();
    answering = false;
    pollUntil(d, 8_200); // one lost connection
    answering = true;

    pollUntil(d, 8_400);

    assertThat(connectsAtMillis).containsExactly(8_400L);
    assertThatThrownBy(
            () -> {
              answering = false;
              d.read();
            })
        .isInstanceOf(SupplyException.Retriable.class)
        .hasMessageContaining("timeout");
  }
}
