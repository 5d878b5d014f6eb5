package org.chargebay.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.chargebay.planner.Depot.Window;
import org.chargebay.planner.Plan.BayPlan;
import org.chargebay.planner.Plan.Slot;

/**
 * Plans a depot's charging step by step, forward in time, on the packs' CC/CV curves ({@link
 * PackCurve}). Each step it works out the site's headroom (the cap minus the other loads), every
 * bay's slack (steps left before departure minus steps still needed at full current) and which bays
 * charge now, then hands out the headroom in a fixed order (see {@link Policy}); a bay gets the
 * least of its CC/CV-accepted current, the current that just finishes it, and what the headroom
 * leaves, so power a tapering pack does not take goes to the next bay in the same step.
 *
 * <p>A bay whose charger can only be switched ({@link BayRequest#switchOnly()}) gets, in each step,
 * its nameplate current (the limit its charger delivers, with the pack tapering it near the
 * charger's voltage) or nothing: it is on only if the step's highest power of the charger ({@link
 * PackCurve#switchedPeakKw}) fits in what is left, and when it does not, what is left goes on to
 * the next bay. Its state of charge advances by {@link PackCurve#switchedAmps} (exact below the
 * charger's voltage, a floor in the taper).
 *
 * <p>Pure and deterministic: bays are ordered by id before anything else, every ordering breaks
 * ties by id, and no hash order or clock is involved.
 */
public final class DepotPlanner {

  /** A bay within this many steps (plus a tenth of what it needs) of its slack is urgent. */
  private static final int URGENT_MARGIN_STEPS = 1;

  /** A bay waits for cheaper steps only if they number its need times this, plus one. */
  private static final double CHEAP_STEPS_FACTOR = 1.2;

  /** ... and only if the waiting bays' energy fills at most this share of those steps. */
  private static final double CHEAP_ENERGY_SHARE = 0.85;

  private static final double EPS = 1e-9;

  private DepotPlanner() {}

  /**
   * Plans the depot under the policy.
   *
   * @throws IllegalArgumentException if two bays share an id, a departure is not after the start or
   *     more than {@link Depot#MAX_HORIZON} after it, or a step up to the last departure has no
   *     price (no tariff window and no default price)
   */
  public static Plan plan(Depot depot, Policy policy) {
    return new Run(depot, policy).plan();
  }

  /** The number of whole steps between the start and the instant (0 if before the start). */
  public static int stepsUntil(Depot depot, Instant t) {
    long seconds = Duration.between(depot.start(), t).getSeconds();
    return (int) Math.max(0, seconds / (depot.stepMinutes() * 60L));
  }

  /** The first instant before {@code end} that no tariff window covers, if there is no default. */
  public static java.util.Optional<Instant> unpricedInstant(Depot depot, Instant end) {
    if (depot.defaultPricePerKwh().isPresent()) {
      return java.util.Optional.empty();
    }
    Instant t = depot.start();
    while (t.isBefore(end)) {
      Instant at = t;
      Window w = depot.tariff().stream().filter(x -> x.covers(at)).findFirst().orElse(null);
      if (w == null) {
        return java.util.Optional.of(t);
      }
      t = w.to();
    }
    return java.util.Optional.empty();
  }

  /** One planning run: the per-step arrays and the bays' state. */
  private static final class Run {
    private final Depot depot;
    private final Policy policy;
    private final double hours;
    private final List<BayRequest> bays;
    private final PackCurve[] curves;
    private final int[] departureStep;
    private final int steps;
    private final double[] headroomKw;
    private final double[] price;
    private final double[] soc;
    private final double[][] trajectory;
    private final double[][] amps;
    private final double[][] flow;
    private final double[][] kw;
    private final String[][] reason;
    private final double[][] socAt;
    private final double[][] slackAt;
    private final double[] energyKwh;
    private double cost;
    // Per price level (ascending distinct prices): prefix counts and energies of cheaper steps.
    private double[] levels = new double[0];
    private int[] levelOf = new int[0];
    private int[][] cheaperSteps = new int[0][];
    private double[][] cheaperKwh = new double[0][];

