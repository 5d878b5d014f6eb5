package org.chargebay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository's files as the tests see them, and the YAML reading they share. */
final class Repo {
  static final ObjectMapper YAML = new YAMLMapper();

  private Repo() {}

  /** The repository root: the nearest folder above the working directory holding mvnw and k8s/. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    for (Path d = p; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("k8s"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root (mvnw and k8s/) above " + p);
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  /** Every non-empty YAML document of the file, in order. */
  static List<JsonNode> readAll(Path file) {
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The file's single YAML document, which must be a mapping. */
  static ObjectNode readObject(Path file) {
    List<JsonNode> docs = readAll(file);
    if (docs.size() != 1 || !docs.get(0).isObject()) {
      throw new IllegalArgumentException(
          file + ": expected one YAML mapping, found " + docs.size() + " document(s)");
    }
    return (ObjectNode) docs.get(0);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
