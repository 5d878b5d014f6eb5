package org.chargebay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 {@code add}, {@code replace} and {@code remove} on a Jackson tree, in place. */
final class JsonPatch {
  private JsonPatch() {}

  static void apply(ObjectNode doc, ArrayNode ops, Path file) {
    for (JsonNode op : ops) {
      String kind = op.path("op").asText();
      String path = op.path("path").asText();
      KustomizeRenderer.require(
          file, path.startsWith("/"), "JSON patch path '" + path + "' must start with /");
      List<String> tokens = tokens(path);
      String last = tokens.get(tokens.size() - 1);
      JsonNode parent = doc;
      for (String t : tokens.subList(0, tokens.size() - 1)) {
        parent =
            parent.isArray()
                ? parent.path(index(t, parent.size() - 1, file, path))
                : parent.path(t);
        KustomizeRenderer.require(
            file, parent.isContainerNode(), "JSON patch path " + path + " does not exist");
      }
      switch (kind) {
        case "add" -> {
          KustomizeRenderer.require(file, op.has("value"), "add " + path + " has no value");
          if (parent.isArray()) {
            ArrayNode a = (ArrayNode) parent;
            a.insert(
                last.equals("-") ? a.size() : index(last, a.size(), file, path),
                op.get("value").deepCopy());
          } else {
            ((ObjectNode) parent).set(last, op.get("value").deepCopy());
          }
        }
        case "replace" -> {
          KustomizeRenderer.require(file, op.has("value"), "replace " + path + " has no value");
          if (parent.isArray()) {
            ((ArrayNode) parent)
                .set(index(last, parent.size() - 1, file, path), op.get("value").deepCopy());
          } else {
            KustomizeRenderer.require(
                file, parent.has(last), "replace " + path + ": nothing there");
            ((ObjectNode) parent).set(last, op.get("value").deepCopy());
          }
        }
        case "remove" -> {
          if (parent.isArray()) {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1, file, path));
          } else {
            KustomizeRenderer.require(file, parent.has(last), "remove " + path + ": nothing there");
            ((ObjectNode) parent).remove(last);
          }
        }
        default ->
            throw new IllegalArgumentException(
                file + ": JSON patch op '" + kind + "' is not supported (add, replace, remove)");
      }
    }
  }

  private static List<String> tokens(String pointer) {
    List<String> out = new ArrayList<>();
    for (String t : pointer.substring(1).split("/", -1)) {
      out.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static int index(String token, int max, Path file, String path) {
    KustomizeRenderer.require(
        file,
        token.matches("0|[1-9][0-9]*"),
        "JSON patch path " + path + ": '" + token + "' is not a list index");
    int i = Integer.parseInt(token);
    KustomizeRenderer.require(
        file, i <= max, "JSON patch path " + path + ": index " + i + " is past the list's end");
    return i;
  }
}
