package org.chargebay.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.cli.DepotJson;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.DepartureSet;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.planner.BayRequest;
import org.chargebay.planner.Depot;
import org.chargebay.planner.DepotPlanner;
import org.chargebay.planner.LiveSite;
import org.chargebay.planner.PackCurve;
import org.chargebay.planner.Plan;
import org.chargebay.planner.PlanEvents;
import org.chargebay.planner.Policy;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;
import org.jspecify.annotations.Nullable;

/**
 * The site planner of one controller: it collects the bays' reports, plans the site's power with
 * {@link DepotPlanner} and hands each bay the current limit of its present slot.
 *
 * <p>It replans on every plug-in (a bay's session opens), completion, stop or fault (it closes), on
 * every departure change, when the meter's reading of the other loads moves by more than a tenth of
 * the cap, when the meter is lost or back, and once per plan step. Each plan is recorded in the
 * stream {@value PlanComputed#STREAM} as a {@link PlanComputed} holding its whole input (the depot
 * as {@code ./chargebay plan} reads it) and its {@code AllocationChanged} events; departures as
 * {@link DepartureSet}, read back when the controller starts.
 *
 * <p>With a meter ({@link #pollMeter()}, called at the meter's poll interval): a reading above the
 * cap cuts every charging bay's allocation at once, in proportion, by the excess (before the
 * replan, which then plans with the new reading); no good reading for {@link
 * Settings#lostAfterPolls()} polls falls back to the safe cap (the chargers' whole budget, with no
 * other loads known) until a reading comes back.
 *
 * <p>Threads: the bay loops call {@link #milliampsFor} and {@link #report}, which only read an
 * immutable snapshot or queue a replan; planning runs on the executor given (one thread).
 */
