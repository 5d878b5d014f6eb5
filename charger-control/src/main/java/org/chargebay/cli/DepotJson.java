package org.chargebay.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.chargebay.planner.BayRequest;
import org.chargebay.planner.Depot;
import org.chargebay.planner.Depot.Window;
import org.chargebay.planner.DepotPlanner;
import org.chargebay.planner.PackCurve;
import org.chargebay.planner.Plan;
import org.chargebay.planner.Plan.BayPlan;
import org.chargebay.planner.Plan.Slot;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;

/**
 * The depot planner's JSON: the input ({@code start}, {@code step_minutes}, {@code site}, {@code
 * tariff}, {@code default_price_per_kwh}, {@code bays}) to a {@link Depot}, and a {@link Plan} back
 * to JSON. Every refusal names the field, e.g. {@code bays[3].ceiling_v: 4.5 V is above the NMC
 * maximum 4.20 V}; unknown fields are refused, not ignored.
 */
public final class DepotJson {

  /** A bay's series-group resistance when none is given: 100 mOhm x Ah / capacity. */
  public static final double DEFAULT_RESISTANCE_MILLIOHM_AMP_HOURS = 100.0;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final int MAX_BAYS = 10_000;

  private DepotJson() {}

  /** A refused input: the field's path and what is wrong with it. */
  public static final class InvalidDepotException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidDepotException(String field, String problem) {
      super(field.isEmpty() ? problem : field + ": " + problem);
    }
  }

  /** Reads and checks a depot. */
  public static Depot parse(String text) throws InvalidDepotException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new InvalidDepotException("", "not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDepotException("", "the input must be one JSON object");
    }
    only(
        root,
        "",
        Set.of("start", "step_minutes", "site", "tariff", "default_price_per_kwh", "bays"));
    Instant start = instant(root, "", "start");
    int step = (int) integer(root, "", "step_minutes", 1, 60);
    JsonNode site = required(root, "", "site");
    if (!site.isObject()) {
      throw new InvalidDepotException("site", "must be an object");
    }
    only(site, "site", Set.of("cap_kw", "cap_schedule", "other_loads"));
    double cap = number(site, "site", "cap_kw", 0, 1_000_000);
    List<Window> schedule = windows(site, "site.cap_schedule", "cap_kw", start);
    List<Window> loads = windows(site, "site.other_loads", "kw", start);
    List<Window> tariff = windows(root, "tariff", "price_per_kwh", start);
    OptionalDouble defaultPrice =
        root.has("default_price_per_kwh")
            ? OptionalDouble.of(number(root, "", "default_price_per_kwh", 0, 1_000))
            : OptionalDouble.empty();
    JsonNode baysNode = required(root, "", "bays");
    if (!baysNode.isArray() || baysNode.isEmpty()) {
      throw new InvalidDepotException("bays", "must be a non-empty array");
    }
    if (baysNode.size() > MAX_BAYS) {
      throw new InvalidDepotException("bays", baysNode.size() + " bays, at most " + MAX_BAYS);
    }
    List<BayRequest> bays = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Instant lastDeparture = start;
    for (int i = 0; i < baysNode.size(); i++) {
      BayRequest bay = bay(baysNode.get(i), "bays[" + i + "]", start);
      if (!ids.add(bay.id())) {
        throw new InvalidDepotException("bays[" + i + "].id", "'" + bay.id() + "' is used twice");
      }
      bays.add(bay);
      lastDeparture = bay.departure().isAfter(lastDeparture) ? bay.departure() : lastDeparture;
    }
    Depot depot = new Depot(start, step, cap, schedule, loads, tariff, defaultPrice, bays);
    if (!tariff.isEmpty()) {
      var gap = DepotPlanner.unpricedInstant(depot, lastDeparture);
      if (gap.isPresent()) {
        throw new InvalidDepotException(
            "tariff",
            "no window covers "
                + gap.get()
                + "; cover every step up to the last departure or give default_price_per_kwh");
      }
    }
    return depot;
  }

  private static BayRequest bay(JsonNode n, String at, Instant start) throws InvalidDepotException {
    if (n == null || !n.isObject()) {
      throw new InvalidDepotException(at, "must be an object");
    }
    only(
        n,
        at,
        Set.of(
            "id",
            "chemistry",
            "series",
            "capacity_ah",
            "soc_pct",
            "rest_cell_v",
            "target_soc_pct",
            "departure",
            "max_amps",
            "ceiling_v",
            "priority",
            "resistance_mohm",
            "switch_only"));
    String id = text(n, at, "id");
    if (!ID.matcher(id).matches()) {
      throw new InvalidDepotException(
          at + ".id", "'" + id + "' must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
    }
    String chemName = text(n, at, "chemistry");
    Chemistry chem =
        Chemistries.of(chemName)
            .orElseThrow(
                () ->
                    new InvalidDepotException(
                        at + ".chemistry",
                        "'" + chemName + "' is not one of " + lower(Chemistries.names())));
    int series = (int) integer(n, at, "series", 1, 32);
    double capacity = number(n, at, "capacity_ah", 0.1, 2_000);
    double ceiling;
    if (n.has("ceiling_v")) {
      ceiling = number(n, at, "ceiling_v", 0, 10);
      int mv = (int) Math.round(ceiling * 1000);
      if (mv > chem.ceilings().maxMillivolts()) {
        throw new InvalidDepotException(
            at + ".ceiling_v",
            plain(ceiling)
                + " V is above the "
                + chem.name()
                + " maximum "
                + volts(chem.ceilings().maxMillivolts())
                + " V");
      }
      var problem = chem.ceilingProblem(mv);
      if (problem.isPresent()) {
        throw new InvalidDepotException(at + ".ceiling_v", problem.get());
      }
    } else {
      ceiling = chem.ceilings().defaultMillivolts() / 1000.0;
    }
    double resistance =
        n.has("resistance_mohm")
            ? number(n, at, "resistance_mohm", 0.01, 1_000)
            : DEFAULT_RESISTANCE_MILLIOHM_AMP_HOURS / capacity;
    double maxAmps = number(n, at, "max_amps", 0.01, 2_000);
    double soc;
    if (n.has("soc_pct") == n.has("rest_cell_v")) {
      throw new InvalidDepotException(
          at, "give the present state as exactly one of soc_pct and rest_cell_v");
    }
    Instant departure = instant(n, at, "departure");
    double target = number(n, at, "target_soc_pct", 0, 100);
    int priority = n.has("priority") ? (int) integer(n, at, "priority", 1, 100) : 1;
    boolean switchOnly = n.has("switch_only") && bool(n, at, "switch_only");
    BayRequest probe =
        new BayRequest(
            id,
            chem,
            series,
            capacity,
            0,
            target,
            departure,
            maxAmps,
            ceiling,
            priority,
            resistance);
    PackCurve curve = new PackCurve(probe);
    if (n.has("soc_pct")) {
      soc = number(n, at, "soc_pct", 0, 100);
    } else {
      double v = number(n, at, "rest_cell_v", 0, 10);
      int mv = (int) Math.round(v * 1000);
      if (mv < chem.cells().minPlausibleMillivolts()
          || mv > chem.cells().maxPlausibleMillivolts()) {
        throw new InvalidDepotException(
            at + ".rest_cell_v",
            plain(v)
                + " V is not a plausible "
                + chem.name()
                + " cell ("
                + volts(chem.cells().minPlausibleMillivolts())
                + " to "
                + volts(chem.cells().maxPlausibleMillivolts())
                + " V)");
      }
      soc = curve.socAt(v);
    }
    if (curve.ocv(target) >= ceiling) {
      double reachable = curve.socAt(ceiling);
      throw new InvalidDepotException(
          at + ".target_soc_pct",
          plain(target)
              + " % rests at "
              + String.format(Locale.ROOT, "%.3f", curve.ocv(target))
              + " V per cell, at or above the ceiling "
              + plain(ceiling)
              + " V: below "
              + String.format(Locale.ROOT, "%.1f", reachable)
              + " % is reachable");
    }
    if (!departure.isAfter(start)) {
      throw new InvalidDepotException(
          at + ".departure", departure + " is not after the start " + start);
    }
    if (departure.isAfter(start.plus(Depot.MAX_HORIZON))) {
      throw new InvalidDepotException(
          at + ".departure", departure + " is more than 7 days after the start " + start);
    }
    return new BayRequest(
        id,
        chem,
        series,
        capacity,
        soc,
        target,
        departure,
        maxAmps,
        ceiling,
        priority,
        resistance,
        switchOnly);
  }

  private static List<Window> windows(
      JsonNode parent, String path, String valueField, Instant start) throws InvalidDepotException {
    String key = path.substring(path.lastIndexOf('.') + 1);
    List<Window> out = new ArrayList<>();
    JsonNode arr = parent.get(key);
    if (arr == null || arr.isNull()) {
      return out;
    }
    if (!arr.isArray()) {
      throw new InvalidDepotException(path, "must be an array");
    }
    for (int i = 0; i < arr.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode w = arr.get(i);
      if (!w.isObject()) {
        throw new InvalidDepotException(at, "must be an object");
      }
      only(w, at, Set.of("from", "to", valueField));
      Instant from = instant(w, at, "from");
      Instant to = instant(w, at, "to");
      if (!to.isAfter(from)) {
        throw new InvalidDepotException(at + ".to", to + " is not after from " + from);
      }
      out.add(new Window(from, to, number(w, at, valueField, 0, 1_000_000)));
    }
    return out;
  }

  private static void only(JsonNode n, String at, Set<String> allowed)
      throws InvalidDepotException {
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidDepotException(
            field(at, name), "unknown field; known: " + allowed.stream().sorted().toList());
      }
    }
  }

  private static JsonNode required(JsonNode n, String at, String name)
      throws InvalidDepotException {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      throw new InvalidDepotException(field(at, name), "is required");
    }
    return v;
  }

  private static String text(JsonNode n, String at, String name) throws InvalidDepotException {
    JsonNode v = required(n, at, name);
    if (!v.isTextual()) {
      throw new InvalidDepotException(field(at, name), "must be a string, was " + v);
    }
    return v.asText();
  }

  private static Instant instant(JsonNode n, String at, String name) throws InvalidDepotException {
    String s = text(n, at, name);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new InvalidDepotException(
          field(at, name), "'" + s + "' is not an instant like 2026-12-05T18:00:00Z");
    }
  }

  private static double number(JsonNode n, String at, String name, double min, double max)
      throws InvalidDepotException {
    JsonNode v = required(n, at, name);
    if (!v.isNumber()) {
      throw new InvalidDepotException(field(at, name), "must be a number, was " + v);
    }
    double d = v.asDouble();
    if (!(d >= min && d <= max)) {
      throw new InvalidDepotException(
          field(at, name), plain(d) + " is outside " + plain(min) + " to " + plain(max));
    }
    return d;
  }

  private static boolean bool(JsonNode n, String at, String name) throws InvalidDepotException {
    JsonNode v = n.get(name);
    if (v == null || !v.isBoolean()) {
      throw new InvalidDepotException(field(at, name), "must be true or false, was " + v);
    }
    return v.asBoolean();
  }

  private static long integer(JsonNode n, String at, String name, long min, long max)
      throws InvalidDepotException {
    JsonNode v = required(n, at, name);
    if (!v.isIntegralNumber()) {
      throw new InvalidDepotException(field(at, name), "must be a whole number, was " + v);
    }
    long l = v.asLong();
    if (l < min || l > max) {
      throw new InvalidDepotException(field(at, name), l + " is outside " + min + " to " + max);
    }
    return l;
  }

  private static String field(String at, String name) {
    return at.isEmpty() ? name : at + "." + name;
  }

  private static List<String> lower(List<String> names) {
    return names.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  private static String volts(int millivolts) {
    return BigDecimal.valueOf(millivolts, 3).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** The plan as JSON: per bay its slots and outcome, then the site's totals. */
  public static ObjectNode toJson(Plan plan, Depot depot) {
    ObjectNode root = JSON.createObjectNode();
    root.put("policy", plan.policy().label());
    root.put("start", plan.start().toString());
    root.put("step_minutes", plan.stepMinutes());
    ArrayNode bays = root.putArray("bays");
    for (BayPlan b : plan.bays()) {
      BayRequest req =
          depot.bays().stream().filter(r -> r.id().equals(b.id())).findFirst().orElseThrow();
      ObjectNode o = bays.addObject();
      o.put("id", b.id());
      o.put("departure", req.departure().toString());
      o.put("target_soc_pct", round(req.targetSocPercent(), 2));
      o.put("expected_soc_at_departure", down(b.expectedSocAtDeparture(), 2));
      o.put("meets_target", b.meetsTarget());
      o.put("energy_kwh", round(b.energyKwh(), 3));
      ArrayNode slots = o.putArray("slots");
      for (Slot s : b.slots()) {
        ObjectNode so = slots.addObject();
        so.put("from", s.from().toString());
        so.put("to", s.to().toString());
        so.put("amps", round(s.amps(), 2));
        so.put("kw", round(s.kw(), 3));
        so.put("reason", s.reason());
      }
    }
    root.put("peak_kw", round(plan.peakKw(), 3));
    root.put("energy_kwh", round(plan.energyKwh(), 3));
    root.put("energy_cost", round(plan.energyCost(), 2));
    ArrayNode inf = root.putArray("infeasible");
    plan.infeasible().forEach(inf::add);
    return root;
  }

  /** Compact JSON text of a node. */
  public static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigDecimal round(double d, int places) {
    return BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  /** Rounded down, so that a state of charge just short of a target never prints as reaching it. */
  private static BigDecimal down(double d, int places) {
    return BigDecimal.valueOf(d).setScale(places, RoundingMode.FLOOR).stripTrailingZeros();
  }
}
