package org.chargebay.site;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chargebay.cli.DepotJson;
import org.chargebay.planner.BayRequest;
import org.chargebay.planner.Depot;
import org.chargebay.planner.DepotPlanner;
import org.chargebay.planner.PackCurve;
import org.chargebay.planner.Plan;
import org.chargebay.planner.Policy;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;
import org.jspecify.annotations.Nullable;

/**
 * One slot's allocations for a whole site from the bays' latest reports: the planner instance's
 * work, pure and deterministic.
 *
 * <p>A controller is planned for only if its latest report is recent (within the silence limit)
 * and, when asked, it holds the previous slot's plan; otherwise it is listed in {@link
 * SiteAllocation#fallback()} and the larger of its fallback share and its bays' last reported draw
 * is set aside. The rest of the cap goes to {@link DepotPlanner} over the charging bays of the
 * other controllers (5-minute steps from the slot's start; with the site's {@link Schedule}: its
 * tariff's prices and its lower caps by time of day; without one, one price: as soon as possible
 * unless a departure allows waiting); each bay gets the current of the plan's first step. Currents
 * are then scaled down, if needed, so that their power at the packs' highest voltage (series x
 * ceiling) fits the cap in force during the slot (the lower of the cap and the schedule's): the
 * plan holds it whatever the state-of-charge estimate.
 */
public final class SitePlanning {
  /** The planner's step. */
  public static final int STEP_MINUTES = 5;

  /** The departure assumed for a bay without one: it charges as soon as the cap allows. */
  static final Duration NO_DEPARTURE = Duration.ofHours(12);

  private SitePlanning() {}

  /**
   * The site's daily tariff and cap schedule.
   *
   * @param tariff the price per kWh by local time of day (covering the whole day), null: one price
   * @param capSchedule a lower cap by local time of day (kW), null: none
   * @param zone where their times of day are read
   */
  public record Schedule(
      @Nullable DailyWindows tariff, @Nullable DailyWindows capSchedule, ZoneId zone) {
    /** No tariff, no cap schedule. */
    public static final Schedule NONE = new Schedule(null, null, ZoneOffset.UTC);

    /**
     * The cap in force throughout {@code [from, to)}: the lowest of {@code capKw} and the
     * schedule's.
     */
    public double capDuring(double capKw, Instant from, Instant to) {
      double cap = capKw;
      if (capSchedule != null) {
        for (DailyWindows.Span s : capSchedule.between(from, to, zone)) {
          cap = Math.min(cap, s.value());
        }
      }
      return cap;
    }
  }

  /**
   * Plans the slot.
   *
   * @param reports the latest report of every bay on the site
   * @param now the planner's clock, for the silence limit
   * @param requireHeldSlot a controller must report holding at least this slot to be planned for
   *     (-1: no requirement)
   */
  public static SiteAllocation plan(
      Collection<SiteReport> reports,
      Instant now,
      long slot,
      Duration slotLength,
      double capKw,
      Policy policy,
      Duration silentAfter,
      long requireHeldSlot,
      String planner,
      int generation) {
    return planned(
            reports,
            now,
            slot,
            slotLength,
            capKw,
            policy,
            silentAfter,
            requireHeldSlot,
            planner,
            generation)
        .allocation();
  }

  /**
   * A slot's allocation and the bays the depot plan behind it does not take to their target by
   * their departure.
   */
  public record Planned(SiteAllocation allocation, List<String> infeasible) {
    public Planned {
      infeasible = List.copyOf(infeasible);
    }
  }

  /** As {@link #plan}, with the bays that will miss their departure. */
  public static Planned planned(
      Collection<SiteReport> reports,
      Instant now,
      long slot,
      Duration slotLength,
      double capKw,
      Policy policy,
      Duration silentAfter,
      long requireHeldSlot,
      String planner,
      int generation) {
    return planned(
        reports,
        now,
        slot,
        slotLength,
        capKw,
        Schedule.NONE,
        policy,
        silentAfter,
        requireHeldSlot,
        planner,
        generation);
  }