public final class LocalSitePlanner implements SiteAllocations {
  private static final Logger LOG = Logger.getLogger(LocalSitePlanner.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The site's grid meter. */
  public interface Meter {
    /**
     * The site's total active power now, kW, positive = import.
     *
     * @throws Exception when there is no good reading (the meter's error, for the status)
     */
    double readKw() throws Exception;
  }

  /**
   * How the site is planned.
   *
   * @param capKw the site's connection cap
   * @param safeCapKw what the chargers may draw in all while the meter is lost
   * @param lostAfterPolls consecutive meter polls without a good reading before it counts as lost
   * @param marginPercent the share of the cap kept free of planned charging (the packs' model is
   *     not exact)
   * @param stepMinutes the plan's step
   * @param policy how power is shared out
   * @param defaultDeparture a bay without a departure is planned to leave this long from now
   * @param defaultTargetSocPercent ... wanting this state of charge
   * @param defaultCapacityAh a pack whose BMS reports no capacity is planned with this one
   * @param tariff the price per kWh by time of day (covering the whole day), null: one price, so
   *     plans charge as early as the policy lets them
   * @param capSchedule a lower cap by time of day (kW, outside its windows {@code capKw}), null:
   *     none
   * @param zone where the tariff's and the schedule's times of day are read
   */
  public record Settings(
      double capKw,
      double safeCapKw,
      int lostAfterPolls,
      double marginPercent,
      int stepMinutes,
      Policy policy,
      Duration defaultDeparture,
      int defaultTargetSocPercent,
      double defaultCapacityAh,
      @Nullable DailyWindows tariff,
      @Nullable DailyWindows capSchedule,
      ZoneId zone) {

    /** Settings without a tariff or a cap schedule. */
    public Settings(
        double capKw,
        double safeCapKw,
        int lostAfterPolls,
        double marginPercent,
        int stepMinutes,
        Policy policy,
        Duration defaultDeparture,
        int defaultTargetSocPercent,
        double defaultCapacityAh) {
      this(
          capKw,
          safeCapKw,
          lostAfterPolls,
          marginPercent,
          stepMinutes,
          policy,
          defaultDeparture,
          defaultTargetSocPercent,
          defaultCapacityAh,
          null,
          null,
          ZoneOffset.UTC);
    }

    /** The tariff, the cap schedule and their zone, as the site's planning takes them. */
    public SitePlanning.Schedule schedule() {
      return new SitePlanning.Schedule(tariff, capSchedule, zone);
    }

    /** The site's cap at {@code t}: {@code capKw}, or the schedule's lower value then. */
    public double capAt(Instant t) {
      return schedule().capDuring(capKw, t, t.plusMillis(1));
    }
  }

  /** The meter's state. */
  public enum MeterState {
    /** No meter configured: the cap is static and other loads are not known. */
    NONE,
    /** Configured, no poll yet. */
    STARTING,
    /** Good readings. */
    OK,
    /** No good reading for the configured polls: the safe cap applies. */
    LOST
  }

  /**
   * What the bay loops read: the plan, and the cuts a meter reading above the cap made since.
   *
   * @param plan the latest plan, null before the first
   * @param depot its input
   * @param planId its id
   * @param reason why it was computed
   * @param capKw the cap it was planned under (the safe cap while the meter is lost)
   * @param otherLoadKw the other loads it was planned with
   * @param cuts per bay, the most it may draw until the next plan (after a reading above the cap)
   * @param finishing per bay, the current reserved for a bay without an operator's departure that
   *     the plan took to its target while its session still runs (it ends on its own taper)
   * @param scale the plan's currents are handed out times this (at most 1): so that in no step the
   *     bays' currents at their highest possible pack voltage (the measured one, or every cell at
   *     the ceiling if higher) exceed the chargers' budget, whatever the packs' model predicted
   */
  public record Snapshot(
      @Nullable Plan plan,
      @Nullable Depot depot,
      String planId,
      String reason,
      double capKw,
      double otherLoadKw,
      Map<String, Integer> cuts,
      Map<String, Integer> finishing,
      double scale) {
    public Snapshot {
      cuts = Map.copyOf(cuts);
      finishing = Map.copyOf(finishing);
    }
  }

  /**
   * The site as the API shows it.
   *
   * @param meterKw the last good reading (NaN: none)
   * @param meterError the last failure, if the last poll failed
   */
  public record Status(
      Snapshot snapshot,
      double capKw,
      double safeCapKw,
      MeterState meterState,
      double meterKw,
      @Nullable String meterError,
      Map<String, Departure> departures,
      Map<String, BayReport> reports) {}

  private final Settings settings;
  private final Clock clock;
  private final @Nullable Meter meter;
  private final EventStore store;
  private final Executor executor;
  private final Map<String, BayReport> reports = new ConcurrentHashMap<>();
  private final Map<String, Departure> departures = new ConcurrentHashMap<>();
  private final AtomicBoolean replanQueued = new AtomicBoolean();
  private final AtomicLong planCount = new AtomicLong();
  private volatile String pendingReason = "";
  private volatile Snapshot snapshot =
      new Snapshot(null, null, "", "no plan yet", 0, 0, Map.of(), Map.of(), 1);

  // meter state: written by the meter's poller only (one thread), read by any
  private volatile MeterState meterState;
  private volatile double meterKw = Double.NaN;
  private volatile @Nullable String meterError;
  private int failedPolls;

  /**
   * The planner; departures recorded earlier are read back from the journal.
   *
   * @param meter the site's meter, or null (static cap, no other loads known)
   * @param executor where plans are computed (one thread, never a bay loop's)
   */
  public LocalSitePlanner(
      Settings settings,
      Clock clock,
      @Nullable Meter meter,
      EventStore store,
      EventCodec codec,
      Executor executor) {
    this.settings = settings;
    this.clock = clock;
    this.meter = meter;
    this.store = store;
    this.executor = executor;
    this.meterState = meter == null ? MeterState.NONE : MeterState.STARTING;
    departures.putAll(Departure.recorded(store, codec));
  }

  @Override
  public OptionalInt milliampsFor(String bayId) {
    Snapshot s = snapshot;
    Plan plan = s.plan();
    if (plan == null) {
      return OptionalInt.of(0);
    }
    Instant now = clock.instant();
    Integer finishing = s.finishing().get(bayId);
    int planned =
        finishing != null
            ? finishing
            : pastTarget(plan, bayId, now) && !departures.containsKey(bayId)
                ? finishingMilliamps(reports.get(bayId))
                : scaled(reports.get(bayId), plannedMilliamps(plan, bayId, now), s.scale());
    Integer cut = s.cuts().get(bayId);
    int limit = cut == null ? planned : Math.min(planned, cut);
    BayReport r = reports.get(bayId);
    return OptionalInt.of(r == null ? limit : r.usable(limit));
  }

  /**
   * A planned current scaled into the site's bound; a bay that can only be switched is not scaled
   * ({@link #scaleWithin} leaves room for it at its nameplate, or plans it off).
   */
  private static int scaled(@Nullable BayReport r, int planned, double scale) {
    if (r != null && r.switchOnly()) {
      return scale > 0 ? r.usable(planned) : 0;
    }
    return (int) Math.floor(planned * scale);
  }

  /** The plan's current limit for the bay at {@code t}, mA (0 outside its slots). */
  static int plannedMilliamps(Plan plan, String bayId, Instant t) {
    for (Plan.BayPlan b : plan.bays()) {
      if (!b.id().equals(bayId)) {
        continue;
      }
      for (Plan.Slot s : b.slots()) {
        if (!t.isBefore(s.from()) && t.isBefore(s.to())) {
          return (int) Math.floor(s.amps() * 1000 + 1e-6);
        }
      }
      return 0;
    }
    return 0;
  }

  /** True if the plan took the bay to its target and has nothing more for it from {@code t}. */
  static boolean pastTarget(Plan plan, String bayId, Instant t) {
    for (Plan.BayPlan b : plan.bays()) {
      if (b.id().equals(bayId)) {
        return b.meetsTarget() && b.slots().stream().noneMatch(s -> s.to().isAfter(t));
      }
    }
    return false;
  }

  /**
   * What a bay gets once its plan is done while its session still runs: a tenth of its maximum
   * current, above a usual taper threshold, so that the session ends on its own taper at the
   * ceiling rather than waiting at no current.
   */
  static int finishingMilliamps(@Nullable BayReport r) {
    if (r != null && r.switchOnly()) {
      return r.maxMilliamps(); // a charger that can only be switched finishes at its nameplate
    }
    return r == null ? 0 : Math.max(1, r.maxMilliamps() / 10);
  }

  @Override
  public void report(BayReport report) {
    BayReport before = reports.put(report.bayId(), report);
    if (before == null ? report.charging() : before.charging() != report.charging()) {
      requestReplan(
          report.charging()
              ? "bay " + report.bayId() + " started charging"
              : "bay " + report.bayId() + " stopped charging");
    }
  }

  /**
   * Sets (or, with {@code at} null, clears) a bay's departure: recorded, then replanned.
   *
   * @return the recorded event
   */
  public DepartureSet setDeparture(
      String bayId, @Nullable Instant at, int targetSocPercent, String by) {
    DepartureSet event = new DepartureSet(clock.instant(), bayId, at, targetSocPercent, by);
    store.append(PlanComputed.STREAM, ExpectedVersion.any(), List.of(event));
    if (at == null) {
      departures.remove(bayId);
    } else {
      departures.put(bayId, new Departure(at, targetSocPercent, by));
    }
    requestReplan("departure of bay " + bayId + " set by " + by);
    return event;
  }

  /** The site now: the plan, the meter, the departures. */
  public Status status() {
    return new Status(
        snapshot,
        settings.capKw(),
        settings.safeCapKw(),
        meterState,
        meterKw,
        meterError,
        Map.copyOf(departures),
        Map.copyOf(reports));
  }

  public Settings settings() {
    return settings;
  }

  /**
   * One poll of the meter (on the poller's thread; never concurrently with itself). A reading above
   * the cap cuts the allocations at once; a change of the other loads, a lost or returned meter, or
   * a plan older than one step queues a replan.
   */
  public void pollMeter() {
    Meter m = meter;
    if (m == null) {
      maybeStepReplan();
      return;
    }
    double kw;
    try {
      kw = m.readKw();
      if (!Double.isFinite(kw)) {
        throw new IllegalStateException("meter reading " + kw + " kW is not a number");
      }
    } catch (Exception e) {
      failedPolls++;
      meterError = String.valueOf(e.getMessage());
      if (failedPolls >= settings.lostAfterPolls() && meterState != MeterState.LOST) {
        meterState = MeterState.LOST;
        String why =
            "meter lost: no good reading for "
                + failedPolls
                + " polls ("
                + meterError
                + "); safe cap "
                + settings.safeCapKw()
                + " kW";
        LOG.warning(why);
        cutTo(settings.safeCapKw(), chargersKw());
        requestReplan(why);
      }
      return;
    }
    failedPolls = 0;
    meterError = null;
    meterKw = kw;
    MeterState before = meterState;
    meterState = MeterState.OK;
    if (before == MeterState.LOST) {
      LOG.info(() -> "meter back: " + kw + " kW");
    }
    double chargers = chargersKw();
    double capNow = settings.capAt(clock.instant());
    if (kw > capNow) {
      double excess = kw - capNow;
      cutTo(chargers - excess, chargers);
      requestReplan("meter " + round(kw) + " kW above the cap " + capNow + " kW: allocations cut");
      return;
    }
    if (before != MeterState.OK) {
      requestReplan(before == MeterState.LOST ? "meter back" : "first meter reading");
      return;
    }
    double other = Math.max(0, kw - chargers);
    if (Math.abs(other - snapshot.otherLoadKw()) > settings.capKw() / 10) {
      requestReplan("other loads now " + round(other) + " kW");
      return;
    }
    maybeStepReplan();
  }

  private void maybeStepReplan() {
    Depot d = snapshot.depot();
    if (d != null
        && !clock.instant().isBefore(d.start().plus(Duration.ofMinutes(d.stepMinutes())))) {
      requestReplan("next step");
    }
  }

  /**
   * Scales every charging bay's allocation down at once so that the chargers draw at most {@code
   * targetKw} in all (from the {@code chargersKw} they draw now), until the next plan.
   */
  private void cutTo(double targetKw, double chargersKw) {
    if (chargersKw <= targetKw || chargersKw <= 0) {
      return;
    }
    double factor = Math.max(0, targetKw / chargersKw) * 0.95;
    Snapshot s = snapshot;
    Map<String, Integer> cuts = new HashMap<>(s.cuts());
    Instant now = clock.instant();
    for (BayReport r : reports.values()) {
      if (!r.charging()) {
        continue;
      }
      int allowed = s.plan() == null ? 0 : plannedMilliamps(s.plan(), r.bayId(), now);
      Integer cut = cuts.get(r.bayId());
      if (cut != null) {
        allowed = Math.min(allowed, cut);
      }
      int from = Math.min(allowed, Math.max(0, r.milliamps()));
      // a charger that can only be switched cannot be turned down: cut to nothing
      cuts.put(r.bayId(), r.switchOnly() ? 0 : (int) Math.floor(from * factor));
    }
    snapshot =
        new Snapshot(
            s.plan(),
            s.depot(),
            s.planId(),
            s.reason(),
            s.capKw(),
            s.otherLoadKw(),
            cuts,
            s.finishing(),
            s.scale());
    LOG.warning(
        () ->
            "site: allocations cut to "
                + Math.round(factor * 100)
                + " % (chargers "
                + round(chargersKw)
                + " kW, at most "
                + round(targetKw)
                + " kW)");
  }

  /**
   * What the charging bays draw now, kW: each bay's reported current, but never more than its
   * allocation now. A report holds the current the BMS measured at the start of the bay's last
   * cycle, before that cycle applied a lower allocation, while the meter already reads the lower
   * draw; taking the report as it is would then count power the chargers no longer draw and
   * estimate the other loads too low (the next plan would give the cap away). Capped by the
   * allocation, the estimate can only be low while currents rise, which makes the other loads look
   * higher: the safe side.
   */
  private double chargersKw() {
    double w = 0;
    for (BayReport r : reports.values()) {
      if (r.charging()) {
        int ma = Math.max(0, r.milliamps());
        OptionalInt allowed = milliampsFor(r.bayId());
        if (allowed.isPresent()) {
          ma = Math.min(ma, allowed.getAsInt());
        }
        w += (double) r.packMillivolts() * ma / 1e6;
      }
    }
    return w / 1000;
  }

  private void requestReplan(String reason) {
    if (replanQueued.compareAndSet(false, true)) {
      pendingReason = reason;
      executor.execute(this::replanQueued);
    } else {
      pendingReason = pendingReason + "; " + reason;
    }
  }

  private void replanQueued() {
    replanQueued.set(false);
    String reason = pendingReason;
    try {
      replan(reason);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "site: planning failed (" + reason + "); the last plan stays", e);
    }
  }

