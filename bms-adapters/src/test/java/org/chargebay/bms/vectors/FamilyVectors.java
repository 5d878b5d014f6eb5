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
 * vector (comment lines with the {@code # source:}, then the response hex) and the fixture's {@code
 * expected} objects in {@code expected.json}, copied from the shared vectors.
 */
public final class FamilyVectors {

  /**
   * One captured frame.
   *
   * @param checksumValid false for frames the fixture marks {@code checksum_valid: false}
   */
  public record Vector(
      String family,
      String id,
      String source,
      String protocol,
      boolean checksumValid,
      byte[] frame,
      JsonNode expected) {
    @Override
    public byte[] frame() {
      return frame.clone();
    }

    @Override
    public String toString() {
      return id;
    }
  }

  /**
   * A frame derived from a captured one (a field changed, the checksum recomputed) to reproduce a
   * reply the fixtures hold no capture of; its {@code # source:} line names the original and the
   * change.
   *
   * @param source the {@code # source:} line
   */
  public record Derived(String family, String name, String source, byte[] frame) {
    @Override
    public byte[] frame() {
      return frame.clone();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private FamilyVectors() {}

  /** The one vector {@code id} of {@code family}. */
  public static Vector get(String family, String id) {
    return of(family).stream()
        .filter(v -> v.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no vector " + id + " in " + family));
  }

  /**
   * The derived frame {@code frames/<family>/<name>.hex}: a fixture file outside {@code
   * expected.json}, so {@link #of} does not list it.
   */
  public static Derived derived(String family, String name) {
    HexFile file = read("/frames/" + family + "/" + name + ".hex");
    return new Derived(family, name, file.source(), file.frame());
  }

  private record HexFile(String source, byte[] frame) {}

  private static HexFile read(String path) {
    String text;
    try (InputStream in = resource(path)) {
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
      throw new IllegalStateException(path + " has no # source: line");
    }
    return new HexFile(source, HexFormat.of().parseHex(hex));
  }

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
      HexFile file = read(dir + id + ".hex");
      JsonNode v = e.getValue();
      out.add(
          new Vector(
              family,
              id,
              file.source(),
              v.path("protocol").asText(),
              v.path("checksum_valid").asBoolean(true),
              file.frame(),
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
