package org.chargebay.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.SampleEvents;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EventCodec#decode} reads payloads at the current version straight into the record; the
 * tree path ({@link EventCodec#decodeViaTree}) is the reference it must agree with. For every
 * golden payload and a few hundred corruptions of it (fields removed, nulled, duplicated, added,
 * retyped, trailing tokens, non-objects), both paths give the same event or the same error.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FastDecodeEquivalenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<JsonNode> REPLACEMENTS =
      List.of(
          JsonNodeFactory.instance.nullNode(),
          JsonNodeFactory.instance.textNode("x"),
          JsonNodeFactory.instance.textNode("2025-02-30T00:00:00Z"),
          JsonNodeFactory.instance.textNode("2025-03-01t10:15:30z"),
          JsonNodeFactory.instance.numberNode(1.5),
          JsonNodeFactory.instance.numberNode(7),
          JsonNodeFactory.instance.numberNode(new java.math.BigInteger("99999999999999999999")),
          JsonNodeFactory.instance.booleanNode(true),
          JsonNodeFactory.instance.arrayNode(),
          JsonNodeFactory.instance.objectNode());

  private final EventCodec codec = EventCodec.standard();

  static Stream<Class<? extends ChargeEvent>> types() {
    return SampleEvents.types().stream();
  }

  @ParameterizedTest
  @MethodSource("types")
  void fast_and_tree_decoding_agree_on_the_golden_payload_and_its_corruptions(
      Class<? extends ChargeEvent> type) throws IOException {
    int current = codec.types().currentVersion(type);
    String golden = golden(type, current).strip();
    List<String> payloads = new ArrayList<>(variants(golden));
    assertThat(payloads).hasSizeGreaterThan(20);
    int failures = 0;
    for (String payload : payloads) {
      EventEnvelope envelope =
          new EventEnvelope("bay-eq", 3, 9, type.getSimpleName(), current, Instant.EPOCH, payload);
      String fast = outcome(() -> codec.decode(envelope));
      String tree = outcome(() -> codec.decodeViaTree(envelope, type, current));
      assertThat(fast).as(payload).isEqualTo(tree);
      failures += fast.startsWith("error") ? 1 : 0;
    }
    assertThat(failures).isGreaterThan(payloads.size() / 2);
    assertThat(outcome(() -> codec.decode(envelope(type, current, golden))))
        .isEqualTo(
            outcome(() -> codec.decodeViaTree(envelope(type, current, golden), type, current)))
        .startsWith("ok ");
    if (current == 1) {
      assertThat(outcome(() -> codec.decode(envelope(type, current, golden))))
          .isEqualTo("ok " + SampleEvents.of(type));
    }
  }

  private static EventEnvelope envelope(
      Class<? extends ChargeEvent> type, int version, String payload) {
    return new EventEnvelope("bay-eq", 3, 9, type.getSimpleName(), version, Instant.EPOCH, payload);
  }

  private interface Decode {
    ChargeEvent run();
  }

  private static String outcome(Decode decode) {
    try {
      return "ok " + decode.run();
    } catch (EventCodecException e) {
      return "error " + e.getMessage();
    }
  }

  private static List<String> variants(String golden) throws IOException {
    List<String> out = new ArrayList<>();
    out.add(golden);
    out.add(golden + " ");
    out.add(golden + " {}");
    out.add(golden + "}");
    out.add(golden.substring(0, golden.length() - 1));
    out.add(golden.replaceFirst("\\{", "{\"unknown\":1,"));
    out.add(golden.replaceFirst("\\{(\"[a-zA-Z]+\":[^,]+),", "{$1,$1,"));
    out.addAll(List.of("", " ", "null", "[]", "{}", "\"s\"", "1", "[" + golden + "]"));
    ObjectNode root = (ObjectNode) JSON.readTree(golden);
    for (String path : paths(root, "")) {
      out.add(JSON.writeValueAsString(without(root, path)));
      for (JsonNode replacement : REPLACEMENTS) {
        out.add(JSON.writeValueAsString(replaced(root, path, replacement)));
      }
    }
    return out;
  }

  /** Slash-separated paths of every field and array element below {@code node}. */
  private static List<String> paths(JsonNode node, String prefix) {
    List<String> out = new ArrayList<>();
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String path = prefix + "/" + field.getKey();
        out.add(path);
        out.addAll(paths(field.getValue(), path));
      }
    } else if (node instanceof ArrayNode array && array.size() > 0) {
      out.add(prefix + "/0");
      out.addAll(paths(array.get(0), prefix + "/0"));
    }
    return out;
  }

  private static JsonNode without(ObjectNode root, String path) {
    ObjectNode copy = root.deepCopy();
    JsonNode parent = copy.at(path.substring(0, path.lastIndexOf('/')));
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (parent instanceof ObjectNode object) {
      object.remove(last);
    } else if (parent instanceof ArrayNode array) {
      array.remove(Integer.parseInt(last));
    }
    return copy;
  }

  private static JsonNode replaced(ObjectNode root, String path, JsonNode value) {
    ObjectNode copy = root.deepCopy();
    JsonNode parent = copy.at(path.substring(0, path.lastIndexOf('/')));
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value);
    }
    return copy;
  }

  /** The golden payload of the type's current version (the only one the fast path reads). */
  private static String golden(Class<? extends ChargeEvent> type, int version) throws IOException {
    try (InputStream in =
        FastDecodeEquivalenceTest.class.getResourceAsStream(
            "/golden/" + type.getSimpleName() + ".v" + version + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
