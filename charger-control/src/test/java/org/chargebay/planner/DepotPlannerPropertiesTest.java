package org.chargebay.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.chargebay.planner.Depot.Window;
import org.chargebay.planner.Plan.BayPlan;
import org.chargebay.planner.Plan.Slot;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;

/**
 * The planner's promises over random depots (up to 200 bays, a quarter of them on chargers that can
 * only be switched, random departures, caps, schedules, other loads and tariffs), checked without
 * the planner's own arithmetic: the site cap holds in every step; every bay said to meet its target
 * reaches it by its departure when its plan is played on the simulator's pack model behind a CC/CV
 * supply (which lowers the current on its own when the highest cell reaches the ceiling); a bay
 * that can only be switched is, in every step, off or at its nameplate current; the plan is the
 * same for the same input, in any bay order.
 */
class DepotPlannerPropertiesTest {

  private static final Instant START = Instant.parse("2026-12-05T18:00:00Z");

  /** Seconds per step of the pack simulation. */
  private static final int SIM_SECONDS = 60;

  /** 300 random depots per run, to keep the default test run short (1,000 took 30 s under load). */
  @Property(tries = 300)
  void the_cap_holds_targets_said_met_are_met_on_the_pack_model_and_plans_are_deterministic(
      @ForAll("depots") Depot depot, @ForAll("policies") Policy policy) {
    Plan plan = DepotPlanner.plan(depot, policy);

    capHoldsInEveryStep(depot, plan);
    for (BayPlan b : plan.bays()) {
      BayRequest bay = depot.bays().stream().filter(r -> r.id().equals(b.id())).findFirst().get();
      double simulated = simulate(depot, bay, b.slots());
      if (b.meetsTarget()) {
        assertThat(simulated)
            .as("bay %s on the pack model", bay.id())
            .isGreaterThanOrEqualTo(bay.targetSocPercent() - 1e-6);
      }
      if (bay.switchOnly()) {
        for (Slot s : b.slots()) {
          assertThat(s.amps())
              .as("on/off bay %s at %s", bay.id(), s.from())
              .isEqualTo(bay.maxAmps());
        }
      }
      if (bay.switchOnly() && b.slots().stream().anyMatch(s -> s.reason().contains("cv taper"))) {
        // the fixed charger's tapering current moves at least the charge the plan counts
        assertThat(simulated)
            .as("on/off bay %s: expected state of charge, a floor in the taper", bay.id())
            .isGreaterThanOrEqualTo(b.expectedSocAtDeparture() - 1e-6);
      } else {
        assertThat(simulated)
            .as("bay %s: expected state of charge", bay.id())
            .isCloseTo(b.expectedSocAtDeparture(), org.assertj.core.data.Offset.offset(1e-6));
      }
    }
    List<BayRequest> shuffled = new ArrayList<>(depot.bays());
    Collections.reverse(shuffled);
    Depot reordered =
        new Depot(
            depot.start(),
            depot.stepMinutes(),
            depot.capKw(),
            depot.capSchedule(),
            depot.otherLoads(),
            depot.tariff(),
            depot.defaultPricePerKwh(),
            shuffled);
    assertThat(DepotPlanner.plan(reordered, policy)).isEqualTo(plan);
    assertThat(DepotPlanner.plan(depot, policy)).isEqualTo(plan);
  }

  /** The bays' planned power, from the slots, within the cap less the other loads, every step. */
  private static void capHoldsInEveryStep(Depot depot, Plan plan) {
    long step = depot.stepMinutes() * 60L;
    for (int t = 0; t < plan.siteKw().size(); t++) {
      Instant from = depot.start().plusSeconds(step * t);
      Instant to = from.plusSeconds(step);
      double cap = depot.capKw();
      for (Window w : depot.capSchedule()) {
        if (w.from().isBefore(to) && w.to().isAfter(from)) {
          cap = Math.min(cap, w.value());
        }
      }
      for (Window w : depot.otherLoads()) {
        if (w.from().isBefore(to) && w.to().isAfter(from)) {
          cap -= w.value();
        }
      }
      double bays = 0;
      for (BayPlan b : plan.bays()) {
        for (Slot s : b.slots()) {
          if (s.from().isBefore(to) && s.to().isAfter(from)) {
            bays += s.kw();
          }
        }
      }
      assertThat(bays)
          .as("site power in the step from %s", from)
          .isLessThanOrEqualTo(Math.max(0, cap) + 1e-6);
    }
  }

