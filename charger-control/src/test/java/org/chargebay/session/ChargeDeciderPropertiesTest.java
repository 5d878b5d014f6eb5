package org.chargebay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.CutOffReason;
import org.chargebay.events.Evidence;
import org.chargebay.events.FaultAcknowledged;
import org.chargebay.events.Phase;
import org.chargebay.events.SetpointChanged;

/** Invariants of the decider over random command sequences. */
class ChargeDeciderPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);
  private final ChargeDecider decider = new ChargeDecider(DeciderSettings.defaults());

  @Property(tries = 300)
  void no_setpoint_above_the_profile_and_no_current_while_a_fault_is_latched(
      @ForAll("commands") List<ChargeCommand> commands) {
    ChargeState state = decider.initialState();
    for (ChargeCommand c : commands) {
      boolean latched = state.phase() == Phase.FAULT;
      List<ChargeEvent> events = decider.decide(c, state);
      for (ChargeEvent e : events) {
        if (e instanceof SetpointChanged s) {
          assertThat(s.millivolts()).isBetween(0, PROFILE.packCeilingMillivolts());
          assertThat(s.milliamps()).isBetween(0, PROFILE.chargeCurrentMilliamps());
          assertThat(latched && s.outputOn()).as("output on while a fault is latched").isFalse();
        }
        if (e instanceof ChargeStarted) {
          assertThat(latched)
              .as("ChargeStarted after a cut-off without FaultAcknowledged")
              .isFalse();
        }
        if (e instanceof FaultAcknowledged) {
          latched = false;
        }
        if (e instanceof CutOff) {
          latched = true;
        }
        long before = state.version();
        state = decider.evolve(state, e);
        assertThat(state.version()).isEqualTo(before + 1);
      }
      if (c instanceof ChargeCommand.Observe o && o.trip() != null) {
        assertThat(state.phase()).isEqualTo(Phase.FAULT);
        assertThat(state.outputOn()).isFalse();
      }
    }
  }

  @Provide
  Arbitrary<List<ChargeCommand>> commands() {
    return command().list().ofMinSize(1).ofMaxSize(60);
  }

  private Arbitrary<ChargeCommand> command() {
    Arbitrary<Observation> obs = observation();
    Arbitrary<ChargeCommand> start =
        obs.map(o -> new ChargeCommand.StartCharge(T0, "s", PROFILE, o));
    Arbitrary<ChargeCommand> observe = obs.map(o -> new ChargeCommand.Observe(T0, o, null));
    Arbitrary<ChargeCommand> trip =
        obs.map(
            o ->
                new ChargeCommand.Observe(
                    T0,
                    o,
                    new ChargeCommand.Trip(CutOffReason.CELL_OVER_VOLTAGE, "d", List.of("x"))));
    Arbitrary<ChargeCommand> ack =
        Arbitraries.just(new ChargeCommand.AcknowledgeFault(T0, "op", "checked"));
    Arbitrary<ChargeCommand> stop = obs.map(o -> new ChargeCommand.StopCharge(T0, "op", "r", o));
    Arbitrary<ChargeCommand> recover = obs.map(o -> new ChargeCommand.RecoverAfterRestart(T0, o));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, start),
        net.jqwik.api.Tuple.of(10, observe),
        net.jqwik.api.Tuple.of(1, trip),
        net.jqwik.api.Tuple.of(2, ack),
        net.jqwik.api.Tuple.of(1, stop),
        net.jqwik.api.Tuple.of(1, recover));
  }

  private Arbitrary<Observation> observation() {
    Arbitrary<List<Integer>> cells =
        Arbitraries.integers().between(2500, 4300).list().ofMinSize(12).ofMaxSize(14);
    Arbitrary<Integer> current = Arbitraries.integers().between(-100, 2500);
    Arbitrary<Integer> supplyOut = Arbitraries.integers().between(30_000, 60_000);
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return Combinators.combine(cells, current, supplyOut, flag, flag, current.list().ofMaxSize(8))
        .as(
            (c, ma, out, on, fresh, window) -> {
              int pack = c.stream().mapToInt(Integer::intValue).sum();
              Evidence ev =
                  new Evidence(
                      new Evidence.Bms(0, pack, ma, new ArrayList<>(c), true, true),
                      new Evidence.Supply(0, 53_950, 2000, out, ma, on, on ? "CV" : "CC"),
                      0,
                      0);
              return new Observation(ev, fresh, window);
            });
  }
}
