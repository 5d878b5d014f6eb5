package org.chargebay.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads the optional JSON body of an API call into a request record, strictly: a charger must not
 * act on a request it only half understood. An empty body is no body. Otherwise the body must be
 * {@code application/json} (else 415), at most {@link #MAX_BYTES} bytes (else 413) and one JSON
 * object (else 400) whose fields are all known, each given once and of its declared type: a number
 * field takes a JSON number, a text field a JSON string (else 400 naming the field).
 *
 * <p>Parsing is done here rather than by the framework's body reader so that the rules hold for
 * every endpoint, whatever the global JSON configuration, and so that a body is optional.
 */
final class JsonBodies {
  /**
   * The largest body the API takes, in bytes. Requests are a few hundred bytes; 16 KiB leaves room
   * for a long acknowledgement note.
   */
  static final int MAX_BYTES = 16 * 1024;

  /** Longest JSON value echoed back in a reason. */
  private static final int ECHO_MAX_CHARS = 40;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .withCoercionConfig(
              LogicalType.Float,
              c ->
                  c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private JsonBodies() {}

  /**
   * The body as a {@code type}, or {@code null} when the request has none.
   *
   * @param body the request body; empty or null when none was sent
   * @param contentType the request's {@code Content-Type} header, null when absent
   * @throws WebApplicationException carrying the {@link ApiError} to answer
   */
  static <T> @Nullable T read(
      @Nullable InputStream body, @Nullable String contentType, Class<T> type) {
    byte[] bytes = readCapped(body);
    if (bytes.length == 0) {
      return null;
    }
    requireJson(contentType);
    try (JsonParser p = MAPPER.createParser(bytes)) {
      return bind(p, type);
    } catch (JsonProcessingException e) {
      throw badRequest(
          "the body is not valid JSON at "
              + where(e.getLocation())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("the body could not be read: " + e.getMessage());
    }
  }

  /**
   * Binds the one JSON object in {@code p}; mapping errors are described while {@code p} is open.
   */
  private static <T> @Nullable T bind(JsonParser p, Class<T> type) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      return null;
    }
    if (first != JsonToken.START_OBJECT) {
      throw badRequest(
          "the body must be a JSON object with the fields " + fields(type) + ", not " + got(p));
    }
    T value;
    try {
      value = MAPPER.readerFor(type).readValue(p);
    } catch (UnrecognizedPropertyException e) {
      TreeSet<String> known = new TreeSet<>();
      if (e.getKnownPropertyIds() != null) {
        e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      }
      throw badRequest(
          "unknown field '"
              + ErrorMappers.echo(e.getPropertyName())
              + "'; the fields are "
              + String.join(", ", known));
    } catch (MismatchedInputException e) {
      throw badRequest(subject(e) + " must be " + expected(e.getTargetType()) + ", not " + got(p));
    } catch (JsonMappingException e) {
      throw badRequest(subject(e) + " is invalid: " + e.getOriginalMessage());
    }
    if (p.nextToken() != null) {
      throw badRequest(
          "the body has content after the JSON object, at " + where(p.currentLocation()));
    }
    return value;
  }

  private static byte[] readCapped(@Nullable InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw badRequest("the body could not be read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge();
    }
    return bytes;
  }

  /** The 413 answered for a body over {@link #MAX_BYTES}. */
  static WebApplicationException tooLarge() {
    return ErrorMappers.refusal(
        Response.Status.REQUEST_ENTITY_TOO_LARGE, "payload_too_large", tooLargeReason());
  }

  static String tooLargeReason() {
    return "the body is larger than " + MAX_BYTES + " bytes, the most the API takes";
  }

  /** True for {@code application/json} and {@code application/*+json}, parameters ignored. */
  static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return base.equals("application/json")
        || (base.startsWith("application/") && base.endsWith("+json"));
  }

  private static void requireJson(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw ErrorMappers.refusal(
          Response.Status.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "a body needs Content-Type: application/json; the request has none");
    }
    if (!isJson(contentType)) {
      throw ErrorMappers.refusal(
          Response.Status.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "the body must be application/json; the request's Content-Type is '"
              + ErrorMappers.echo(contentType)
              + "'");
    }
  }

  private static WebApplicationException badRequest(String reason) {
    return ErrorMappers.refusal(Response.Status.BAD_REQUEST, "bad_request", reason);
  }

  /** "field 'x'" for a mapping error inside the object, "the body" for one at its top. */
  private static String subject(JsonMappingException e) {
    String field =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .map(ErrorMappers::echo)
            .collect(Collectors.joining("."));
    return field.isEmpty() ? "the body" : "field '" + field + "'";
  }

  private static String expected(@Nullable Class<?> target) {
    if (target == null) {
      return "of another type";
    }
    if (Number.class.isAssignableFrom(target) || target == BigDecimal.class) {
      return "a number";
    }
    if (CharSequence.class.isAssignableFrom(target)) {
      return "a string";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    }
    if (target.isPrimitive()) {
      return "a number";
    }
    return "a JSON object with the fields " + fields(target);
  }

  private static String fields(Class<?> type) {
    if (!type.isRecord()) {
      return "of " + type.getSimpleName();
    }
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .sorted()
        .collect(Collectors.joining(", "));
  }

  /** What the parser is on, for "not ..." in a reason: the value itself when it is a scalar. */
  private static String got(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string " + echoValue(MAPPER.writeValueAsString(p.getText()));
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + echoValue(p.getText());
      case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> token.asString();
      default -> token.name();
    };
  }

  private static String echoValue(String json) {
    return json.length() <= ECHO_MAX_CHARS ? json : json.substring(0, ECHO_MAX_CHARS) + "...";
  }

  private static String where(@Nullable JsonLocation location) {
    if (location == null) {
      return "an unknown position";
    }
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
