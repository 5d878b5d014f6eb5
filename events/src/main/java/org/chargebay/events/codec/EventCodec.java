package org.chargebay.events.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * Turns events into JSON payloads and stored envelopes back into events.
 *
 * <p>The JSON is meant to be read by people with {@code jq} as much as by this class:
 *
 * <ul>
 *   <li>field names are the record component names, in component order;
 *   <li>instants are ISO-8601 UTC strings ({@code "2025-03-01T10:15:30.250Z"}), enums are their
 *       names, integers are JSON numbers;
 *   <li>absent values are written as {@code null} rather than left out;
 *   <li>there is no type information in the payload: the type name and schema version are in the
 *       envelope.
 * </ul>
 *
 * <p>Reading is strict, because a journal that silently reads a missing field as 0 mAh is worse
 * than one that stops: a payload with an unknown, missing, duplicate or mistyped field, or a null
 * where the model allows none, is reported as an {@link EventCodecException}. As a consequence
 * every change to a record's shape, even adding a field, bumps the type's schema version in {@link
 * EventTypes} and adds an {@link Upcaster} that fills the gap.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class EventCodec {

  /**
   * An event as it is to be stored.
   *
   * @param type the type name, e.g. {@code ChargeStarted}
   * @param schemaVersion the schema version the payload was written in (the type's current one)
   * @param payload the JSON body, one line
   */
  public record Encoded(String type, int schemaVersion, String payload) {}

  private static final EventCodec STANDARD =
      new EventCodec(EventTypes.standard(), UpcasterChain.standard());

  private final EventTypes types;
  private final UpcasterChain upcasters;
  private final JsonMapper mapper;

  /** One reader per type, for payloads at their type's current version (no upcasting). */
  private final Map<String, ObjectReader> currentReaders;

  /**
   * A codec over the given registry and upcasters.
   *
   * @throws IllegalArgumentException if an upcaster names an unknown type or a version at or past
   *     the type's current version, or if some type lacks a step between version 1 and its current
   *     version (so a journal written by any earlier release stays readable)
   */
  public EventCodec(EventTypes types, UpcasterChain upcasters) {
    this.types = Objects.requireNonNull(types, "types");
    this.upcasters = Objects.requireNonNull(upcasters, "upcasters");
    validate(types, upcasters);
    this.mapper = newMapper();
    Map<String, ObjectReader> readers = new HashMap<>();
    for (String type : types.typeNames()) {
      readers.put(type, mapper.readerFor(types.classOf(type).orElseThrow()));
    }
    this.currentReaders = Map.copyOf(readers);
  }

  /** The released registry ({@link EventTypes#standard()}) and upcasters. */
  public static EventCodec standard() {
    return STANDARD;
  }

  private static void validate(EventTypes types, UpcasterChain upcasters) {
    for (Upcaster upcaster : upcasters.upcasters()) {
      if (types.classOf(upcaster.type()).isEmpty()) {
        throw new IllegalArgumentException(
            upcaster + " names an unknown event type; known types: " + types.typeNames());
      }
      int current = types.currentVersion(upcaster.type());
      if (upcaster.fromVersion() >= current) {
        throw new IllegalArgumentException(
            upcaster
                + " reads version "
                + upcaster.fromVersion()
                + " but the current version of "
                + upcaster.type()
                + " is "
                + current);
      }
    }
    for (String type : types.typeNames()) {
      for (int version = EventTypes.INITIAL_VERSION;
          version < types.currentVersion(type);
          version++) {
        if (!upcasters.hasStep(type, version)) {
          throw new IllegalArgumentException(
              type
                  + " is at version "
                  + types.currentVersion(type)
                  + " but no upcaster reads version "
                  + version);
        }
      }
    }
  }

  private static JsonMapper newMapper() {
    return JsonMapper.builder()
        .addModule(
            new SimpleModule("chargebay-instants")
                .addSerializer(Instant.class, new IsoInstantSerializer())
                .addDeserializer(Instant.class, new IsoInstantDeserializer()))
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .build();
  }

  /** The type registry this codec writes and reads. */
  public EventTypes types() {
    return types;
  }

  /**
   * Encodes an event at its type's current schema version.
   *
   * @throws EventCodecException if the event's class is not registered, or a component the model
   *     declares non-null is null (such an event would poison the journal: it could never be read
   *     back)
   */
  public Encoded encode(ChargeEvent event) {
    Objects.requireNonNull(event, "event");
    String type;
    try {
      type = types.typeName(event.getClass());
    } catch (IllegalArgumentException e) {
      throw new EventCodecException(event.getClass().getName(), e.getMessage(), e);
    }
    Optional<String> illegalNull = NullChecks.firstIllegalNull((Record) event);
    if (illegalNull.isPresent()) {
      throw new EventCodecException(
          type, "field '" + illegalNull.get() + "' is null but is not @Nullable", null);
    }
    try {
      return new Encoded(type, types.currentVersion(type), mapper.writeValueAsString(event));
    } catch (JsonProcessingException e) {
      throw new EventCodecException(type, e.getOriginalMessage(), e);
    }
  }

  /**
   * Decodes a stored event: parses the payload, applies the upcasters from the envelope's schema
   * version up to the type's current one, and maps the result to the type's record.
   *
   * @throws EventCodecException if the type is unknown, the schema version is newer than this build
   *     reads or lacks an upcaster, or the payload is corrupt; the message names the stream,
   *     sequence and type
   */
  public ChargeEvent decode(EventEnvelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    Class<? extends ChargeEvent> type =
        types
            .classOf(envelope.type())
            .orElseThrow(
                () ->
                    new EventCodecException(
                        envelope,
                        "unknown event type '"
                            + envelope.type()
                            + "'; known types: "
                            + types.typeNames(),
                        null));
    int current = types.currentVersion(envelope.type());
    if (envelope.schemaVersion() < EventTypes.INITIAL_VERSION) {
      throw new EventCodecException(
          envelope, "schema version " + envelope.schemaVersion() + " is not valid (>= 1)", null);
    }
    if (envelope.schemaVersion() > current) {
      throw new EventCodecException(
          envelope,
          "schema version "
              + envelope.schemaVersion()
              + " is newer than this build reads (version "
              + current
              + "); it was written by a newer release",
          null);
    }
    if (envelope.schemaVersion() == current) {
      ChargeEvent event = decodeCurrent(envelope);
      if (event != null) {
        return event;
      }
      // not a valid event: the tree path below finds and words the problem
    }
    return decodeViaTree(envelope, type, current);
  }

  /**
   * The fast path for a payload at its type's current version: straight from the text to the
   * record, with the same mapper (so the same strictness: unknown, missing, duplicate and mistyped
   * fields fail) and no tree in between. Returns null on any failure, so that errors are found and
   * reported by {@link #decodeViaTree} exactly as before.
   */
  private @Nullable ChargeEvent decodeCurrent(EventEnvelope envelope) {
    ObjectReader reader = currentReaders.get(envelope.type());
    if (reader == null) {
      return null;
    }
    ChargeEvent event;
    try {
      event = reader.readValue(envelope.payload());
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (event == null || NullChecks.hasIllegalNull((Record) event)) {
      return null;
    }
    return event;
  }

  /**
   * Decodes through a JSON tree: parse, upcast from the stored version to {@code current}, map to
   * the record. Every decode took this path before the fast one; it stays the reference (and the
   * only path for older versions and for broken payloads).
   */
  ChargeEvent decodeViaTree(
      EventEnvelope envelope, Class<? extends ChargeEvent> type, int current) {
    ObjectNode tree = parse(envelope);
    ObjectNode upcast;
    try {
      upcast = upcasters.upcast(envelope.type(), envelope.schemaVersion(), current, tree);
    } catch (RuntimeException e) {
      throw new EventCodecException(
          envelope,
          "upcasting from version "
              + envelope.schemaVersion()
              + " to "
              + current
              + " failed: "
              + e.getMessage(),
          e);
    }
    ChargeEvent event;
    try {
      event = mapper.treeToValue(upcast, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new EventCodecException(envelope, "corrupt payload: " + describe(e), e);
    }
    Optional<String> illegalNull = NullChecks.firstIllegalNull((Record) event);
    if (illegalNull.isPresent()) {
      throw new EventCodecException(
          envelope, "corrupt payload: field '" + illegalNull.get() + "' is null", null);
    }
    return event;
  }

  private ObjectNode parse(EventEnvelope envelope) {
    JsonNode tree;
    try {
      tree = mapper.readTree(envelope.payload());
    } catch (JsonProcessingException e) {
      throw new EventCodecException(envelope, "payload is not valid JSON: " + describe(e), e);
    }
    if (tree instanceof ObjectNode object) {
      return object;
    }
    throw new EventCodecException(
        envelope,
        "payload is not a JSON object but "
            + (tree == null || tree.isMissingNode() ? "empty" : tree.getNodeType().toString()),
        null);
  }

  private static String describe(Exception e) {
    if (e instanceof JsonProcessingException json) {
      String path =
          json instanceof JsonMappingException mapping ? mapping.getPathReference() : null;
      String message = json.getOriginalMessage();
      return path == null ? message : message + " (at " + path + ")";
    }
    return String.valueOf(e.getMessage());
  }

  /**
   * Writes an instant as {@link Instant#toString()}: ISO-8601 in UTC with as many fraction digits
   * as needed, e.g. {@code 2025-03-01T10:15:30Z} or {@code 2025-03-01T10:15:30.250Z}.
   */
  private static final class IsoInstantSerializer extends StdScalarSerializer<Instant> {
    IsoInstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeString(value.toString());
    }
  }

  /** Reads an ISO-8601 instant string and nothing else (no epoch numbers, no local times). */
  private static final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {
    IsoInstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      String text = parser.getText();
      try {
        return IsoInstants.parse(text);
      } catch (DateTimeParseException e) {
        throw context.weirdStringException(
            text, Instant.class, "not an ISO-8601 instant such as 2025-03-01T10:15:30Z");
      }
    }
  }
}
