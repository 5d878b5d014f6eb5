package org.chargebay.bms.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The captured frames of {@code src/test/resources/frames/<family>/}: one {@code <id>.hex} per
 * vector (comment lines with the {@code # source:}, then the response hex) and the fixture's
 * {@code expected} objects in {@code expected.json}, copied from the shared vectors.
 */
public final class FamilyVectors {

  /**
   * One captured frame.
   *
   * @param checksumValid false for frames the fixture marks {@code checksum_valid: false}
   */
  public record Vector(
      String family, String id, String source, String protocol, boolean checksumValid, byte[] frame, JsonNode expected) {
    @Override
    public byte[] frame() {
      return frame.clone();
    }

    @Override
    public String toString() {
      return id;
    }
  }

  private FamilyVectors() {}

  /** Every vector of {@code family} (jk, daly, ant), in file order. */
  public static List<Vector> of(String family) {
    String dir = "/frames/" + family + "/";
    JsonNode all;
    try (InputStream in = resource(dir + "expected.json")) {
      all = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Vector> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = all.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String id = e.getKey();
      String text;
      try (InputStream in = resource(dir + id + ".hex")) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      String source = null;
      StringBuilder hex = new StringBuilder();
      for (String line : text.split("\n")) {
        if (line.startsWith("# source: ")) {
          source = line.substring("# source: ".length()).trim();
        } else if (!line.startsWith("#")) {
          hex.append(line.trim());
        }
      }
      if (source == null) {
        throw new IllegalStateException(id + ".hex has no # source: line");
      }
      JsonNode v = e.getValue();
      out.add(
          new Vector(
              family,
              id,
              source,
              v.path("protocol").asText(),
              v.path("checksum_valid").asBoolean(true),
              HexFormat.of().parseHex(hex),
              v.get("expected")));
    }
    return out;
  }

  private static InputStream resource(String path) {
    InputStream in = FamilyVectors.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + path);
    }
    return in;
  }
}
