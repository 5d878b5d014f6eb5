package org.chargebay.bms.jbd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The captured JBD frames of {@code src/test/resources/frames/jbd}: one {@code <id>.hex} per vector
 * (comment lines, then the response hex) and their expected values in {@code expected.json}, both
 * copied from the shared fixture vectors (PROTOCOLS.md section 5).
 */
public final class JbdVectors {

  private static final String DIR = "/frames/jbd/";

  /**
   * One captured frame.
   *
   * @param id e.g. {@code jbd-01}
   * @param source the {@code # source:} line of the hex file
   * @param expected the fixture's {@code expected} object
   */
  public record Vector(String id, String source, byte[] frame, JsonNode expected) {
    @Override
    public byte[] frame() {
      return frame.clone();
    }

    /** The register byte (offset 1). */
    public int register() {
      return frame[1] & 0xFF;
    }

    @Override
    public String toString() {
      return id;
    }
  }

  private static final List<Vector> ALL = load();

  private JbdVectors() {}

  /** Every JBD vector, in the order of {@code expected.json}. */
  public static List<Vector> all() {
    return ALL;
  }

  /** One vector by id. */
  public static Vector get(String id) {
    return ALL.stream()
        .filter(v -> v.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no vector " + id));
  }

  /** Parses hex with optional whitespace. */
  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  /** Lower-case hex of bytes. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static List<Vector> load() {
    JsonNode expected;
    try {
      expected = new ObjectMapper().readTree(resource("expected.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Vector> vectors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : expected.properties()) {
      String id = property.getKey();
      JsonNode entry = property.getValue();
      String source = null;
      StringBuilder hex = new StringBuilder();
      for (String line : resource(id + ".hex").split("\n")) {
        String trimmed = line.trim();
        if (trimmed.startsWith("# source:")) {
          source = trimmed.substring("# source:".length()).trim();
        } else if (!trimmed.startsWith("#")) {
          hex.append(trimmed);
        }
      }
      if (source == null || !source.equals(entry.get("source").asText())) {
        throw new IllegalStateException(id + ".hex lacks the source line of expected.json");
      }
      vectors.add(new Vector(id, source, hex(hex.toString()), entry.get("expected")));
    }
    return List.copyOf(vectors);
  }

  private static String resource(String name) {
    try (InputStream in = JbdVectors.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + DIR + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
