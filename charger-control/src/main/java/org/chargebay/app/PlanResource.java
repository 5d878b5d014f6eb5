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
import org.chargebay.site.LocalSitePlanner;

/**
 * {@code GET /api/plan} (viewer): the site's current plan. Per bay its slots (current limits over
 * time), its departure and target, the state of charge expected at departure and whether that meets
 * the target, its allocation now; the bays that will miss their departure; the plan's peak; the cap
 * (the configured one and the one planned under: the safe cap while the meter is lost) and the
 * meter's reading and state. {@code enabled} is false when no site is configured.
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
    Map<String, LocalSitePlanner.Departure> departures = new TreeMap<>(s.departures());
    if (plan != null && depot != null) {
      Instant now = plan.start();
      for (Plan.BayPlan b : plan.bays()) {
        BayRequest req =
            depot.bays().stream().filter(r -> r.id().equals(b.id())).findFirst().orElseThrow();
        LocalSitePlanner.Departure set = departures.remove(b.id());
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
    ObjectNode waiting = root.putObject("departures");
    for (var e : departures.entrySet()) {
      ObjectNode d = waiting.putObject(e.getKey());
      d.put("at", e.getValue().at().toString());
      d.put("targetSocPct", e.getValue().targetSocPercent());
      d.put("by", e.getValue().by());
    }
    return root;
  }

  private static BigDecimal dec(double d, int places) {
    return BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  private static BigDecimal down(double d, int places) {
    return BigDecimal.valueOf(d).setScale(places, RoundingMode.FLOOR).stripTrailingZeros();
  }
}