    Run(Depot depot, Policy policy) {
      this.depot = depot;
      this.policy = policy;
      this.hours = depot.stepMinutes() / 60.0;
      this.bays = depot.bays().stream().sorted(Comparator.comparing(BayRequest::id)).toList();
      int n = bays.size();
      for (int i = 1; i < n; i++) {
        if (bays.get(i).id().equals(bays.get(i - 1).id())) {
          throw new IllegalArgumentException("two bays have the id " + bays.get(i).id());
        }
      }
      Instant last = depot.start().plus(Depot.MAX_HORIZON);
      this.curves = new PackCurve[n];
      this.departureStep = new int[n];
      this.soc = new double[n];
      int horizon = 0;
      for (int b = 0; b < n; b++) {
        BayRequest bay = bays.get(b);
        if (!bay.departure().isAfter(depot.start()) || bay.departure().isAfter(last)) {
          throw new IllegalArgumentException(
              "bay " + bay.id() + ": departure " + bay.departure() + " outside the horizon");
        }
        curves[b] = new PackCurve(bay);
        departureStep[b] = stepsUntil(depot, bay.departure());
        soc[b] = bay.socPercent();
        horizon = Math.max(horizon, departureStep[b]);
      }
      this.steps = horizon;
      this.headroomKw = new double[steps];
      this.price = new double[steps];
      prepareSteps();
      prepareLevels();
      this.trajectory = new double[n][];
      for (int b = 0; b < n; b++) {
        trajectory[b] = fullRateTrajectory(b);
      }
      this.amps = new double[n][steps];
      this.flow = new double[n][steps];
      this.kw = new double[n][steps];
      this.reason = new String[n][steps];
      this.socAt = new double[n][steps + 1];
      this.slackAt = new double[n][steps];
      this.energyKwh = new double[n];
    }

    private Instant stepStart(int t) {
      return depot.start().plus(Duration.ofMinutes((long) depot.stepMinutes() * t));
    }

    /** Headroom (the lowest cap in the step minus every load overlapping it) and mean price. */
    private void prepareSteps() {
      for (int t = 0; t < steps; t++) {
        Instant from = stepStart(t);
        Instant to = stepStart(t + 1);
        double cap = depot.capKw();
        for (Window w : depot.capSchedule()) {
          if (overlaps(w, from, to)) {
            cap = Math.min(cap, w.value());
          }
        }
        double load = 0;
        for (Window w : depot.otherLoads()) {
          if (overlaps(w, from, to)) {
            load += w.value();
          }
        }
        headroomKw[t] = Math.max(0, cap - load);
        price[t] = meanPrice(from, to);
      }
    }

    private double meanPrice(Instant from, Instant to) {
      double total = Duration.between(from, to).getSeconds();
      double covered = 0;
      double sum = 0;
      for (Window w : depot.tariff()) {
        Instant a = w.from().isAfter(from) ? w.from() : from;
        Instant b = w.to().isBefore(to) ? w.to() : to;
        if (a.isBefore(b)) {
          double s = Duration.between(a, b).getSeconds();
          covered += s;
          sum += s * w.value();
        }
      }
      if (covered < total) {
        if (depot.defaultPricePerKwh().isEmpty()) {
          if (depot.tariff().isEmpty()) {
            return 0;
          }
          throw new IllegalArgumentException("no tariff window covers the step from " + from);
        }
        sum += (total - covered) * depot.defaultPricePerKwh().getAsDouble();
      }
      return sum / total;
    }

    private static boolean overlaps(Window w, Instant from, Instant to) {
      return w.from().isBefore(to) && w.to().isAfter(from);
    }

    private void prepareLevels() {
      TreeSet<Double> distinct = new TreeSet<>();
      for (double p : price) {
        distinct.add(p);
      }
      levels = distinct.stream().mapToDouble(Double::doubleValue).toArray();
      levelOf = new int[steps];
      for (int t = 0; t < steps; t++) {
        levelOf[t] = Arrays.binarySearch(levels, price[t]);
      }
      cheaperSteps = new int[levels.length][steps + 1];
      cheaperKwh = new double[levels.length][steps + 1];
      for (int l = 0; l < levels.length; l++) {
        for (int t = 0; t < steps; t++) {
          boolean cheaper = levelOf[t] < l;
          cheaperSteps[l][t + 1] = cheaperSteps[l][t] + (cheaper ? 1 : 0);
          cheaperKwh[l][t + 1] = cheaperKwh[l][t] + (cheaper ? headroomKw[t] * hours : 0);
        }
      }
    }

