package org.chargebay.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chargebay.events.PlanComputed;
import org.chargebay.planner.BayRequest;
import org.chargebay.planner.Policy;
import org.jspecify.annotations.Nullable;

/**
 * A site plan made through Kafka as a journal event: the {@link PlanComputed} the planner instance
 * records when it publishes a plan that differs from the last one it recorded. Its {@code input} is
 * everything {@link SitePlanning#plan} was called with (the bays' reports in the order given, the
 * planner's clock, the slot, the cap, the policy, the silence limit, the held-slot requirement) and
 * the allocation it published; {@link #replan} plans that input again, which gives the same
 * allocation: a replay explains every allocation of the site's plan.
 *
 * <p>Its JSON ({@code "kind": "kafka-site"}): {@code now}, {@code slot}, {@code slotMs}, {@code
 * capKw}, {@code policy}, {@code stepMinutes} (the planner's step), {@code silentAfterMs}, {@code
 * requireHeldSlot}, {@code planner}, {@code generation}, {@code reports} (each as on the bay states
 * topic) and {@code allocation} (as on the allocations topic). A plan made under a tariff or a cap
 * schedule adds {@code siteCapKw} (the configured cap; {@code capKw} is then the cap in force
 * during the slot) and {@code schedule}: {@code zone}, and {@code tariff} and {@code capSchedule}
 * as lists of {@code {"from": "HH:MM", "to": "HH:MM", "value": v}}, absent when not set. An input
 * without {@code schedule} (recorded before there was one) replans with one price and the static
 * cap, as it was planned.
 */
public final class SitePlanRecord {
  /** The {@code kind} of a site plan's input (a local plan's input is a depot, without one). */
  public static final String KIND = "kafka-site";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SitePlanRecord() {}

  /** The event of a published plan made without a tariff or a cap schedule. */
  public static PlanComputed event(
      SiteAllocation a,
      List<String> infeasible,
      List<SiteReport> reports,
      Instant now,
      Duration slotLength,
      Policy policy,
      Duration silentAfter,
      long requireHeldSlot) {
    return event(
        a,
        infeasible,
        reports,
        now,
        slotLength,
        a.capKw(),
        SitePlanning.Schedule.NONE,
        policy,
        silentAfter,
        requireHeldSlot);
  }

  /**
   * The event of a published plan.
   *
   * @param siteCapKw the site's cap as given to {@link SitePlanning#planned}
   * @param schedule the tariff and cap schedule as given to it
   * @param infeasible the bays that will miss their departure ({@link SitePlanning.Planned})
   * @param reports the reports exactly as given to {@link SitePlanning#plan}
   * @param now the planner's clock as given to it
   */
  public static PlanComputed event(
      SiteAllocation a,
      List<String> infeasible,
      List<SiteReport> reports,
      Instant now,
      Duration slotLength,
      double siteCapKw,
      SitePlanning.Schedule schedule,
      Policy policy,
      Duration silentAfter,
      long requireHeldSlot) {
    ObjectNode root = JSON.createObjectNode();
    root.put("kind", KIND);
    root.put("now", now.toString());
    root.put("slot", a.slot());
    root.put("slotMs", slotLength.toMillis());
    root.put("capKw", a.capKw());
    root.put("policy", policy.label());
    root.put("stepMinutes", SitePlanning.STEP_MINUTES);
    root.put("silentAfterMs", silentAfter.toMillis());
    root.put("requireHeldSlot", requireHeldSlot);
    root.put("planner", a.planner());
    root.put("generation", a.generation());
    if (schedule.tariff() != null || schedule.capSchedule() != null) {
      root.put("siteCapKw", siteCapKw);
      ObjectNode sch = root.putObject("schedule");
      sch.put("zone", schedule.zone().getId());
      windows(sch, "tariff", schedule.tariff());
      windows(sch, "capSchedule", schedule.capSchedule());
    }
    ArrayNode rs = root.putArray("reports");
    for (SiteReport r : reports) {
      rs.add(tree(SiteMessages.encode(r)));
    }
    root.set("allocation", tree(SiteMessages.encode(a)));
    double boundKw = a.bays().values().stream().mapToDouble(SiteAllocation.Bay::maxKw).sum();
    double hours = slotLength.toMillis() / 3_600_000.0;
    return new PlanComputed(
        a.planId(),
        now,
        policy.label(),
        root.toString(),
        a.bays().size(),
        infeasible,
        Math.round(boundKw * 1000),
        Math.round(boundKw * hours * 1000),
        0);
  }

