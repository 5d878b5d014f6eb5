package org.chargebay.events.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chargebay.events.PathOutcome;

/**
 * The upcasters applied on read, at most one per type and version. {@link #upcast} runs the steps
 * from a payload's stored version up to the requested version, in order.
 *
 * <p>Instances are immutable and thread-safe (provided the upcasters are pure, as they must be).
 */
public final class UpcasterChain {

  private static final UpcasterChain EMPTY = new UpcasterChain(List.of());

  /** The released upcasters; add one here with every version bump in {@link EventTypes}. */
  private static final UpcasterChain STANDARD =
      of(
          List.of(
              // ChargeStarted v1 -> v2: sessions before v2 always had the supply's OVP/OCP set at
              // the bay's margins; "supply": null says exactly that (see ChargeStarted).
              Upcaster.of(
                  "ChargeStarted",
                  1,
                  payload -> {
                    payload.putNull("supply");
                    return payload;
                  }),
              // CutOff v1 -> v2: each path's outcome as data, read from the action lines exactly
              // as a v2 cut-off's are (PathOutcome.of); placed after the actions, as in the record
              Upcaster.of("CutOff", 1, UpcasterChain::cutOffPaths),
              // ChargeStarted v2 -> v3: who asked was not recorded before v3: "by": null.
              Upcaster.of(
                  "ChargeStarted",
                  2,
                  payload -> {
                    payload.putNull("by");
                    return payload;
                  }),
              // ChargeStarted v3 -> v4: every session before v4 had a BMS: "noBms": null.
              Upcaster.of(
                  "ChargeStarted",
                  3,
                  payload -> {
                    payload.putNull("noBms");
                    return payload;
                  })));

  private static ObjectNode cutOffPaths(ObjectNode payload) {
    ArrayNode paths = payload.arrayNode();
    JsonNode actions = payload.get("actions");
    if (actions != null && actions.isArray()) {
      for (JsonNode a : actions) {
        if (!a.isTextual()) {
          return payload; // not a valid v1 payload: the strict reader reports it
        }
        PathOutcome o = PathOutcome.of(a.asText());
        ObjectNode p = paths.addObject();
        p.put("path", o.path());
        p.put("result", o.result().name());
        if (o.detail() == null) {
          p.putNull("detail");
        } else {
          p.put("detail", o.detail());
        }
      }
    }
    ObjectNode out = payload.objectNode();
    payload
        .fields()
        .forEachRemaining(
            e -> {
              out.set(e.getKey(), e.getValue());
              if (e.getKey().equals("actions")) {
                out.set("paths", paths);
              }
            });
    if (!out.has("paths")) {
      out.set("paths", paths);
    }
    return out;
  }

  private final Map<String, Map<Integer, Upcaster>> byTypeAndVersion;
  private final List<Upcaster> upcasters;

  private UpcasterChain(List<Upcaster> upcasters) {
    Map<String, Map<Integer, Upcaster>> index = new HashMap<>();
    for (Upcaster upcaster : upcasters) {
      if (upcaster.fromVersion() < EventTypes.INITIAL_VERSION) {
        throw new IllegalArgumentException(
            upcaster + ": fromVersion must be >= 1, was " + upcaster.fromVersion());
      }
      Upcaster clash =
          index
              .computeIfAbsent(upcaster.type(), t -> new HashMap<>())
              .putIfAbsent(upcaster.fromVersion(), upcaster);
      if (clash != null) {
        throw new IllegalArgumentException(
            "two upcasters for "
                + upcaster.type()
                + " from version "
                + upcaster.fromVersion()
                + ": "
                + clash
                + " and "
                + upcaster);
      }
    }
    List<Upcaster> sorted = new ArrayList<>(upcasters);
    sorted.sort(Comparator.comparing(Upcaster::type).thenComparingInt(Upcaster::fromVersion));
    this.byTypeAndVersion = index;
    this.upcasters = List.copyOf(sorted);
  }

  /**
   * The upcasters of every released schema change; each version bump in {@link EventTypes} adds one
   * here.
   */
  public static UpcasterChain standard() {
    return STANDARD;
  }

  /** No upcasters. */
  public static UpcasterChain empty() {
    return EMPTY;
  }

  /**
   * A chain of the given upcasters.
   *
   * @throws IllegalArgumentException if two upcasters have the same type and fromVersion
   */
  public static UpcasterChain of(List<? extends Upcaster> upcasters) {
    return new UpcasterChain(List.copyOf(upcasters));
  }

  /** The upcasters, sorted by type then version. */
  public List<Upcaster> upcasters() {
    return upcasters;
  }

  /** Whether a step exists for {@code type} from {@code fromVersion}. */
  boolean hasStep(String type, int fromVersion) {
    return byTypeAndVersion.getOrDefault(type, Map.of()).containsKey(fromVersion);
  }

  /**
   * Brings a payload from {@code fromVersion} to {@code toVersion} by applying each step in turn.
   * Does nothing when the versions are equal.
   *
   * @throws IllegalArgumentException if a step is missing or {@code fromVersion > toVersion}
   */
  public ObjectNode upcast(String type, int fromVersion, int toVersion, ObjectNode payload) {
    if (fromVersion > toVersion) {
      throw new IllegalArgumentException(
          "cannot downcast " + type + " from version " + fromVersion + " to " + toVersion);
    }
    ObjectNode current = payload;
    Map<Integer, Upcaster> steps = byTypeAndVersion.getOrDefault(type, Map.of());
    for (int version = fromVersion; version < toVersion; version++) {
      Upcaster step = steps.get(version);
      if (step == null) {
        throw new IllegalArgumentException(
            "no upcaster for " + type + " from version " + version + " to " + (version + 1));
      }
      current = Objects.requireNonNull(step.upcast(current), () -> step + " returned null");
    }
    return current;
  }
}