    /** The state of charge after 0, 1, 2, ... steps at full current, until the target. */
    private double[] fullRateTrajectory(int b) {
      double target = bays.get(b).targetSocPercent();
      int limit = steps + 2;
      double[] out = new double[limit + 1];
      double s = soc[b];
      out[0] = s;
      int k = 0;
      while (k < limit && s < target - EPS) {
        double a = curves[b].acceptedAmps(s, hours);
        double next = curves[b].socAfter(s, a, hours);
        if (next <= s) {
          break;
        }
        s = next;
        out[++k] = s;
      }
      return Arrays.copyOf(out, k + 1);
    }

    /** Steps still needed at full current from this state of charge (infinite if never). */
    private double stepsNeeded(int b, double s) {
      double target = bays.get(b).targetSocPercent();
      if (s >= target - EPS) {
        return 0;
      }
      double[] tr = trajectory[b];
      if (tr[tr.length - 1] < target - EPS) {
        return Double.POSITIVE_INFINITY;
      }
      return index(tr, target) - index(tr, s);
    }

    /** The fractional step at which the trajectory reaches s. */
    private static double index(double[] tr, double s) {
      int i = Arrays.binarySearch(tr, s);
      if (i >= 0) {
        return i;
      }
      int hi = -i - 1;
      if (hi == 0) {
        return 0;
      }
      if (hi >= tr.length) {
        return tr.length - 1;
      }
      return hi - 1 + (s - tr[hi - 1]) / (tr[hi] - tr[hi - 1]);
    }

    Plan plan() {
      int n = bays.size();
      int[] latestStart = new int[n];
      for (int b = 0; b < n; b++) {
        double need = stepsNeeded(b, soc[b]);
        latestStart[b] =
            Double.isInfinite(need)
                ? 0
                : Math.max(0, departureStep[b] - (int) Math.ceil(need - EPS));
      }
      double[] siteKw = new double[steps];
      for (int t = 0; t < steps; t++) {
        List<Candidate> now = new ArrayList<>();
        List<Candidate> waiting = new ArrayList<>();
        for (int b = 0; b < n; b++) {
          if (t >= departureStep[b] || soc[b] >= bays.get(b).targetSocPercent() - EPS) {
            continue;
          }
          double need = stepsNeeded(b, soc[b]);
          double slack =
              Double.isInfinite(need)
                  ? Double.NEGATIVE_INFINITY
                  : departureStep[b] - t - Math.ceil(need - EPS);
          Candidate c = new Candidate(b, bays.get(b), need, slack);
          slackAt[b][t] = slack;
          switch (policy) {
            case AT_PLUG_IN -> now.add(c.because("at plug-in"));
            case LATEST_START -> {
              if (t >= latestStart[b]) {
                now.add(c.because("latest start"));
              }
            }
            case PLANNED -> classify(t, c, now, waiting);
          }
        }
        double left = headroomKw[t];
        if (policy == Policy.AT_PLUG_IN) {
          left = shareEqually(t, now, left);
        } else {
          if (policy == Policy.PLANNED) {
            waitOrCharge(t, waiting, now);
          }
          now.sort(Candidate.ORDER);
          for (Candidate c : now) {
            left -= give(t, c, left);
          }
        }
        siteKw[t] = headroomKw[t] - left;
        for (int b = 0; b < n; b++) {
          socAt[b][t] = soc[b];
          if (flow[b][t] > 0) {
            double mean = curves[b].meanKw(soc[b], flow[b][t], hours);
            energyKwh[b] += mean * hours;
            cost += mean * hours * price[t];
            soc[b] = curves[b].socAfter(soc[b], flow[b][t], hours);
          }
          socAt[b][t + 1] = soc[b];
        }
      }
      return result(siteKw);
    }