  /**
   * Plans a recorded input again.
   *
   * @param input a {@link PlanComputed#input()} of kind {@value #KIND}
   * @throws SiteMessages.BadMessageException naming what is missing or wrong
   */
  public static SiteAllocation replan(String input) throws SiteMessages.BadMessageException {
    JsonNode n;
    try {
      n = JSON.readTree(input);
    } catch (IOException e) {
      throw new SiteMessages.BadMessageException("input is not JSON");
    }
    if (n == null || !KIND.equals(n.path("kind").asText())) {
      throw new SiteMessages.BadMessageException("input is not of kind " + KIND);
    }
    List<SiteReport> reports = new ArrayList<>();
    for (JsonNode r : n.path("reports")) {
      reports.add(SiteMessages.report(bytes(r)));
    }
    Policy policy =
        Policy.ofLabel(n.path("policy").asText())
            .orElseThrow(() -> new SiteMessages.BadMessageException("unknown policy"));
    Instant now;
    try {
      now = Instant.parse(n.path("now").asText());
    } catch (DateTimeParseException e) {
      throw new SiteMessages.BadMessageException("now is not an instant");
    }
    SitePlanning.Schedule schedule = SitePlanning.Schedule.NONE;
    double cap = n.path("capKw").asDouble();
    JsonNode sch = n.get("schedule");
    if (sch != null) {
      if (!n.path("siteCapKw").isNumber()) {
        throw new SiteMessages.BadMessageException("missing field siteCapKw");
      }
      cap = n.path("siteCapKw").asDouble();
      ZoneId zone;
      try {
        zone = ZoneId.of(sch.path("zone").asText());
      } catch (DateTimeException e) {
        throw new SiteMessages.BadMessageException("schedule.zone is not a time zone");
      }
      schedule =
          new SitePlanning.Schedule(windows(sch, "tariff"), windows(sch, "capSchedule"), zone);
    }
    return SitePlanning.planned(
            reports,
            now,
            n.path("slot").asLong(),
            Duration.ofMillis(n.path("slotMs").asLong()),
            cap,
            schedule,
            policy,
            Duration.ofMillis(n.path("silentAfterMs").asLong()),
            n.path("requireHeldSlot").asLong(),
            n.path("planner").asText(),
            n.path("generation").asInt())
        .allocation();
  }

  private static void windows(ObjectNode parent, String field, @Nullable DailyWindows w) {
    if (w == null) {
      return;
    }
    ArrayNode out = parent.putArray(field);
    for (DailyWindows.Window x : w.windows()) {
      ObjectNode o = out.addObject();
      o.put("from", x.from().toString());
      o.put("to", x.to().toString());
      o.put("value", x.value());
    }
  }

  private static @Nullable DailyWindows windows(JsonNode parent, String field)
      throws SiteMessages.BadMessageException {
    JsonNode a = parent.get(field);
    if (a == null || a.isNull()) {
      return null;
    }
    if (!a.isArray()) {
      throw new SiteMessages.BadMessageException("schedule." + field + " is not a list");
    }
    List<DailyWindows.Window> out = new ArrayList<>();
    for (JsonNode o : a) {
      try {
        out.add(
            new DailyWindows.Window(
                LocalTime.parse(o.path("from").asText()),
                LocalTime.parse(o.path("to").asText()),
                o.path("value").asDouble()));
      } catch (DateTimeParseException e) {
        throw new SiteMessages.BadMessageException(
            "schedule." + field + " has a window without HH:MM from and to");
      }
    }
    return new DailyWindows(out);
  }

  /** The allocation recorded with the input. */
  public static SiteAllocation recorded(String input) throws SiteMessages.BadMessageException {
    try {
      JsonNode a = JSON.readTree(input).get("allocation");
      if (a == null) {
        throw new SiteMessages.BadMessageException("missing field allocation");
      }
      return SiteMessages.allocation(bytes(a));
    } catch (IOException e) {
      throw new SiteMessages.BadMessageException("input is not JSON");
    }
  }

  /**
   * How the site planner sees a bay now: its state of charge, target and departure as planned, or
   * empty when the bay's report cannot be planned.
   */
  public static Optional<BayRequest> request(BayReport r, Instant now) {
    return SitePlanning.request(r, now);
  }

  private static JsonNode tree(byte[] b) {
    try {
      return JSON.readTree(b);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read own JSON", e);
    }
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