  /**
   * As {@link #plan}, under the site's tariff and cap schedule, with the bays that will miss their
   * departure. The allocation's {@link SiteAllocation#capKw()} is the cap in force during the slot.
   *
   * @param capKw the site's cap (the schedule only lowers it)
   */
  public static Planned planned(
      Collection<SiteReport> reports,
      Instant now,
      long slot,
      Duration slotLength,
      double capKw,
      Schedule schedule,
      Policy policy,
      Duration silentAfter,
      long requireHeldSlot,
      String planner,
      int generation) {
    Instant from = Instant.ofEpochMilli(slot * slotLength.toMillis());
    Instant until = from.plus(slotLength);
    Map<String, List<SiteReport>> byController = new TreeMap<>();
    for (SiteReport r : reports) {
      byController.computeIfAbsent(r.controller(), k -> new ArrayList<>()).add(r);
    }
    Set<String> fallback = new TreeSet<>();
    double reserved = 0;
    List<BayReport> planned = new ArrayList<>();
    for (Map.Entry<String, List<SiteReport>> e : byController.entrySet()) {
      List<SiteReport> rs = e.getValue();
      Instant latest = rs.stream().map(SiteReport::sentAt).max(Instant::compareTo).orElseThrow();
      long held = rs.stream().mapToLong(SiteReport::heldSlot).max().orElse(-1);
      boolean silent = latest.isBefore(now.minus(silentAfter));
      if (silent || (requireHeldSlot >= 0 && held < requireHeldSlot)) {
        fallback.add(e.getKey());
        double share = rs.stream().mapToDouble(SiteReport::fallbackShareKw).max().orElse(0);
        double drawing =
            rs.stream()
                .map(SiteReport::report)
                .filter(BayReport::charging)
                .mapToDouble(b -> Math.max(0, (double) b.packMillivolts() * b.milliamps() / 1e9))
                .sum();
        reserved += Math.max(share, drawing);
      } else {
        rs.stream().map(SiteReport::report).filter(BayReport::charging).forEach(planned::add);
      }
    }
    double capNow = schedule.capDuring(capKw, from, until);
    double available = Math.max(0, capNow - reserved);
    Map<String, BayReport> byBay = new TreeMap<>();
    List<BayRequest> requests = new ArrayList<>();
    for (BayReport b : planned) {
      Optional<BayRequest> q = request(b, from);
      if (q.isPresent() && byBay.putIfAbsent(b.bayId(), b) == null) {
        requests.add(q.get());
      }
    }
    Map<String, Integer> milliamps = new TreeMap<>();
    List<String> infeasible = List.of();
    if (!requests.isEmpty()) {
      // the windows run a step past the last departure, so that every step planned is covered
      Instant horizon = from;
      for (BayRequest q : requests) {
        horizon = q.departure().isAfter(horizon) ? q.departure() : horizon;
      }
      horizon = horizon.plus(Duration.ofMinutes(STEP_MINUTES));
      List<Depot.Window> caps = new ArrayList<>();
      if (schedule.capSchedule() != null) {
        for (DailyWindows.Span w : schedule.capSchedule().between(from, horizon, schedule.zone())) {
          if (w.value() < capKw) {
            caps.add(new Depot.Window(w.from(), w.to(), Math.max(0, w.value() - reserved)));
          }
        }
      }
      List<Depot.Window> prices = new ArrayList<>();
      if (schedule.tariff() != null) {
        for (DailyWindows.Span w : schedule.tariff().between(from, horizon, schedule.zone())) {
          prices.add(new Depot.Window(w.from(), w.to(), w.value()));
        }
      }
      Depot depot =
          new Depot(
              from,
              STEP_MINUTES,
              Math.max(0, capKw - reserved),
              caps,
              List.of(),
              prices,
              prices.isEmpty() ? OptionalDouble.of(0) : OptionalDouble.empty(),
              requests);
      Plan plan = DepotPlanner.plan(depot, policy);
      infeasible = plan.infeasible();
      for (Plan.BayPlan bp : plan.bays()) {
        double amps = 0;
        for (Plan.Slot s : bp.slots()) {
          if (!s.from().isAfter(from) && s.to().isAfter(from)) {
            amps = s.amps();
          }
        }
        BayReport b = byBay.get(bp.id());
        milliamps.put(
            bp.id(), b.usable(Math.min(b.maxMilliamps(), (int) Math.floor(amps * 1000 + 1e-6))));
      }
    }
    // bays that can only be switched are not scaled (a fraction of their current holds them off):
    // the others are scaled to what they leave; if they alone do not fit, they are off too
    double switched = 0;
    double bound = 0;
    for (Map.Entry<String, Integer> e : milliamps.entrySet()) {
      BayReport b = byBay.get(e.getKey());
      if (b.switchOnly()) {
        switched += SiteReport.maxKw(b, e.getValue());
      } else {
        bound += SiteReport.maxKw(b, e.getValue());
      }
    }
    boolean switchedFit = switched <= available;
    double left = switchedFit ? available - switched : available;
    Map<String, SiteAllocation.Bay> out = new TreeMap<>();
    double scale = bound > left ? left / bound : 1;
    for (Map.Entry<String, Integer> e : milliamps.entrySet()) {
      BayReport b = byBay.get(e.getKey());
      int ma =
          b.switchOnly()
              ? (switchedFit ? e.getValue() : 0)
              : scale < 1 ? (int) Math.floor(e.getValue() * scale) : e.getValue();
      out.put(e.getKey(), new SiteAllocation.Bay(ma, SiteReport.maxKw(b, ma)));
    }
    return new Planned(
        new SiteAllocation(planner, generation, slot, from, until, capNow, reserved, out, fallback),
        infeasible);
  }