  /**
   * Plays the slots on a pack model behind a CC/CV supply set to the slot's current and the pack
   * ceiling (for an on/off bay: its fixed charger, nameplate current and voltage); checks the
   * pack's power never exceeds the slot's and returns the state of charge at departure.
   */
  private static double simulate(Depot depot, BayRequest bay, List<Slot> slots) {
    double cellOhms = bay.resistanceMilliohms() / 1000.0;
    PackModel pack =
        PackModel.create(
            curve(bay.chemistry()), bay.series(), bay.capacityAh(), cellOhms, bay.socPercent(), 0);
    for (Slot s : slots) {
      assertThat(s.to())
          .as("slot of %s after its departure", bay.id())
          .isBeforeOrEqualTo(bay.departure());
      assertThat(s.from()).isAfterOrEqualTo(depot.start());
      long seconds = s.to().getEpochSecond() - s.from().getEpochSecond();
      for (long done = 0; done < seconds; done += SIM_SECONDS) {
        long dt = Math.min(SIM_SECONDS, seconds - done);
        double amps = supplyAmps(pack, s.amps(), bay.ceilingVolts(), cellOhms, dt);
        pack.charge(amps, dt);
        double kw = pack.series() * pack.maxCellVolts(amps) * amps / 1000.0;
        assertThat(kw)
            .as("power of %s at %s", bay.id(), s.from())
            .isLessThanOrEqualTo(s.kw() + 1e-9);
      }
    }
    return pack.meanSocPercent();
  }

