package org.chargebay.events.codec;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;

/**
 * The event type registry: type name (the record's simple name, e.g. {@code ChargeStarted}) to
 * record class and back, and the current schema version of each type.
 *
 * <p>The type name is what the envelope's {@code type} field holds, so renaming a record is a
 * breaking change. The schema version is the version of the payload's shape that {@link
 * EventCodec#encode} writes today; payloads written under older versions are brought up to it by
 * {@link Upcaster}s on read. Versions start at 1.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class EventTypes {

  /** The version every type starts at. */
  public static final int INITIAL_VERSION = 1;

  /**
   * Types whose shape changed since release, with their current version. Every type not listed is
   * at {@link #INITIAL_VERSION}. Bumping a version here requires an upcaster from the previous
   * version in {@link UpcasterChain#standard()} and a new golden JSON file.
   */
  private static final Map<Class<? extends ChargeEvent>, Integer> BUMPED_VERSIONS =
      Map.of(
          // v2: + supply (SupplyTerms), issue 4; v3: + by, issue 14; v4: + noBms (NoBmsTerms),
          // issue 11
          ChargeStarted.class, 4,
          CutOff.class, 2); // v2: + paths (each path's outcome as data), issue 12

  private static final EventTypes STANDARD = createStandard();

  private final Map<String, Class<? extends ChargeEvent>> classesByName;
  private final Map<Class<? extends ChargeEvent>, String> namesByClass;
  private final Map<String, Integer> currentVersions;

  private EventTypes(Map<Class<? extends ChargeEvent>, Integer> versions) {
    Map<String, Class<? extends ChargeEvent>> byName = new LinkedHashMap<>();
    Map<Class<? extends ChargeEvent>, String> byClass = new LinkedHashMap<>();
    Map<String, Integer> current = new LinkedHashMap<>();
    versions.forEach(
        (type, version) -> {
          String name = type.getSimpleName();
          Class<? extends ChargeEvent> clash = byName.putIfAbsent(name, type);
          if (clash != null && clash != type) {
            throw new IllegalArgumentException(
                "type name " + name + " is used by both " + clash + " and " + type);
          }
          if (version < INITIAL_VERSION) {
            throw new IllegalArgumentException(
                "schema version of " + name + " must be >= 1, was " + version);
          }
          byClass.put(type, name);
          current.put(name, version);
        });
    this.classesByName = Collections.unmodifiableMap(byName);
    this.namesByClass = Collections.unmodifiableMap(byClass);
    this.currentVersions = Collections.unmodifiableMap(current);
  }

  /** Every permitted subtype of {@link ChargeEvent} at its current schema version. */
  public static EventTypes standard() {
    return STANDARD;
  }

  @SuppressWarnings("unchecked")
  private static EventTypes createStandard() {
    Map<Class<? extends ChargeEvent>, Integer> versions = new LinkedHashMap<>();
    Arrays.stream(ChargeEvent.class.getPermittedSubclasses())
        .map(c -> (Class<? extends ChargeEvent>) c)
        .forEach(c -> versions.put(c, BUMPED_VERSIONS.getOrDefault(c, INITIAL_VERSION)));
    return new EventTypes(versions);
  }

  /**
   * A copy of this registry in which {@code type} is at {@code version}. This is how a test (or a
   * migration tool) describes a registry other than the released one; production code uses {@link
   * #standard()}.
   *
   * @param version the current schema version, {@code >= 1}
   * @throws IllegalArgumentException if {@code type} is not registered or version is below 1
   */
  public EventTypes withCurrentVersion(Class<? extends ChargeEvent> type, int version) {
    requireRegistered(type);
    Map<Class<? extends ChargeEvent>, Integer> versions = new LinkedHashMap<>();
    namesByClass.forEach((c, name) -> versions.put(c, currentVersions.get(name)));
    versions.put(type, version);
    return new EventTypes(versions);
  }

  /**
   * The type name of a registered event class.
   *
   * @throws IllegalArgumentException if the class is not registered
   */
  public String typeName(Class<? extends ChargeEvent> type) {
    return requireRegistered(type);
  }

  /** The class registered under {@code typeName}, or empty if none is. */
  public Optional<Class<? extends ChargeEvent>> classOf(String typeName) {
    return Optional.ofNullable(classesByName.get(typeName));
  }

  /**
   * The schema version {@link EventCodec#encode} writes for {@code typeName} today.
   *
   * @throws IllegalArgumentException if the type is not registered
   */
  public int currentVersion(String typeName) {
    Integer version = currentVersions.get(typeName);
    if (version == null) {
      throw new IllegalArgumentException(
          "unknown event type '" + typeName + "'; known types: " + typeNames());
    }
    return version;
  }

  /**
   * The current schema version of a registered event class.
   *
   * @throws IllegalArgumentException if the class is not registered
   */
  public int currentVersion(Class<? extends ChargeEvent> type) {
    return currentVersions.get(requireRegistered(type));
  }

  /** Every registered type name, sorted. */
  public Set<String> typeNames() {
    return Collections.unmodifiableSet(new TreeSet<>(classesByName.keySet()));
  }

  private String requireRegistered(Class<? extends ChargeEvent> type) {
    String name = namesByClass.get(type);
    if (name == null) {
      throw new IllegalArgumentException(
          "event class " + type.getName() + " is not registered; known types: " + typeNames());
    }
    return name;
  }

  @Override
  public String toString() {
    return "EventTypes" + new TreeMap<>(currentVersions);
  }
}