    /** PLANNED: urgent bays and bays for which no cheaper steps remain charge now. */
    private void classify(int t, Candidate c, List<Candidate> now, List<Candidate> waiting) {
      if (isUrgent(c)) {
        now.add(c.because("urgent"));
        return;
      }
      int dep = departureStep[c.b];
      int l = levelOf[t];
      int cheaper = cheaperSteps[l][dep] - cheaperSteps[l][t + 1];
      if (cheaper < Math.ceil(c.need * CHEAP_STEPS_FACTOR) + 1) {
        now.add(c.because(l == 0 ? "cheapest window" : "no cheaper window left"));
      } else {
        waiting.add(c);
      }
    }

    /** Within {@link #URGENT_MARGIN_STEPS} (plus a tenth of its need) of having no slack left. */
    private static boolean isUrgent(Candidate c) {
      return c.slack <= URGENT_MARGIN_STEPS + Math.ceil(0.1 * c.need);
    }

    /**
     * PLANNED: the bays that would wait for cheaper steps, by departure (then id); a bay waits only
     * if the cheaper steps before its departure have room for its energy and that of every
     * earlier-leaving bay waiting with it; otherwise it charges now.
     */
    private void waitOrCharge(int t, List<Candidate> waiting, List<Candidate> now) {
      waiting.sort(
          Comparator.<Candidate>comparingInt(c -> departureStep[c.b])
              .thenComparing(c -> c.bay.id()));
      int l = levelOf[t];
      double queued = 0;
      for (Candidate c : waiting) {
        double kwh = curves[c.b].kwhTo(soc[c.b], c.bay.targetSocPercent());
        int dep = departureStep[c.b];
        double room = cheaperKwh[l][dep] - cheaperKwh[l][t + 1];
        if (queued + kwh <= CHEAP_ENERGY_SHARE * room) {
          queued += kwh;
        } else {
          now.add(c.because("cheaper windows full"));
        }
      }
    }

    /**
     * Gives the bay what it accepts, at most what finishes it and what is left; a bay that can only
     * be switched gets all of it or nothing. Returns kW.
     */
    private double give(int t, Candidate c, double leftKw) {
      if (leftKw <= 0) {
        return 0;
      }
      int b = c.b;
      double s = soc[b];
      PackCurve curve = curves[b];
      if (c.bay.switchOnly()) {
        double moved = curve.switchedAmps(s, hours);
        double on = moved > 0 ? curve.switchedPeakKw(s, hours) : 0;
        if (on <= 0 || on > leftKw) {
          return 0;
        }
        amps[b][t] = c.bay.maxAmps();
        flow[b][t] = moved;
        kw[b][t] = on;
        reason[b][t] = moved < c.bay.maxAmps() ? c.reason + ", cv taper" : c.reason;
        return on;
      }
      double accepted = curve.acceptedAmps(s, hours);
      double finish =
          Math.ceil(curve.ampHoursTo(s, c.bay.targetSocPercent()) / hours * 100 - EPS) / 100.0;
      double want = Math.min(accepted, finish);
      String why = c.reason;
      if (accepted < c.bay.maxAmps() && accepted < finish) {
        why += ", cv taper";
      }
      double a = curve.ampsWithin(s, Math.max(0, leftKw), want, hours);
      if (a < want) {
        why += ", cap";
      }
      if (a <= 0) {
        return 0;
      }
      amps[b][t] = a;
      flow[b][t] = a;
      kw[b][t] = curve.peakKw(s, a, hours);
      reason[b][t] = why;
      return kw[b][t];
    }

