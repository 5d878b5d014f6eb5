package org.chargebay.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.chargebay.auth.Role;
import org.chargebay.planner.BayRequest;
import org.chargebay.planner.Depot;
import org.chargebay.planner.Plan;
import org.chargebay.site.BayReport;
import org.chargebay.site.Departure;
import org.chargebay.site.KafkaSiteAllocations;
import org.chargebay.site.LocalSitePlanner;
import org.chargebay.site.SiteAllocation;
import org.chargebay.site.SitePlanRecord;
import org.chargebay.site.SitePlanning;

/**
 * {@code GET /api/plan} (viewer): the site's current plan. Per bay its slots (current limits over
 * time), its departure and target, the state of charge expected at departure and whether that meets
 * the target, its allocation now; the bays that will miss their departure; the plan's peak; the cap
 * (the configured one and the one planned under: the safe cap while the meter is lost) and the
 * meter's reading and state. {@code enabled} is false when no site is configured.
 *
 * <p>With the site shared through Kafka ({@code "mode": "kafka"}): the site's plan this controller
 * last received: {@code planId}, {@code plannerId} (the controller that planned it), {@code
 * generation}, {@code receivedAt}, {@code plannedCapKw} and {@code reservedKw} (set aside for
 * controllers on fallback); {@code controller} (this one), {@code isPlanner}, {@code fallback}
 * (true when this controller is on its fallback share now), {@code fallbackShareKw}, {@code
 * slotMs}; {@code reason} says where the allocations come from now. Per bay of this controller: its
 * departure and target (as the planner sees them; {@code departureSet} when an operator set one),
 * its state of charge as planned, {@code allocationAmps} now, {@code fallback}, {@code source} and
 * {@code slots}: one per slot this controller holds a plan for, from the current one (its current,
 * or the fallback share). The meter is {@code none} (the site's planner has no meter); {@code
 * infeasible} is empty.
 */
@Path("/api/plan")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.VIEWER_NAME)
public class PlanResource {

  @Inject SiteService site;
  @Inject ObjectMapper mapper;

  @GET
  public ObjectNode plan() {
    ObjectNode root = mapper.createObjectNode();
    KafkaSiteAllocations shared = site.kafka().orElse(null);
    if (shared != null) {
      return kafkaPlan(root, shared);
    }
    LocalSitePlanner planner = site.planner().orElse(null);
    root.put("enabled", planner != null);
    if (planner == null) {
      root.putArray("bays");
      root.putArray("infeasible");
      return root;
    }
    LocalSitePlanner.Status s = planner.status();
    LocalSitePlanner.Snapshot snap = s.snapshot();
    Plan plan = snap.plan();
    Depot depot = snap.depot();
    root.put("planId", snap.planId());
    root.put("reason", snap.reason());
    root.put("policy", planner.settings().policy().label());
    root.put("stepMinutes", planner.settings().stepMinutes());
    root.put("capKw", dec(s.capKw(), 3));
    root.put("plannedCapKw", dec(snap.capKw(), 3));
    root.put("safeCapKw", dec(s.safeCapKw(), 3));
    root.put("marginPct", dec(planner.settings().marginPercent(), 1));
    root.put("otherLoadKw", dec(snap.otherLoadKw(), 3));
    root.put("scale", dec(snap.scale(), 3));
    ObjectNode meter = root.putObject("meter");
    meter.put("state", s.meterState().name().toLowerCase(Locale.ROOT));
    if (Double.isFinite(s.meterKw())) {
      meter.put("kw", dec(s.meterKw(), 3));
    } else {
      meter.putNull("kw");
    }
    if (s.meterError() != null) {
      meter.put("error", s.meterError());
    }
    if (plan != null) {
      root.put("start", plan.start().toString());
      root.put("peakKw", dec(plan.peakKw(), 3));
      root.put("energyKwh", dec(plan.energyKwh(), 3));
    }
    ArrayNode bays = root.putArray("bays");
    ArrayNode infeasible = root.putArray("infeasible");
    Map<String, Departure> departures = new TreeMap<>(s.departures());
    if (plan != null && depot != null) {
      Instant now = plan.start();
      for (Plan.BayPlan b : plan.bays()) {
        BayRequest req =
            depot.bays().stream().filter(r -> r.id().equals(b.id())).findFirst().orElseThrow();
        Departure set = departures.remove(b.id());
        ObjectNode o = bays.addObject();
        o.put("id", b.id());
        o.put("departure", req.departure().toString());
        o.put("departureSet", set != null);
        o.put("targetSocPct", dec(req.targetSocPercent(), 1));
        o.put("socPct", dec(req.socPercent(), 1));
        o.put("expectedSocAtDeparture", down(b.expectedSocAtDeparture(), 1));
        o.put("meetsTarget", b.meetsTarget());
        o.put("allocationAmps", dec(planner.milliampsFor(b.id()).orElse(0) / 1000.0, 3));
        ArrayNode slots = o.putArray("slots");
        for (Plan.Slot sl : b.slots()) {
          ObjectNode so = slots.addObject();
          so.put("from", sl.from().toString());
          so.put("to", sl.to().toString());
          so.put("amps", dec(sl.amps(), 2));
          so.put("kw", dec(sl.kw(), 3));
          so.put("reason", sl.reason());
        }
      }
      plan.infeasible().forEach(infeasible::add);
      ArrayNode siteKw = root.putArray("siteKw");
      plan.siteKw().forEach(kw -> siteKw.add(dec(kw, 3)));
      root.put("now", now.toString());
    }
    ObjectNode finishing = root.putObject("finishing");
    snap.finishing().forEach((bay, ma) -> finishing.put(bay, dec(ma / 1000.0, 3)));
    putDepartures(root, departures);
    return root;
  }