  /**
   * The planner's view of a reported bay, or empty if the report cannot be planned (unknown
   * chemistry, no series count, no current, no ceiling): such a bay gets no current. A capacity of
   * 0 (unknown) is taken as ten hours at the bay's maximum current; a missing target as full (just
   * below what the ceiling allows); a missing departure as {@link #NO_DEPARTURE} from the start, a
   * past one as the end of the first step. The state of charge is the OCV curve's at the highest
   * cell (or the pack's mean cell) less the drop of the present current over the model's
   * resistance.
   */
  static Optional<BayRequest> request(BayReport r, Instant start) {
    Optional<Chemistry> chem = Chemistries.of(r.chemistry());
    if (chem.isEmpty()
        || r.series() < 1
        || r.maxMilliamps() <= 0
        || r.ceilingMillivolts() <= 0
        || (r.cellMaxMillivolts() <= 0 && r.packMillivolts() <= 0)) {
      return Optional.empty();
    }
    double maxAmps = r.maxMilliamps() / 1000.0;
    double capacityAh =
        r.capacityMilliampHours() > 0 ? r.capacityMilliampHours() / 1000.0 : maxAmps * 10;
    double ceiling =
        Math.min(r.ceilingMillivolts(), chem.get().ceilings().maxMillivolts()) / 1000.0;
    double resistance = DepotJson.DEFAULT_RESISTANCE_MILLIOHM_AMP_HOURS / capacityAh;
    Instant departure = r.departure();
    Instant firstStepEnd = start.plus(Duration.ofMinutes(STEP_MINUTES));
    if (departure == null) {
      departure = start.plus(NO_DEPARTURE);
    } else if (departure.isBefore(firstStepEnd)) {
      departure = firstStepEnd;
    } else if (departure.isAfter(start.plus(Depot.MAX_HORIZON))) {
      departure = start.plus(Depot.MAX_HORIZON);
    }
    int priority = Math.max(1, r.priority());
    BayRequest probe =
        new BayRequest(
            r.bayId(),
            chem.get(),
            r.series(),
            capacityAh,
            0,
            0,
            departure,
            maxAmps,
            ceiling,
            priority,
            resistance,
            r.switchOnly());
    PackCurve curve = new PackCurve(probe);
    double cellVolts =
        r.cellMaxMillivolts() > 0
            ? r.cellMaxMillivolts() / 1000.0
            : r.packMillivolts() / 1000.0 / r.series();
    double rest = cellVolts - Math.max(0, r.milliamps()) / 1000.0 * resistance / 1000.0;
    double soc = curve.socAt(rest);
    double reachable = Math.max(0, curve.socAt(ceiling) - 0.5);
    double target =
        r.targetSocPercent() > 0 ? Math.min(r.targetSocPercent(), reachable) : reachable;
    return Optional.of(
        new BayRequest(
            r.bayId(),
            chem.get(),
            r.series(),
            capacityAh,
            soc,
            target,
            departure,
            maxAmps,
            ceiling,
            priority,
            resistance,
            r.switchOnly()));
  }
}