    /**
     * AT_PLUG_IN: equal shares, the smallest demands first so that what they leave is shared. A bay
     * that can only be switched is on if its whole power fits in its equal share; if it does not,
     * it is left out of the sharing (the others' shares grow) and comes on if its power fits in
     * what they leave, smallest first. An urgent one (little slack, as for PLANNED, but still able
     * to make its departure) is on before the sharing whenever it fits, least slack first, so that
     * it is not kept waiting past its departure.
     */
    private double shareEqually(int t, List<Candidate> now, double left) {
      List<Candidate> urgent = new ArrayList<>();
      List<double[]> demand = new ArrayList<>();
      for (int i = 0; i < now.size(); i++) {
        Candidate c = now.get(i);
        if (c.bay.switchOnly() && c.slack >= 0 && isUrgent(c)) {
          urgent.add(c);
          continue;
        }
        demand.add(new double[] {demandKw(c), i});
      }
      urgent.sort(Candidate.ORDER);
      for (Candidate c : urgent) {
        left -= give(t, c, left);
      }
      demand.sort(
          Comparator.<double[]>comparingDouble(d -> d[0])
              .thenComparing(d -> now.get((int) d[1]).bay.id()));
      List<Candidate> deferred = new ArrayList<>();
      int remaining = demand.size();
      for (double[] d : demand) {
        Candidate c = now.get((int) d[1]);
        double share = left / remaining--;
        if (c.bay.switchOnly() && d[0] > share) {
          deferred.add(c);
          continue;
        }
        left -= give(t, c, Math.min(share, d[0]));
      }
      for (Candidate c : deferred) {
        left -= give(t, c, left);
      }
      return left;
    }

    /** The bay's power at what it accepts now (at most what finishes it), kW. */
    private double demandKw(Candidate c) {
      double s = soc[c.b];
      PackCurve curve = curves[c.b];
      if (c.bay.switchOnly()) {
        return curve.switchedAmps(s, hours) > 0 ? curve.switchedPeakKw(s, hours) : 0;
      }
      double accepted = curve.acceptedAmps(s, hours);
      double finish =
          Math.ceil(curve.ampHoursTo(s, c.bay.targetSocPercent()) / hours * 100 - EPS) / 100.0;
      return curve.peakKw(s, Math.min(accepted, finish), hours);
    }

    private Plan result(double[] siteKw) {
      List<BayPlan> out = new ArrayList<>();
      List<String> infeasible = new ArrayList<>();
      double total = 0;
      for (int b = 0; b < bays.size(); b++) {
        BayRequest bay = bays.get(b);
        boolean meets = soc[b] >= bay.targetSocPercent() - EPS;
        if (!meets) {
          infeasible.add(bay.id());
        }
        total += energyKwh[b];
        out.add(new BayPlan(bay.id(), slots(b), soc[b], meets, energyKwh[b]));
      }
      double peak = 0;
      List<Double> site = new ArrayList<>(steps);
      for (double v : siteKw) {
        peak = Math.max(peak, v);
        site.add(v);
      }
      return new Plan(
          policy, depot.start(), depot.stepMinutes(), out, site, peak, total, cost, infeasible);
    }

    /**
     * Consecutive steps with the same current, power and reason make one slot (a slot's power is
     * that of each of its steps, so that the slots' powers add up to the site's in every step).
     */
    private List<Slot> slots(int b) {
      List<Slot> out = new ArrayList<>();
      int t = 0;
      while (t < steps) {
        if (amps[b][t] <= 0) {
          t++;
          continue;
        }
        int end = t + 1;
        while (end < steps
            && amps[b][end] == amps[b][t]
            && kw[b][end] == kw[b][t]
            && reason[b][t].equals(reason[b][end])) {
          end++;
        }
        out.add(
            new Slot(
                stepStart(t),
                stepStart(end),
                amps[b][t],
                kw[b][t],
                reason[b][t],
                socAt[b][t],
                socAt[b][end],
                slackAt[b][t] * depot.stepMinutes()));
        t = end;
      }
      return out;
    }
  }

  /** A bay that could charge in this step. */
  private static final class Candidate {
    /**
     * Bays that can still make their departure first, least slack first; then the ones that cannot
     * even at full current, closest to making it first (they still get what is left, to leave as
     * full as they can); ties by priority, then id.
     */
    static final Comparator<Candidate> ORDER =
        Comparator.<Candidate>comparingInt(c -> c.slack < 0 ? 1 : 0)
            .thenComparingDouble(c -> c.slack < 0 ? -c.slack : c.slack)
            .thenComparingInt(c -> c.bay.priority())
            .thenComparing(c -> c.bay.id());

    final int b;
    final BayRequest bay;
    final double need;
    final double slack;
    String reason = "";

    Candidate(int b, BayRequest bay, double need, double slack) {
      this.b = b;
      this.bay = bay;
      this.need = need;
      this.slack = slack;
    }

    Candidate because(String why) {
      this.reason = why;
      return this;
    }
  }
}
