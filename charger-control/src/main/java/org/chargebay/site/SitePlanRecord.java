package org.chargebay.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chargebay.events.PlanComputed;
import org.chargebay.planner.BayRequest;
import org.chargebay.planner.Policy;

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
 * topic) and {@code allocation} (as on the allocations topic).
 */
public final class SitePlanRecord {
  /** The {@code kind} of a site plan's input (a local plan's input is a depot, without one). */
  public static final String KIND = "kafka-site";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SitePlanRecord() {}

  /**
   * The event of a published plan.
   *
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
    return SitePlanning.plan(
        reports,
        now,
        n.path("slot").asLong(),
        Duration.ofMillis(n.path("slotMs").asLong()),
        n.path("capKw").asDouble(),
        policy,
        Duration.ofMillis(n.path("silentAfterMs").asLong()),
        n.path("requireHeldSlot").asLong(),
        n.path("planner").asText(),
        n.path("generation").asInt());
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