  private ObjectNode kafkaPlan(ObjectNode root, KafkaSiteAllocations shared) {
    KafkaSiteAllocations.Settings settings = shared.settings();
    KafkaSiteAllocations.View v = shared.view();
    Instant now = Instant.now();
    root.put("enabled", true);
    root.put("mode", "kafka");
    root.put("controller", v.controllerId());
    root.put("isPlanner", v.planner());
    SiteAllocation last = v.latest();
    if (last != null) {
      root.put("planId", last.planId());
      root.put("plannerId", last.planner());
      root.put("generation", last.generation());
      root.put("receivedAt", String.valueOf(v.receivedAt()));
      root.put("plannedCapKw", dec(last.capKw(), 3));
      root.put("reservedKw", dec(last.reservedKw(), 3));
    } else {
      root.put("planId", "");
      root.putNull("plannerId");
      root.putNull("receivedAt");
      root.put("plannedCapKw", dec(settings.siteCapKw(), 3));
    }
    root.put("policy", settings.policy().label());
    root.put("stepMinutes", SitePlanning.STEP_MINUTES);
    root.put("slotMs", settings.slot().toMillis());
    root.put("capKw", dec(settings.siteCapKw(), 3));
    root.put("fallbackShareKw", dec(settings.fallbackShareKw(), 3));
    root.put("fallback", shared.planAt(now).isEmpty());
    root.putObject("meter").put("state", "none").putNull("kw");
    root.put("start", now.toString());
    root.put("now", now.toString());
    ArrayNode bays = root.putArray("bays");
    String reason = null;
    Map<String, Departure> departures = new TreeMap<>(v.departures());
    for (BayReport r : v.bays().values()) {
      KafkaSiteAllocations.Source src = shared.sourceFor(r.bayId());
      if (reason == null) {
        reason = src.cause();
      }
      Departure set = departures.remove(r.bayId());
      ObjectNode o = bays.addObject();
      o.put("id", r.bayId());
      o.put("charging", r.charging());
      BayRequest req = SitePlanRecord.request(r, now).orElse(null);
      if (req != null) {
        o.put("departure", req.departure().toString());
        o.put("targetSocPct", dec(req.targetSocPercent(), 1));
        o.put("socPct", dec(req.socPercent(), 1));
      } else if (set != null) {
        o.put("departure", set.at().toString());
        o.put("targetSocPct", set.targetSocPercent());
      }
      o.put("departureSet", set != null);
      o.put("allocationAmps", dec(src.milliamps() / 1000.0, 3));
      o.put("fallback", src.fallback());
      o.put("source", src.cause());
      ArrayNode slots = o.putArray("slots");
      for (SiteAllocation a : v.held()) {
        ObjectNode so = slots.addObject();
        so.put("from", a.from().toString());
        so.put("to", a.until().toString());
        boolean listed = a.fallback().contains(v.controllerId());
        SiteAllocation.Bay b = a.bays().get(r.bayId());
        if (listed) {
          so.putNull("amps");
          so.put("reason", "fallback");
        } else {
          so.put("amps", dec(b == null ? 0 : b.milliamps() / 1000.0, 3));
          so.put("kw", dec(b == null ? 0 : b.maxKw(), 3));
          so.put("reason", "plan " + a.planId());
        }
      }
    }
    root.put("reason", reason == null ? "no bay reported yet" : reason);
    root.putArray("infeasible");
    putDepartures(root, departures);
    return root;
  }

  private static BigDecimal dec(double d, int places) {
    return BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  private static BigDecimal down(double d, int places) {
    return BigDecimal.valueOf(d).setScale(places, RoundingMode.FLOOR).stripTrailingZeros();
  }

  /** Under {@code departures}: the departures set for bays the plan does not list. */
  private static void putDepartures(ObjectNode root, Map<String, Departure> departures) {
    ObjectNode waiting = root.putObject("departures");
    for (var e : departures.entrySet()) {
      ObjectNode d = waiting.putObject(e.getKey());
      d.put("at", e.getValue().at().toString());
      d.put("targetSocPct", e.getValue().targetSocPercent());
      d.put("by", e.getValue().by());
    }
  }
}