  /**
   * The supply's current over {@code seconds}: its limit, or in CV less, so that the highest cell
   * (every cell: the packs are balanced) is at the ceiling at the end of the interval, never above.
   */
  private static double supplyAmps(
      PackModel pack, double limit, double ceiling, double ohms, long seconds) {
    if (endVolts(pack, limit, ohms, seconds) <= ceiling) {
      return limit;
    }
    double lo = 0;
    double hi = limit;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (endVolts(pack, mid, ohms, seconds) <= ceiling) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double endVolts(PackModel pack, double amps, double ohms, long seconds) {
    double soc = pack.meanSocPercent() + amps * seconds / 3600.0 / pack.cellCapacityAh() * 100.0;
    return pack.curve().volts(soc) + amps * ohms;
  }

  private static OcvCurve curve(Chemistry c) {
    return switch (c.name()) {
      case "LFP" -> OcvCurve.lfp();
      case "LTO" -> OcvCurve.lto();
      default -> OcvCurve.nmc();
    };
  }

  @Provide
  Arbitrary<Policy> policies() {
    return Arbitraries.of(Policy.class);
  }

  @Provide
  Arbitrary<Depot> depots() {
    Arbitrary<Integer> step = Arbitraries.of(5, 10, 15);
    Arbitrary<Double> cap = Arbitraries.doubles().between(0, 150).ofScale(1);
    Arbitrary<List<Window>> capSchedule = windows(0, 3, 0, 60);
    Arbitrary<List<Window>> loads = windows(0, 3, 0, 20);
    Arbitrary<List<Window>> tariff = windows(0, 4, 0.05, 0.6);
    Arbitrary<Double> defaultPrice = Arbitraries.doubles().between(0.05, 0.6).ofScale(2);
    Arbitrary<List<BayRequest>> bays =
        bay()
            .list()
            .ofMinSize(1)
            .ofMaxSize(200)
            .map(
                list -> {
                  List<BayRequest> out = new ArrayList<>();
                  for (int i = 0; i < list.size(); i++) {
                    BayRequest b = list.get(i);
                    out.add(
                        new BayRequest(
                            String.format("bay-%03d", i),
                            b.chemistry(),
                            b.series(),
                            b.capacityAh(),
                            b.socPercent(),
                            b.targetSocPercent(),
                            b.departure(),
                            b.maxAmps(),
                            b.ceilingVolts(),
                            b.priority(),
                            b.resistanceMilliohms(),
                            b.switchOnly()));
                  }
                  return out;
                });
    return Builders.withBuilder(() -> new DepotBuilder())
        .use(step)
        .in(
            (d, v) -> {
              d.step = v;
              return d;
            })
        .use(cap)
        .in(
            (d, v) -> {
              d.cap = v;
              return d;
            })
        .use(capSchedule)
        .in(
            (d, v) -> {
              d.capSchedule = v;
              return d;
            })
        .use(loads)
        .in(
            (d, v) -> {
              d.loads = v;
              return d;
            })
        .use(tariff)
        .in(
            (d, v) -> {
              d.tariff = v;
              return d;
            })
        .use(defaultPrice)
        .in(
            (d, v) -> {
              d.defaultPrice = v;
              return d;
            })
        .use(bays)
        .in(
            (d, v) -> {
              d.bays = v;
              return d;
            })
        .build(DepotBuilder::build);
  }

  private static final class DepotBuilder {
    int step;
    double cap;
    List<Window> capSchedule = List.of();
    List<Window> loads = List.of();
    List<Window> tariff = List.of();
    double defaultPrice;
    List<BayRequest> bays = List.of();

    Depot build() {
      return new Depot(
          START, step, cap, capSchedule, loads, tariff, OptionalDouble.of(defaultPrice), bays);
    }
  }

  /** Windows within the first 16 hours, at minute boundaries (not always on a step's). */
  private static Arbitrary<List<Window>> windows(int min, int max, double low, double high) {
    Arbitrary<Window> w =
        Combinators.combine(
                Arbitraries.integers().between(0, 16 * 60 - 1),
                Arbitraries.integers().between(1, 8 * 60),
                Arbitraries.doubles().between(low, high).ofScale(2))
            .as(
                (from, length, value) ->
                    new Window(
                        START.plusSeconds(from * 60L),
                        START.plusSeconds((from + length) * 60L),
                        value));
    return w.list().ofMinSize(min).ofMaxSize(max);
  }

  private static Arbitrary<BayRequest> bay() {
    Arbitrary<Chemistry> chemistry = Arbitraries.of(Chemistries.all());
    Arbitrary<Integer> series = Arbitraries.integers().between(4, 24);
    Arbitrary<Double> capacity = Arbitraries.doubles().between(2, 60).ofScale(1);
    Arbitrary<Double> maxAmps = Arbitraries.doubles().between(0.5, 60).ofScale(2);
    // Up to 40 mOhm per series group (a single string of small cells): a long CV taper.
    Arbitrary<Double> resistance = Arbitraries.doubles().between(0.5, 40).ofScale(1);
    Arbitrary<Integer> ceilingPermille = Arbitraries.integers().between(0, 1000);
    Arbitrary<Double> soc = Arbitraries.doubles().between(0, 95).ofScale(1);
    Arbitrary<Integer> targetPermille = Arbitraries.integers().between(0, 1000);
    Arbitrary<Integer> departureMinutes = Arbitraries.integers().between(1, 16 * 60);
    Arbitrary<Integer> priority = Arbitraries.integers().between(1, 3);
    Arbitrary<Boolean> switchOnly = Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true));
    return Builders.withBuilder(BayBuilder::new)
        .use(chemistry)
        .in(
            (b, v) -> {
              b.chemistry = v;
              return b;
            })
        .use(series)
        .in(
            (b, v) -> {
              b.series = v;
              return b;
            })
        .use(capacity)
        .in(
            (b, v) -> {
              b.capacity = v;
              return b;
            })
        .use(maxAmps)
        .in(
            (b, v) -> {
              b.maxAmps = v;
              return b;
            })
        .use(resistance)
        .in(
            (b, v) -> {
              b.resistance = v;
              return b;
            })
        .use(ceilingPermille)
        .in(
            (b, v) -> {
              b.ceilingPermille = v;
              return b;
            })
        .use(soc)
        .in(
            (b, v) -> {
              b.soc = v;
              return b;
            })
        .use(targetPermille)
        .in(
            (b, v) -> {
              b.targetPermille = v;
              return b;
            })
        .use(departureMinutes)
        .in(
            (b, v) -> {
              b.departureMinutes = v;
              return b;
            })
        .use(priority)
        .in(
            (b, v) -> {
              b.priority = v;
              return b;
            })
        .use(switchOnly)
        .in(
            (b, v) -> {
              b.switchOnly = v;
              return b;
            })
        .build(BayBuilder::build);
  }

  private static final class BayBuilder {
    Chemistry chemistry = Chemistries.NMC;
    int series;
    double capacity;
    double maxAmps;
    double resistance;
    int ceilingPermille;
    double soc;
    int targetPermille;
    int departureMinutes;
    int priority;
    boolean switchOnly;

    /** A ceiling between the chemistry's OCV at 80 % and its maximum; a reachable target. */
    BayRequest build() {
      int lowMv = chemistry.ocv().millivoltsAt(800) + 1;
      int highMv = chemistry.ceilings().maxMillivolts();
      double ceiling = (lowMv + (highMv - lowMv) * ceilingPermille / 1000) / 1000.0;
      BayRequest probe =
          new BayRequest(
              "probe",
              chemistry,
              series,
              capacity,
              0,
              0,
              START.plusSeconds(60),
              maxAmps,
              ceiling,
              priority,
              resistance);
      double reachable = Math.min(100, new PackCurve(probe).socAt(ceiling)) - 0.1;
      double target = Math.round(reachable * targetPermille / 100.0) / 10.0;
      return new BayRequest(
          "b",
          chemistry,
          series,
          capacity,
          soc,
          target,
          START.plusSeconds(departureMinutes * 60L),
          maxAmps,
          ceiling,
          priority,
          resistance,
          switchOnly);
    }
  }
}
