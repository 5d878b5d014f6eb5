package org.chargebay.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON of the site topics' values: a {@link SiteReport} on the bay states topic, a {@link
 * SiteAllocation} on the allocations topic. Instants are ISO-8601 strings. A report's {@code
 * departure} and {@code targetSocPercent} may be absent (reports of controllers that carry no
 * departures): no departure, and a target of 0 (full).
 */
public final class SiteMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SiteMessages() {}

  /** A value that is not a site message. */
  public static final class BadMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    BadMessageException(String message) {
      super(message);
    }
  }

  /** The report as JSON bytes. */
  public static byte[] encode(SiteReport m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("controller", m.controller());
    n.put("fallbackShareKw", m.fallbackShareKw());
    n.put("heldSlot", m.heldSlot());
    n.put("sentAt", m.sentAt().toString());
    BayReport r = m.report();
    ObjectNode b = n.putObject("bay");
    b.put("id", r.bayId());
    b.put("at", r.at().toString());
    b.put("chemistry", r.chemistry());
    b.put("series", r.series());
    b.put("capacityMilliampHours", r.capacityMilliampHours());
    b.put("cellMaxMillivolts", r.cellMaxMillivolts());
    b.put("packMillivolts", r.packMillivolts());
    b.put("milliamps", r.milliamps());
    b.put("ceilingMillivolts", r.ceilingMillivolts());
    b.put("maxMilliamps", r.maxMilliamps());
    b.put("charging", r.charging());
    if (r.departure() != null) {
      b.put("departure", r.departure().toString());
    }
    b.put("targetSocPercent", r.targetSocPercent());
    b.put("priority", r.priority());
    if (r.switchOnly()) {
      b.put("switchOnly", true);
    }
    return bytes(n);
  }

  /** The allocation as JSON bytes. */
  public static byte[] encode(SiteAllocation a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("planner", a.planner());
    n.put("generation", a.generation());
    n.put("slot", a.slot());
    n.put("from", a.from().toString());
    n.put("until", a.until().toString());
    n.put("capKw", a.capKw());
    n.put("reservedKw", a.reservedKw());
    ObjectNode bays = n.putObject("bays");
    for (Map.Entry<String, SiteAllocation.Bay> e : new TreeMap<>(a.bays()).entrySet()) {
      ObjectNode b = bays.putObject(e.getKey());
      b.put("milliamps", e.getValue().milliamps());
      b.put("maxKw", e.getValue().maxKw());
    }
    var f = n.putArray("fallback");
    new TreeSet<>(a.fallback()).forEach(f::add);
    return bytes(n);
  }

  /** A report from JSON bytes. */
  public static SiteReport report(byte[] value) throws BadMessageException {
    JsonNode n = tree(value);
    JsonNode b = field(n, "bay");
    BayReport r =
        new BayReport(
            text(b, "id"),
            instant(b, "at"),
            text(b, "chemistry"),
            field(b, "series").asInt(),
            field(b, "capacityMilliampHours").asInt(),
            field(b, "cellMaxMillivolts").asInt(),
            field(b, "packMillivolts").asInt(),
            field(b, "milliamps").asInt(),
            field(b, "ceilingMillivolts").asInt(),
            field(b, "maxMilliamps").asInt(),
            field(b, "charging").asBoolean(),
            b.hasNonNull("departure") ? instant(b, "departure") : null,
            b.hasNonNull("targetSocPercent") ? field(b, "targetSocPercent").asInt() : 0,
            field(b, "priority").asInt(),
            b.path("switchOnly").asBoolean(false));
    return new SiteReport(
        text(n, "controller"),
        field(n, "fallbackShareKw").asDouble(),
        field(n, "heldSlot").asLong(),
        instant(n, "sentAt"),
        r);
  }

  /** An allocation from JSON bytes. */
  public static SiteAllocation allocation(byte[] value) throws BadMessageException {
    JsonNode n = tree(value);
    Map<String, SiteAllocation.Bay> bays = new TreeMap<>();
    JsonNode bn = field(n, "bays");
    for (Iterator<Map.Entry<String, JsonNode>> it = bn.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      bays.put(
          e.getKey(),
          new SiteAllocation.Bay(
              field(e.getValue(), "milliamps").asInt(), field(e.getValue(), "maxKw").asDouble()));
    }
    Set<String> fallback = new TreeSet<>();
    field(n, "fallback").forEach(x -> fallback.add(x.asText()));
    return new SiteAllocation(
        text(n, "planner"),
        field(n, "generation").asInt(),
        field(n, "slot").asLong(),
        instant(n, "from"),
        instant(n, "until"),
        field(n, "capKw").asDouble(),
        field(n, "reservedKw").asDouble(),
        bays,
        fallback);
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static JsonNode tree(byte[] value) throws BadMessageException {
    try {
      JsonNode n = JSON.readTree(value);
      if (n == null || !n.isObject()) {
        throw new BadMessageException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new BadMessageException(
          "not JSON: " + new String(value, 0, Math.min(80, value.length), StandardCharsets.UTF_8));
    }
  }

  private static JsonNode field(JsonNode n, String name) throws BadMessageException {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      throw new BadMessageException("missing field " + name);
    }
    return v;
  }

  private static String text(JsonNode n, String name) throws BadMessageException {
    return field(n, name).asText();
  }

  private static Instant instant(JsonNode n, String name) throws BadMessageException {
    try {
      return Instant.parse(text(n, name));
    } catch (java.time.format.DateTimeParseException e) {
      throw new BadMessageException(name + " is not an instant: " + n.get(name).asText());
    }
  }
}