  /** Plans now from the latest reports (on the planner's thread) and publishes the allocations. */
  void replan(String reason) {
    Instant now = clock.instant();
    boolean lost = meterState == MeterState.LOST;
    double cap = lost ? settings.safeCapKw() : settings.capKw();
    // the cap in force now, for the status (a scheduled lower cap included); plans take the
    // schedule's windows from the input
    double capNow = Math.min(cap, settings.capAt(now));
    double other = 0;
    if (meterState == MeterState.OK) {
      other = LiveSite.otherLoadNow(now, Duration.ofMinutes(1), meterKw, chargersKw()).value();
    }
    List<BayReport> charging =
        new TreeMap<>(reports).values().stream().filter(BayReport::charging).toList();
    String id = "plan-" + now.toEpochMilli() + "-" + planCount.incrementAndGet();
    // bays the last plan took to their target (no operator's departure) finish on a reserved
    // current; the others share the rest of the cap
    Plan last = snapshot.plan();
    Map<String, Integer> finishing = new TreeMap<>();
    for (BayReport r : charging) {
      if (!departures.containsKey(r.bayId()) && last != null && pastTarget(last, r.bayId(), now)) {
        finishing.put(r.bayId(), finishingMilliamps(r));
      }
    }
    for (int round = 0; ; round++) {
      double reservedKw = 0;
      for (BayReport r : charging) {
        Integer ma = finishing.get(r.bayId());
        if (ma != null) {
          reservedKw += (double) r.packMillivolts() * ma / 1e9;
        }
      }
      List<BayReport> planned =
          charging.stream().filter(r -> !finishing.containsKey(r.bayId())).toList();
      if (planned.isEmpty()) {
        snapshot =
            new Snapshot(emptyPlan(now), null, id, reason, capNow, other, Map.of(), finishing, 1);
        return;
      }
      double free = 1 - settings.marginPercent() / 100;
      double reserved = reservedKw;
      double budget = cap * free - reservedKw;
      // a scheduled lower cap: the same margin and reserve within it (the safe cap, while the
      // meter is lost, is never raised by it)
      java.util.function.DoubleUnaryOperator scheduled =
          kw -> Math.max(0, Math.min(kw, cap) * free - reserved);
      ObjectNode input = input(now, budget, other, planned, scheduled);
      String text = DepotJson.write(input);
      Depot depot;
      try {
        depot = DepotJson.parse(text);
      } catch (DepotJson.InvalidDepotException e) {
        throw new IllegalStateException("the site's depot is not valid: " + e.getMessage(), e);
      }
      Plan plan = DepotPlanner.plan(depot, settings.policy());
      boolean more = false;
      for (BayReport r : planned) {
        if (round == 0 && !departures.containsKey(r.bayId()) && pastTarget(plan, r.bayId(), now)) {
          finishing.put(r.bayId(), finishingMilliamps(r));
          more = true;
        }
      }
      if (more) {
        continue; // planned again with their reserve
      }
      List<ChargeEvent> events = new ArrayList<>(PlanEvents.of(id, now, text, plan));
      try {
        store.append(PlanComputed.STREAM, ExpectedVersion.any(), events);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "site: plan " + id + " not recorded", e);
      }
      double otherKw = other;
      double scale =
          scaleWithin(
              plan,
              planned,
              (from, to) -> {
                double capThen = settings.schedule().capDuring(settings.capKw(), from, to);
                return (capThen < settings.capKw() ? scheduled.applyAsDouble(capThen) : budget)
                    - otherKw;
              });
      snapshot = new Snapshot(plan, depot, id, reason, capNow, other, Map.of(), finishing, scale);
      LOG.fine(() -> "site: " + id + " (" + reason + "): peak " + round(plan.peakKw()) + " kW");
      return;
    }
  }

  /**
   * The factor (at most 1) that keeps every step of the plan within {@code budgetKw} when each bay
   * draws its planned current at the highest pack voltage it can have: the one measured now or
   * every cell at its ceiling, whichever is higher. The packs' model may be off (its resistance is
   * a default); this bound is not.
   */
  static double scaleWithin(Plan plan, List<BayReport> bays, double budgetKw) {
    return scaleWithin(plan, bays, (from, to) -> budgetKw);
  }

  /** As above, with the budget of each step (the lowest in force from its start to its end). */
  static double scaleWithin(
      Plan plan,
      List<BayReport> bays,
      java.util.function.BiFunction<Instant, Instant, Double> budgetDuring) {
    if (plan.bays().isEmpty()) {
      return 1;
    }
    double scale = 1;
    Instant start = plan.start();
    for (int k = 0; k < plan.siteKw().size(); k++) {
      Instant t = start.plus(Duration.ofMinutes((long) k * plan.stepMinutes()));
      double kw = 0;
      double switched = 0;
      for (BayReport r : bays) {
        double volts =
            Math.max(r.packMillivolts(), (double) r.series() * r.ceilingMillivolts()) / 1000;
        int ma = plannedMilliamps(plan, r.bayId(), t);
        if (r.switchOnly()) {
          switched += volts * r.usable(ma) / 1e6;
        } else {
          kw += volts * ma / 1e6;
        }
      }
      // a scheduled cap may begin inside the step
      double budgetKw = budgetDuring.apply(t, t.plus(Duration.ofMinutes(plan.stepMinutes())));
      if (switched > budgetKw) {
        return 0; // the switched bays alone do not fit the bound: nothing is handed out
      }
      budgetKw -= switched;
      if (kw > budgetKw && kw > 0) {
        scale = Math.min(scale, Math.max(0, budgetKw) / kw);
      }
    }
    return scale;
  }

  private Plan emptyPlan(Instant now) {
    return new Plan(
        settings.policy(), now, settings.stepMinutes(), List.of(), List.of(), 0, 0, 0, List.of());
  }

  /** The depot as {@code ./chargebay plan} reads it. */
  private ObjectNode input(
      Instant now,
      double capKw,
      double otherKw,
      List<BayReport> bays,
      java.util.function.DoubleUnaryOperator scheduledBudget) {
    ObjectNode root = JSON.createObjectNode();
    root.put("start", now.toString());
    root.put("step_minutes", settings.stepMinutes());
    ObjectNode site = root.putObject("site");
    site.put("cap_kw", dec(Math.max(0, capKw), 3));
    Instant horizon = now;
    for (BayReport r : bays) {
      Instant dep = departureOf(r.bayId(), now).at();
      if (dep.isAfter(horizon)) {
        horizon = dep;
      }
    }
    if (otherKw > 0 && horizon.isAfter(now)) {
      ArrayNode loads = site.putArray("other_loads");
      ObjectNode w = loads.addObject();
      w.put("from", now.toString());
      w.put("to", horizon.toString());
      w.put("kw", dec(otherKw, 3));
    }
    // the windows run a step past the last departure, so that every step planned is covered
    Instant until = horizon.plus(Duration.ofMinutes(settings.stepMinutes()));
    DailyWindows schedule = settings.capSchedule();
    if (schedule != null) {
      ArrayNode caps = site.putArray("cap_schedule");
      for (DailyWindows.Span w : schedule.between(now, until, settings.zone())) {
        if (w.value() < settings.capKw()) {
          ObjectNode c = caps.addObject();
          c.put("from", w.from().toString());
          c.put("to", w.to().toString());
          c.put("cap_kw", dec(scheduledBudget.applyAsDouble(w.value()), 3));
        }
      }
    }
    DailyWindows tariff = settings.tariff();
    if (tariff == null) {
      root.put("default_price_per_kwh", 0);
    } else {
      ArrayNode prices = root.putArray("tariff");
      for (DailyWindows.Span w : tariff.between(now, until, settings.zone())) {
        ObjectNode p = prices.addObject();
        p.put("from", w.from().toString());
        p.put("to", w.to().toString());
        p.put("price_per_kwh", w.value());
      }
    }
    ArrayNode out = root.putArray("bays");
    for (BayReport r : bays) {
      Chemistry chem = Chemistries.of(r.chemistry()).orElse(Chemistries.NMC);
      double capacityAh =
          r.capacityMilliampHours() > 0
              ? Math.max(0.1, r.capacityMilliampHours() / 1000.0)
              : settings.defaultCapacityAh();
      double resistance = DepotJson.DEFAULT_RESISTANCE_MILLIOHM_AMP_HOURS / capacityAh;
      // the resting voltage under the charge current: the highest cell less I x R
      double restMv =
          r.cellMaxMillivolts() - Math.max(0, r.milliamps()) / 1000.0 * resistance / 1000.0 * 1000;
      double soc = r.cellMaxMillivolts() <= 0 ? 0 : chem.ocv().socPermilleAt((int) restMv) / 10.0;
      int ceiling =
          Math.min(
              r.ceilingMillivolts() > 0
                  ? r.ceilingMillivolts()
                  : chem.ceilings().defaultMillivolts(),
              chem.ceilings().maxMillivolts());
      Departure dep = departureOf(r.bayId(), now);
      // a target at or above the ceiling's resting state of charge is planned as the most the
      // ceiling holds (what the session's own completion reaches)
      PackCurve curve =
          new PackCurve(
              new BayRequest(
                  r.bayId(),
                  chem,
                  Math.max(1, r.series()),
                  capacityAh,
                  0,
                  0,
                  dep.at(),
                  Math.max(0.01, r.maxMilliamps() / 1000.0),
                  ceiling / 1000.0,
                  1,
                  resistance,
                  r.switchOnly()));
      double reachable = Math.floor((curve.socAt(ceiling / 1000.0) - 0.5) * 10) / 10;
      double target = Math.max(0, Math.min(dep.targetSocPercent(), reachable));
      ObjectNode b = out.addObject();
      b.put("id", r.bayId());
      b.put("chemistry", chem.name().toLowerCase(java.util.Locale.ROOT));
      b.put("series", r.series());
      b.put("capacity_ah", dec(capacityAh, 3));
      b.put("soc_pct", dec(Math.max(0, Math.min(100, soc)), 1));
      b.put("target_soc_pct", dec(target, 1));
      b.put("departure", dep.at().toString());
      b.put("max_amps", dec(Math.max(0.01, r.maxMilliamps() / 1000.0), 3));
      b.put("ceiling_v", dec(ceiling / 1000.0, 3));
      b.put("priority", Math.max(1, r.priority()));
      b.put("resistance_mohm", dec(resistance, 3));
      if (r.switchOnly()) {
        b.put("switch_only", true);
      }
    }
    return root;
  }

  /** The bay's departure, or the default one. */
  private Departure departureOf(String bayId, Instant now) {
    Departure d = departures.get(bayId);
    Instant earliest = now.plus(Duration.ofMinutes(settings.stepMinutes()));
    Instant latest = now.plus(Depot.MAX_HORIZON);
    if (d == null) {
      return new Departure(
          now.plus(settings.defaultDeparture()), settings.defaultTargetSocPercent(), "default");
    }
    // a departure already past (the pack stayed): planned as a bay without one, to its target
    Instant at =
        d.at().isBefore(earliest)
            ? now.plus(settings.defaultDeparture())
            : d.at().isAfter(latest) ? latest : d.at();
    return new Departure(at, d.targetSocPercent(), d.by());
  }

  /** The bay's departure as set by an operator, if any. */
  public Optional<Departure> departure(String bayId) {
    return Optional.ofNullable(departures.get(bayId));
  }

  private static BigDecimal dec(double d, int places) {
    return BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  private static String round(double d) {
    return dec(d, 2).toPlainString();
  }
}
